"""Forms of the 督办 pages: issuing an order (督查员) and one step on an order (the lead department or a
supervisor). Files are checked like 佐证材料 (``indicators.entry.forms.EvidenceField``)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from indicators.entry.forms import EvidenceField
from indicators.models import Indicator, OrderSeverity, OrderSource
from responsibilities.models import Department
from tasks.models import PlanTask


class DateInput(forms.DateInput):
    input_type = "date"


class OrderIssueForm(forms.Form):
    source = forms.ChoiceField(label=_("来源"), choices=OrderSource.choices)
    source_reference = forms.CharField(label=_("来源文件"), max_length=200, required=False)
    inspection_item = forms.CharField(label=_("问题编号"), max_length=30, required=False)
    title = forms.CharField(label=_("督办事项"), max_length=200)
    problem = forms.CharField(label=_("存在问题"), widget=forms.Textarea(attrs={"rows": 3}))
    requirement = forms.CharField(label=_("整改要求"), widget=forms.Textarea(attrs={"rows": 3}))
    task = forms.ModelChoiceField(label=_("规划任务"), queryset=PlanTask.objects.order_by("number"), required=False)
    indicator = forms.ModelChoiceField(label=_("指标"), queryset=Indicator.objects.order_by("code"), required=False)
    lead_department = forms.ModelChoiceField(label=_("牵头单位"), queryset=Department.objects.filter(is_active=True))
    support_departments = forms.ModelMultipleChoiceField(
        label=_("配合单位"), queryset=Department.objects.filter(is_active=True), required=False
    )
    severity = forms.ChoiceField(label=_("督办等级"), choices=OrderSeverity.choices, initial=OrderSeverity.NORMAL)
    deadline = forms.DateField(label=_("整改期限"), widget=DateInput)
    acknowledge_due = forms.DateField(
        label=_("签收期限"), widget=DateInput, required=False, help_text=_("不填则为下达后3个工作日")
    )
    files = EvidenceField(label=_("附件"))


STEP_CHOICES = [
    ("acknowledge", _("签收")),
    ("progress", _("报送整改进展")),
    ("request_closure", _("申请销号")),
    ("close", _("销号")),
    ("return", _("退回整改")),
    ("extension_request", _("申请延期")),
    ("extension_grant", _("批准延期")),
    ("extension_refuse", _("不予延期")),
]


class OrderStepForm(forms.Form):
    """One step; which fields count depends on ``action`` (the service says what is missing)."""

    action = forms.ChoiceField(choices=STEP_CHOICES, widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1)
    text = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    percent = forms.IntegerField(label=_("整改进度（%）"), required=False, min_value=0, max_value=100)
    measures = forms.CharField(label=_("整改措施"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    responsible_person = forms.CharField(label=_("责任人"), required=False, max_length=100)
    timeline = forms.CharField(label=_("整改时限安排"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(label=_("理由"), required=False, max_length=2000)
    deadline = forms.DateField(label=_("整改期限"), required=False, widget=DateInput)
    files = EvidenceField(label=_("佐证材料"))
