"""The audit log's one model: ``AuditEvent`` (append-only)."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditQuerySet(models.QuerySet):
    """No bulk update or delete through the ORM (``audit_purge`` deletes rows past retention with raw SQL)."""

    def update(self, **kwargs):
        raise PermissionDenied(_("审计日志不能修改。"))

    def delete(self):
        raise PermissionDenied(_("审计日志不能删除。"))


class AuditEvent(models.Model):
    """One audited event. ``changes``: {field: [old, new]} (secrets shown as "***"); for a relation change
    {field: {"added": [ids], "removed": [ids]}}. ``actor`` keeps the user's id even after the user is deleted
    (no database constraint: audit rows are never updated); ``actor_name`` is the username at the time."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("登录")
        LOGIN_FAILED = "login_failed", _("登录失败")
        LOCKOUT = "lockout", _("账号锁定")
        LOGOUT = "logout", _("退出")
        ACCOUNT = "account", _("账号安全事件")  # token issued or revoked, password changed, two-factor
        CREATE = "create", _("新增")
        UPDATE = "update", _("修改")
        DELETE = "delete", _("删除")
        EXPORT = "export", _("导出")
        DOWNLOAD = "download", _("下载")

    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    actor_name = models.CharField(_("操作人账号"), max_length=150, blank=True, db_index=True)
    address = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    object_type = models.CharField(_("对象类型"), max_length=100, blank=True, db_index=True)
    object_id = models.CharField(_("对象ID"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    changes = models.JSONField(_("变更(原值 → 新值)"), default=dict, blank=True)
    detail = models.CharField(_("说明"), max_length=500, blank=True)
    path = models.CharField(_("请求地址"), max_length=300, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_name or '—'} {self.get_kind_display()} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise PermissionDenied(_("审计日志不能修改。"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied(_("审计日志不能删除。"))
