"""Root URLs. Each app mounts its own pages; the API lives under /api/v1/."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from lingqiu_portal import admin_index
from lingqiu_portal.health import health

admin_index.install()
admin.site.site_header = _("灵丘县生态文明建设规划管理平台")
admin.site.site_title = _("规划管理平台")
admin.site.index_title = _("后台管理")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("responsibilities.accounts.urls")),
    path("health/", health, name="health"),
    path("entry/", include("indicators.entry.urls")),
    path("scoring/", include("indicators.scoring.urls")),
    path("supervision/", include("indicators.supervision.urls")),
    path("dashboard/", include("reports.dashboard.urls")),
    path("reports/ledger/", include("reports.ledger.urls")),
    path("reports/final/", include("reports.final_report.urls")),
    path("reports/supervision-ledger/", include("reports.supervision_ledger.urls")),
    path("public/", include("reports.publication.urls")),
    path("reports/", include("reports.assessment.urls")),
    path("audit/", include("reports.audit.urls")),
    path("api/v1/", include("lingqiu_portal.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI from drf-spectacular-sidecar's static files; the split view serves its init script
    # from /api/docs/?script, so the page needs no inline <script> (CSP script-src 'self').
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("reports.urls")),
]
