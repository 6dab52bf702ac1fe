"""督办 pages. Mounted at /supervision/ (namespace "supervision")."""

from django.urls import path

from indicators.supervision import upload_views, views

app_name = "supervision"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.issue, name="issue"),
    path("import/", upload_views.import_upload, name="import"),
    path("import/template.xlsx", upload_views.import_template, name="import_template"),
    path("import/confirm/", upload_views.import_confirm, name="import_confirm"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/step/", views.step, name="step"),
    path("attachment/<int:pk>/", views.attachment_download, name="attachment"),
]
