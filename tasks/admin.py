"""Admin of the plan structure, in Chinese, with filters by system and search by text."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from tasks.models import EcoSystem, Milestone, Plan, PlanTask


class EcoSystemInline(admin.TabularInline):
    model = EcoSystem
    extra = 0
    fields = ("order", "code", "name", "aliases", "weight")


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("name", "county", "period_start", "period_end", "base_year", "target_year")
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
