"""In-app notices (通知) to users."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """An in-app message (reminder of a due or overdue submission, a returned value …)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="notifications", verbose_name=_("收件人")
    )
    text = models.CharField(_("内容"), max_length=300)
    link = models.CharField(_("链接"), max_length=200, blank=True)
    key = models.CharField(_("去重键"), max_length=100, help_text=_("同一提醒只发送一次"))
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_unique_key")]

    def __str__(self):
        return self.text


class EmailDelivery(models.Model):
    """The e-mail of one notification (one per notification, so one per (reminder, recipient)): written in the
    transaction that creates the notification, sent after the commit from these rows and marked ``sent_at``.

    A sender claims rows first (``claim`` token and ``claimed_at``, one conditional UPDATE), so two racing
    senders never send the same row; a claim older than ``indicators.notifications.services.CLAIM_STALE``
    (a sender that died) is taken over by the sweep, which also sends rows whose sender never started.
    """

    notification = models.OneToOneField(
        Notification, models.CASCADE, related_name="email_delivery", verbose_name=_("通知")
    )
    subject = models.CharField(_("邮件主题"), max_length=200)
    body = models.TextField(_("邮件正文"), blank=True, help_text=_("为空时使用通知内容"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    claim = models.CharField(_("发送批次"), max_length=32, blank=True)
    claimed_at = models.DateTimeField(_("领取时间"), null=True, blank=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("发送次数"), default=0)

    class Meta:
        verbose_name = _("通知邮件")
        verbose_name_plural = _("通知邮件")
        ordering = ["pk"]

    def __str__(self):
        return self.subject
