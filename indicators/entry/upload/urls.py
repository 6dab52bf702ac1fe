"""URLs of the Excel template and upload, included into the /entry/ URLs (namespace "entry")."""

from django.urls import path

from indicators.entry.upload import views as upload_views

urlpatterns = [
    path(
        "<slug:department_code>/<int:year>/<int:quarter>/template.xlsx",
        upload_views.template_download,
        name="upload_template",
    ),
    path("<slug:department_code>/<int:year>/<int:quarter>/upload/", upload_views.upload, name="upload"),
    path(
        "<slug:department_code>/<int:year>/<int:quarter>/upload/confirm/", upload_views.confirm, name="upload_confirm"
    ),
]
