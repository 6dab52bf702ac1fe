"""Root URLs. Each app mounts its own pages; the API lives under /api/v1/."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

admin.site.site_header = "灵丘县生态文明建设规划管理平台"
admin.site.site_title = "规划管理平台"
admin.site.index_title = "后台管理"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("entry/", include("indicators.urls")),
    path("scoring/", include("indicators.scoring.urls")),
    path("dashboard/", include("reports.dashboard_urls")),
    path("reports/", include("reports.assessment_urls")),
    path("api/v1/", include("lingqiu_portal.api_urls")),
    path("", include("reports.urls")),
]
