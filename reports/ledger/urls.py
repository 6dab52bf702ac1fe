"""台账 pages. Mounted at /reports/ledger/."""

from django.urls import path

from reports.ledger import views

app_name = "ledger"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.job_create, name="job_create"),
    path("jobs/<int:pk>/", views.job_detail, name="job_detail"),
    path("jobs/<int:pk>/status/", views.job_status, name="job_status"),
    path("jobs/<int:pk>/download/", views.job_download, name="job_download"),
]
