"""Forms of the entry and review pages: reading what people type, never deciding the workflow.

Figures are read with ``indicators.catalogue.parsing.value_parse`` (full-width digits, thousands separators,
a trailing % on percent indicators); the limits and the workflow rules live in ``services``, whose
ValidationError (keyed by indicator or milestone code) is put back onto the matching field here.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.catalogue.parsing import ValueParseError, plain_number, value_parse
from indicators.catalogue.validation import value_check
from indicators.entry.evidence import ALLOWED_DESCRIPTION, evidence_check
from indicators.entry.selectors import EntryFormData, is_final_default
from indicators.entry.services import MilestoneEntry, ValueEntry
from indicators.models import MilestoneReport, ReviewStatus
from tasks.common.text import foreign_digit_message, text_fold

FINAL_CHOICES = [("0", gettext_lazy("初步")), ("1", gettext_lazy("正式"))]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Zero or more evidence files, each checked by content and size (``evidence.evidence_check``)."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", format_lazy("{}{}", gettext_lazy("可上传:"), ALLOWED_DESCRIPTION))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        cleaned = [super(EvidenceField, self).clean(f, initial) for f in files if f]
        errors = []
        for file in cleaned:
            try:
                evidence_check(file)
            except ValidationError as exc:
                errors += exc.messages
        if errors:
            raise ValidationError(errors)
        return cleaned


class DigitsDecimalFormField(forms.DecimalField):
    """A DecimalField reading ASCII and full-width digits only (Django's, through ``Decimal``, reads ``٩٧.٥`` as
    97.5); a digit of another script is refused with a Chinese message on the field (issue 11)."""

    def to_python(self, value):
        message = foreign_digit_message(value)
        if message:
            raise ValidationError(message, code="invalid")
        if isinstance(value, str):
            value = text_fold(value)
        return super().to_python(value)


class ValueForm(forms.Form):
    """One indicator's figure: value as typed, 初步/正式, note (说明), evidence files."""

    value = forms.CharField(label=gettext_lazy("数值"), required=False, max_length=40)
    is_final = forms.ChoiceField(
        label=gettext_lazy("数据类型"), choices=FINAL_CHOICES, widget=forms.RadioSelect, required=False
    )
    note = forms.CharField(
        label=gettext_lazy("备注"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence = EvidenceField(label=gettext_lazy("佐证材料"))

    def __init__(self, *args, row, **kwargs):
        self.row, self.indicator = row, row.indicator
        current = row.current
        initial = {"is_final": "1" if is_final_default(self.indicator, row.provisional, row.final) else "0"}
        if current is not None and row.mode != "final_only":  # final_only: the approved 初步 stays; a 正式 follows
            initial |= {"value": "" if current.value is None else plain_number(current.value), "note": current.note}
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["is_final"].disabled = row.mode == "final_only"
        self.fields["value"].widget.attrs.update({"inputmode": "decimal", "aria-label": self.indicator.name})

    def clean_value(self):
        try:
            return value_parse(self.cleaned_data["value"], indicator=self.indicator)
        except ValueParseError as exc:
            raise ValidationError(f"{self.indicator.name}:{exc.message}") from None

    def entry(self) -> ValueEntry:
        data = self.cleaned_data
        is_final = (data["is_final"] or self.initial["is_final"]) == "1"  # a missing choice keeps the shown one
        return ValueEntry(self.indicator.pk, data["value"], is_final, data["note"].strip(), tuple(data["evidence"]))


class MilestoneForm(forms.Form):
    """One milestone's progress: state (未启动/推进中/已完成), percent done, description, evidence."""

    state = forms.ChoiceField(
        label=gettext_lazy("进展"),
        required=False,
        choices=[("", gettext_lazy("—请选择—")), *MilestoneReport.State.choices],
    )
    percent_done = DigitsDecimalFormField(
        label=gettext_lazy("完成比例(%)"), required=False, min_value=0, max_value=100, decimal_places=2
    )
    description = forms.CharField(
        label=gettext_lazy("进展说明"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence = EvidenceField(label=gettext_lazy("佐证材料"))

    def __init__(self, *args, row, **kwargs):
        self.row, self.milestone = row, row.milestone
        source = row.report or row.previous  # a new quarter starts from the last report
        initial = {}
        if source is not None:
            percent = None if source.percent_done is None else plain_number(source.percent_done)
            initial = {"state": source.state, "percent_done": percent, "description": source.description}
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["state"].widget.attrs["aria-label"] = self.milestone.title

    def entry(self) -> MilestoneEntry | None:
        data = self.cleaned_data
        if not data["state"]:
            return None
        return MilestoneEntry(
            self.milestone.pk, data["state"], data["percent_done"], data["description"].strip(), tuple(data["evidence"])
        )


class EntryHeaderForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    action = forms.ChoiceField(
        choices=[("save", gettext_lazy("保存草稿")), ("submit", gettext_lazy("提交"))], initial="save"
    )


class EntryForm:
    """The whole entry page: one ValueForm per editable indicator, one MilestoneForm per editable
    milestone, and the hidden version. ``value_items``/``milestone_items`` pair each row with its form
    (None when the row is locked)."""

    def __init__(self, data=None, files=None, *, form_data: EntryFormData):
        self.form_data = form_data
        self.header = EntryHeaderForm(data, initial={"version": form_data.version, "action": "save"})
        self.value_items = [
            (row, None if row.mode == "locked" else ValueForm(data, files, row=row, prefix=f"v{row.indicator.pk}"))
            for row in form_data.value_rows
        ]
        self.milestone_items = [
            (row, None if row.locked else MilestoneForm(data, files, row=row, prefix=f"m{row.milestone.pk}"))
            for row in form_data.milestone_rows
        ]
        self.general_errors: list[str] = []

    @property
    def forms(self):
        return [form for _, form in self.value_items + self.milestone_items if form is not None]

    def is_valid(self) -> bool:
        valid = all([self.header.is_valid(), *[form.is_valid() for form in self.forms]])
        self._warnings = self._warnings_compute()  # before service errors take cleaned values away
        return valid

    @property
    def submitting(self) -> bool:
        return self.header.cleaned_data.get("action") == "submit"

    @property
    def expected_version(self) -> int:
        return self.header.cleaned_data["version"]

    def value_entries(self) -> list[ValueEntry]:
        return [form.entry() for _, form in self.value_items if form is not None]

    def milestone_entries(self) -> list[MilestoneEntry]:
        entries = [form.entry() for _, form in self.milestone_items if form is not None]
        return [entry for entry in entries if entry is not None]

    def add_service_errors(self, error: ValidationError) -> None:
        """Put a service's ValidationError ({indicator/milestone code: messages}) on the matching fields."""
        by_code = {form.indicator.code: (form, "value") for _, form in self.value_items if form}
        by_code |= {form.milestone.code: (form, "state") for _, form in self.milestone_items if form}
        if not hasattr(error, "error_dict"):
            self.general_errors += error.messages
            return
        for code, messages in error.message_dict.items():
            form, field = by_code.get(code, (None, None))
            if form is None:
                self.general_errors += [f"{code}:{m}" for m in messages]
            else:
                form.add_error(field if field in form.fields else None, messages)

    def version_reset(self, current: int) -> None:
        """After a stale save: keep everything typed, but let the next save go against ``current``."""
        data = self.header.data.copy()
        data["version"] = str(current)
        self.header = EntryHeaderForm(data)
        self.header.is_valid()

    @property
    def has_errors(self) -> bool:
        return bool(self.general_errors) or any(form.errors for form in [self.header, *self.forms] if form.is_bound)

    def warnings(self) -> dict[int, list[str]]:
        """Soft-check warnings per indicator id, for the figure as typed (bound) or as stored."""
        if not hasattr(self, "_warnings"):
            self._warnings = self._warnings_compute()
        return self._warnings

    def _warnings_compute(self) -> dict[int, list[str]]:
        """As typed when bound; else the stored figure unless it is approved (nothing left to explain)."""
        result = {}
        for row, form in self.value_items:
            current = row.current
            if form is not None and form.is_bound:
                value = form.cleaned_data.get("value") if hasattr(form, "cleaned_data") else None
            else:
                value = current.value if current is not None and current.status != ReviewStatus.APPROVED else None
            if value is None:
                continue
            last = row.last_approved.value if row.last_approved else None
            result[row.indicator.pk] = value_check(indicator=row.indicator, value=value, last_approved=last).warnings
        return result


class WithdrawForm(forms.Form):
    """Staff take their submitted form back (撤回修改); ``version`` is the version the page showed."""

    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ReviewForm(forms.Form):
    """A supervisor's decision on one item or a whole form; a reason is required to return or reopen."""

    action = forms.ChoiceField(
        choices=[
            ("approve", gettext_lazy("通过")),
            ("return", gettext_lazy("退回")),
            ("reopen", gettext_lazy("重新打开")),
        ]
    )
    reason = forms.CharField(label=gettext_lazy("理由"), required=False, max_length=2000)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("action") in {"return", "reopen"} and not data.get("reason", "").strip():
            self.add_error("reason", _("退回或重新打开时必须填写理由。"))
        return data
