"""The audit log's pages. Mounted at /audit/."""

from django.urls import path

from reports.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.index, name="index"),
    path("export.xlsx", views.export, name="export"),
]
