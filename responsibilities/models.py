"""Responsible departments (责任单位), their plan-task assignments and the user ↔ department link."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tasks.models import PlanTask


class Department(models.Model):
    """A responsible unit: a county department, a township, the development zone or a party organ."""

    class Kind(models.TextChoices):
        COUNTY_DEPARTMENT = "county_department", _("县直部门")
        TOWNSHIP = "township", _("乡镇")
        PARK = "park", _("园区")
        PARTY_ORGAN = "party_organ", _("党委部门")

    code = models.SlugField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("单位名称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=30)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    is_active = models.BooleanField(_("启用"), default=True)
    order = models.PositiveIntegerField(
        _("排序"), default=0, help_text=_("单位在各类名单中的先后：党委部门，再政府部门，再乡镇（规划文件中的 order）")
    )

    class Meta:
        verbose_name = _("责任单位")
        verbose_name_plural = _("责任单位")
        ordering = ["order", "code"]

    def __str__(self):
        return self.short_name or self.name


class TaskAssignment(models.Model):
    """PlanTask × Department with a role: 牵头 (lead) or 配合 (support), and the plan phrase it rests on."""

    class Role(models.TextChoices):
        LEAD = "lead", _("牵头单位")
        SUPPORT = "support", _("配合单位")

    task = models.ForeignKey(PlanTask, models.CASCADE, related_name="assignments", verbose_name=_("规划任务"))
    department = models.ForeignKey(Department, models.PROTECT, related_name="assignments", verbose_name=_("责任单位"))
    role = models.CharField(_("角色"), max_length=10, choices=Role.choices)
    basis = models.TextField(_("依据(规划原文)"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("任务分工")
        verbose_name_plural = _("任务分工")
        ordering = ["task__number", "role", "department__code"]
        constraints = [
            models.UniqueConstraint(fields=["task", "department"], name="assignment_unique_department"),
        ]

    def __str__(self):
        return f"{self.task.number} {self.department} ({self.get_role_display()})"


class StaffProfile(models.Model):
    """Links a user to the department whose figures they enter (填报员) — one department per user."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="staff_profile", verbose_name=_("用户")
    )
    department = models.ForeignKey(Department, models.PROTECT, related_name="staff", verbose_name=_("所属单位"))
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("人员单位")
        verbose_name_plural = _("人员单位")

    def __str__(self):
        return f"{self.user} → {self.department}"


class AccountState(models.Model):
    """When a user's password was last set and whether it must be changed at the next login.

    Written only by ``responsibilities.accounts.passwords.PasswordChangeRecorder`` (Django calls it whenever a
    password is saved). ``must_change_password``: the password was set by an administrator in the admin (a
    first-login password); cleared when the user sets their own. Passwords older than
    ``PASSWORD_MAX_AGE_DAYS`` must be changed too (身份鉴别: 定期更换).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="account_state", verbose_name=_("用户")
    )
    password_changed_at = models.DateTimeField(_("密码设置时间"))
    must_change_password = models.BooleanField(_("须修改密码"), default=False)

    class Meta:
        verbose_name = _("账号状态")
        verbose_name_plural = _("账号状态")

    def __str__(self):
        return str(self.user)
