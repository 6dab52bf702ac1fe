"""Scoring pages: 试算 (what-if) and the notification list. Mounted at /scoring/."""

app_name = "scoring"
urlpatterns = []
