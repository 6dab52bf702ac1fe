"""Import-export resources of the responsibilities app (Chinese column headers)."""

from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget

from responsibilities.models import Department, TaskAssignment
from tasks.models import PlanTask


class TaskAssignmentResource(resources.ModelResource):
    """任务分工 as a spreadsheet: 任务序号, 单位代码, 角色 (lead/support), 依据."""

    task = fields.Field("task", "任务序号", widget=ForeignKeyWidget(PlanTask, "number"))
    department = fields.Field("department", "单位代码", widget=ForeignKeyWidget(Department, "code"))
    role = fields.Field("role", "角色")
    basis = fields.Field("basis", "依据(规划原文)")

    class Meta:
        model = TaskAssignment
        fields = ("task", "department", "role", "basis")
        import_id_fields = ("task", "department")
