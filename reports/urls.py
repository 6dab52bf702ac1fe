"""Pages of the reports app: the landing page now; dashboard and assessment reports later."""

from django.urls import path

from reports.dashboard import views

urlpatterns = [
    path("", views.home, name="home"),
]
