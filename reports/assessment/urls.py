"""Assessment report pages and downloads (考核报表). Mounted at /reports/."""

from django.urls import path

from reports.assessment import views

app_name = "assessment"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.job_create, name="job_create"),
    path("view/", views.report_page, name="page"),
    path("indicators.csv", views.indicators_csv_download, name="indicators_csv"),
    path("jobs/<int:pk>/", views.job_detail, name="job_detail"),
    path("jobs/<int:pk>/status/", views.job_status, name="job_status"),
    path("jobs/<int:pk>/download/", views.job_download, name="job_download"),
]
