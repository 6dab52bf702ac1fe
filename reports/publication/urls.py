"""The 公示 page. Mounted at /public/."""

from django.urls import path

from reports.publication import views

app_name = "publication"
urlpatterns = [path("", views.public_page, name="page")]
