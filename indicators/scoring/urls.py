"""Scoring pages: 试算 (what-if) and the notification list. Mounted at /scoring/."""

from django.urls import path

from indicators.notifications import views as notification_views
from indicators.scoring import views

app_name = "scoring"
urlpatterns = [
    path("preview/", views.preview, name="preview"),
    path("notifications/", notification_views.notifications, name="notifications"),
    path("notifications/read/", notification_views.notifications_read, name="notifications_read"),
    path("notifications/unread/", notification_views.notifications_unread, name="notifications_unread"),
]
