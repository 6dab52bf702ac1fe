"""Admin of generated assessment reports: read-only records of who asked for which report and when."""

from django.contrib import admin

from reports.models import ReportJob


@admin.register(ReportJob)
class ReportJobAdmin(admin.ModelAdmin):
    list_display = ("id", "title", "status", "progress", "requested_by", "requested_at", "finished_at")
    list_filter = ("status", "scope", "period_kind", "department")
    search_fields = ("department__name", "requested_by__username", "error")
    date_hierarchy = "requested_at"
    list_select_related = ("plan", "department", "requested_by")
    readonly_fields = [field.name for field in ReportJob._meta.fields]

    def has_add_permission(self, request):
        return False  # reports are requested on /reports/, where the permission check and the job run


from reports.publication import admin as publication_admin  # noqa: E402, F401  registers the 公示 switch
