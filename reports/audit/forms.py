"""The audit log's search form: text, kind, object type, operator, address and a date range."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tasks.audit.models import AuditEvent


class AuditSearchForm(forms.Form):
    q = forms.CharField(label=_("关键词"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("类型"), required=False, choices=[("", _("全部")), *AuditEvent.Kind.choices])
    actor = forms.CharField(label=_("操作人账号"), required=False, max_length=150)
    object_type = forms.CharField(label=_("对象类型"), required=False, max_length=100)
    address = forms.CharField(label=_("来源地址"), required=False, max_length=45)
    date_from = forms.DateField(label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("结束日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("结束日期不能早于起始日期。"))
        return data

    def filters(self) -> dict:
        """The cleaned filters with the dates as aware datetimes: {"q", "kind", …, "since", "until"}."""
        data = self.cleaned_data
        out = {k: data.get(k) or "" for k in ("q", "kind", "actor", "object_type", "address")}
        out["since"] = _day_start(data.get("date_from"))
        out["until"] = _day_start(data["date_to"] + dt.timedelta(days=1)) if data.get("date_to") else None
        return out


def _day_start(day: dt.date | None):
    return None if day is None else timezone.make_aware(dt.datetime.combine(day, dt.time.min))
