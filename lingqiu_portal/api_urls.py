"""REST API v1. Mounted at /api/v1/."""

from django.urls import include, path

urlpatterns = [
    path("scoring/", include("indicators.scoring.api_urls")),
]
