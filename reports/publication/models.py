"""The 公示 switch: whether the public progress page (/public/) is published. Off by default; an
administrator switches it on in the admin (后台管理 › 公示设置). Imported by ``reports.models``."""

from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _

SWITCH_CACHE_KEY = "publication:enabled"  # the page's view keeps the switch here a few seconds


class Publication(models.Model):
    """One row (pk 1): ``enabled`` publishes the page; no row, or ``enabled`` false, answers 404."""

    enabled = models.BooleanField(
        _("公开公示页面"),
        default=False,
        help_text=_(
            "开启后，任何人无需登录即可查看规划进展公示页面（/public/）；页面不含备注、佐证材料、部门排名和未审核数据。"
        ),
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("公示设置")
        verbose_name_plural = _("公示设置")

    def __str__(self):
        return str(_("公示已开启")) if self.enabled else str(_("公示已关闭"))

    def save(self, *args, **kwargs):
        self.pk = 1  # one switch for the portal
        super().save(*args, **kwargs)
        cache.delete(SWITCH_CACHE_KEY)  # this process sees the change at once (reports.publication.views)
