"""Leadership dashboard pages (进度看板). Mounted at /dashboard/."""

from django.urls import path

from reports.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("system/<int:system_id>/", views.system, name="system"),
    path("task/<int:number>/", views.task, name="task"),
    path("indicator/<int:indicator_id>/", views.indicator, name="indicator"),
    path("department/<slug:code>/", views.department, name="department"),
    path("ping/", views.ping, name="ping"),
]
