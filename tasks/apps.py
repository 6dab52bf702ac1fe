from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    """The plan itself: plan, the six systems (体系), the 23 plan tasks and their milestones."""

    name = "tasks"
    verbose_name = _("规划与任务")
