"""Admin of the plan structure, in Chinese, with filters by system and search by text."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from tasks.audit.models import AuditEvent
from tasks.models import EcoSystem, Milestone, Plan, PlanTask


class EcoSystemInline(admin.TabularInline):
    model = EcoSystem
    extra = 0
    fields = ("order", "code", "name", "aliases", "weight")


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("name", "state", "county", "period_start", "period_end", "base_year", "target_year")
    list_filter = ("state",)
    inlines = [EcoSystemInline]


class PlanTaskInline(admin.TabularInline):
    model = PlanTask
    extra = 0
    fields = ("number", "title", "weight")
    show_change_link = True


@admin.register(EcoSystem)
class EcoSystemAdmin(admin.ModelAdmin):
    list_display = ("order", "name", "code", "aliases", "weight", "plan")
    list_display_links = ("name",)
    list_filter = ("plan",)
    inlines = [PlanTaskInline]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ("code", "title", "due_date", "weight")


@admin.register(PlanTask)
class PlanTaskAdmin(SimpleHistoryAdmin):
    list_display = ("number", "title", "system", "weight")
    list_display_links = ("title",)
    list_filter = ("system",)
    search_fields = ("title", "text", "target_statement")
    inlines = [MilestoneInline]


@admin.register(Milestone)
class MilestoneAdmin(SimpleHistoryAdmin):
    list_display = ("code", "title", "task", "due_date", "weight")
    list_filter = ("task__system", "task")
    search_fields = ("code", "title", "source_sentence")
    list_select_related = ("task",)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit log in the admin: read-only for whoever may view it (the 审计员), never added to, changed or
    deleted by anyone — superusers included (the model and, on PostgreSQL, a trigger refuse it too)."""

    list_display = ("at", "kind", "actor_name", "address", "object_type", "object_repr", "detail")
    list_filter = ("kind", "object_type")
    search_fields = ("actor_name", "object_repr", "object_id", "detail", "path", "address")
    date_hierarchy = "at"
    readonly_fields = [f.name for f in AuditEvent._meta.fields]
    actions = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
