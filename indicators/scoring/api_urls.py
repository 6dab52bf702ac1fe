"""Scoring API: POST /api/v1/scoring/preview/ (试算). Included by lingqiu_portal.api_urls."""

from django.urls import path

from indicators.scoring.api import ScoringPreviewView

urlpatterns = [
    path("preview/", ScoringPreviewView.as_view(), name="api-scoring-preview"),
]
