"""The 终期评估报告 (Word). Mounted at /reports/final/."""

from django.urls import path

from reports.final_report import views

app_name = "final_report"
urlpatterns = [path("report.docx", views.download, name="download")]
