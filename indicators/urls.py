"""Data entry and review pages (填报与审核). Mounted at /entry/."""

from django.urls import include, path

app_name = "entry"
urlpatterns = [
    path("", include("indicators.upload_urls")),  # Excel template and upload
]
