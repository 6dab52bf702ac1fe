"""Admin of indicators, periods, figures, scores and scoring rules — in Chinese, with the filters
a supervisor needs (by system, task, department, kind)."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from indicators.catalogue.yearly_targets import IndicatorAdminForm
from indicators.entry.admin_locks import EvidenceAdminMixin, ReviewedItemAdminMixin, SubmissionAdminMixin
from indicators.models import (
    AssessmentVeto,
    Evidence,
    Indicator,
    IndicatorValue,
    MilestoneReport,
    Notification,
    PublicFigure,
    ReportingPeriod,
    Score,
    ScoringConfig,
    Submission,
)
from indicators.scoring.services import scoring_config_save


class ScoreInline(admin.TabularInline):
    """Progress, expected progress (时序进度) and status of the indicator for each quarter with data."""

    model = Score
    fk_name = "indicator"
    extra = 0
    can_delete = False
    fields = ("period", "current_value", "progress_raw", "progress", "expected", "status", "forecast", "config_version")
    readonly_fields = fields
    ordering = ("period__year", "period__quarter")

    def has_add_permission(self, request, obj=None):
        return False


class PublicFigureInline(admin.TabularInline):
    model = PublicFigure
    extra = 0
    fields = ("name", "year", "value", "unit", "same_measure", "source", "note")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    form = IndicatorAdminForm
    list_display = (
        "code",
        "name",
        "task",
        "kind",
        "comparator",
        "target_value",
        "unit",
        "target_year",
        "binding",
        "reporting_department",
        "frequency",
    )
    list_display_links = ("name",)
    list_filter = ("task__system", "task", "reporting_department", "kind", "binding", "frequency")
    search_fields = ("code", "name", "source_sentence", "interpretation")
    list_select_related = ("task", "reporting_department")
    autocomplete_fields = ("task", "reporting_department")
    inlines = [PublicFigureInline, ScoreInline]
    fieldsets = (
        (None, {"fields": ("task", "code", "name", "unit", "reporting_department", "frequency", "weight")}),
        (
            _("目标"),
            {
                "fields": (
                    "kind",
                    "comparator",
                    "target_value",
                    "target_year",
                    "yearly_table",
                    "growth_unit",
                    "baseline_value",
                    "baseline_year",
                    "binding",
                    "accumulation",
                )
            },
        ),
        (_("填报校验"), {"fields": ("min_value", "max_value", "decimal_places", "change_warning_percent")}),
        (_("依据"), {"fields": ("source_sentence", "interpretation")}),
    )


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ("__str__", "year", "quarter", "opens_on", "due_on", "annual_due_on")
    list_filter = ("year",)
    list_editable = ("opens_on", "due_on", "annual_due_on")


@admin.register(PublicFigure)
class PublicFigureAdmin(admin.ModelAdmin):
    list_display = ("name", "year", "value", "unit", "indicator", "same_measure")
    list_filter = ("same_measure", "year")
    search_fields = ("name", "source", "note")


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0
    fields = ("indicator", "is_final", "value", "status", "note", "review_reason")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Submission)
class SubmissionAdmin(SubmissionAdminMixin, SimpleHistoryAdmin):
    list_display = ("department", "period", "status", "first_submitted_at", "returned_count", "is_demo")
    list_filter = ("status", "period__year", "department__kind", "department", "is_demo")
    search_fields = ("department__name",)
    list_select_related = ("department", "period")
    readonly_fields = ("version",)
    inlines = [IndicatorValueInline]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ReviewedItemAdminMixin, SimpleHistoryAdmin):
    list_display = ("indicator", "period", "value", "is_final", "status", "origin", "updated_at")
    list_filter = (
        "status",
        "is_final",
        "origin",
        "period__year",
        "indicator__task__system",
        "indicator__reporting_department",
    )
    search_fields = ("indicator__code", "indicator__name", "note")
    list_select_related = ("indicator", "period")
    readonly_fields = ("submission", "indicator", "period", "status", "reviewed_by", "reviewed_at")


@admin.register(MilestoneReport)
class MilestoneReportAdmin(ReviewedItemAdminMixin, SimpleHistoryAdmin):
    owner = "report"
    list_display = ("milestone", "period", "state", "percent_done", "status")
    list_filter = ("state", "status", "period__year", "milestone__task__system")
    search_fields = ("milestone__title", "description")
    list_select_related = ("milestone", "period")
    readonly_fields = ("submission", "milestone", "period", "status", "reviewed_by", "reviewed_at")


@admin.register(Evidence)
class EvidenceAdmin(EvidenceAdminMixin, admin.ModelAdmin):
    list_display = ("original_name", "content_type", "size", "uploaded_by", "uploaded_at")
    search_fields = ("original_name",)
    readonly_fields = ("file", "original_name", "content_type", "size", "uploaded_by", "value", "milestone_report")


class ScoringConfigForm(forms.ModelForm):
    """Lets a second row be ticked 当前启用: ``scoring_config_save`` retires the active one in the same
    transaction, so the "one active configuration" constraint is left to the database, not the form."""

    class Meta:
        model = ScoringConfig
        fields = "__all__"  # noqa: DJ007  every rule is edited here: a new rule field appears without a form change

    def _get_validation_exclusions(self):
        return super()._get_validation_exclusions() | {"is_active"}


@admin.register(ScoringConfig)
class ScoringConfigAdmin(SimpleHistoryAdmin):
    """Saving goes through ``scoring_config_save``: activating a version retires the active one, and saving
    the active (or just retired) version recomputes every plan after the commit (stored scores then carry
    its version). A service call, not a post_save signal: scripts and tests that write a ScoringConfig
    directly trigger nothing hidden, and the nightly recompute picks their change up."""

    form = ScoringConfigForm
    list_display = ("version", "is_active", "on_track_gap", "lagging_gap", "support_weight", "created_at")
    list_filter = ("is_active",)

    def save_model(self, request, obj, form, change):
        """A version stored scores carry is not rewritten: ``scoring_config_save`` then saves the edited
        rules as a new row (``obj`` becomes it) and the admin says so."""
        previous_pk, previous_version = obj.pk, form.initial.get("version")
        scoring_config_save(config=obj, user=request.user)
        if change and obj.pk != previous_pk:
            message = (
                _("规则已修改,已另存为版本 %(new)s 并启用;原版本 %(old)s 保留。")
                if obj.is_active
                else _("规则已修改,已另存为版本 %(new)s(未启用);原版本 %(old)s 保留。")
            )
            self.message_user(request, message % {"new": obj.version, "old": previous_version}, messages.WARNING)


@admin.register(AssessmentVeto)
class AssessmentVetoAdmin(admin.ModelAdmin):
    list_display = ("department", "year", "reason", "created_by", "created_at")
    list_filter = ("year", "reason", "department")
    autocomplete_fields = ("department",)


@admin.register(Score)
class ScoreAdmin(admin.ModelAdmin):
    list_display = (
        "level",
        "period",
        "indicator",
        "task",
        "system",
        "department",
        "progress",
        "expected",
        "status",
        "score",
        "config_version",
    )
    list_filter = ("level", "status", "period__year", "period", "task__system")
    list_select_related = ("period", "indicator", "task", "system", "department")
    search_fields = ("indicator__name", "task__title", "department__name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("user", "text", "created_at", "read_at")
    list_filter = ("read_at",)
    search_fields = ("text", "user__username")
