"""Scoring API: POST /api/v1/scoring/preview/ (试算). Included by lingqiu_portal.api_urls."""

urlpatterns = []
