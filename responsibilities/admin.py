"""Admin of departments, assignments and staff, with filters by kind, task, system and role."""

from django.contrib import admin
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from responsibilities.accounts import admin as accounts_admin
from responsibilities.models import Department, StaffProfile, TaskAssignment
from responsibilities.resources import TaskAssignmentResource

accounts_admin.register()


class AssignmentInline(admin.TabularInline):
    model = TaskAssignment
    extra = 0
    fields = ("task", "role", "basis")
    autocomplete_fields = ("task",)


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "short_name", "kind", "is_active")
    list_display_links = ("name",)
    list_filter = ("kind", "is_active")
    search_fields = ("code", "name", "short_name")
    inlines = [AssignmentInline]


@admin.register(TaskAssignment)
class TaskAssignmentAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [TaskAssignmentResource]
    list_display = ("task", "department", "role", "basis")
    list_filter = ("role", "task__system", "department__kind", "department")
    search_fields = ("task__title", "department__name", "basis")
    autocomplete_fields = ("task", "department")
    list_select_related = ("task", "department")


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "department", "phone")
    list_filter = ("department__kind", "department")
    search_fields = ("user__username", "user__first_name", "department__name")
    autocomplete_fields = ("department",)
    list_select_related = ("user", "department")
