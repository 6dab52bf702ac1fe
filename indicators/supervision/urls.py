"""督办 pages. Mounted at /supervision/ (namespace "supervision")."""

from django.urls import path

from indicators.supervision import views

app_name = "supervision"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.issue, name="issue"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/step/", views.step, name="step"),
    path("attachment/<int:pk>/", views.attachment_download, name="attachment"),
]
