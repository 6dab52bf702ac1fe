"""Data entry and review pages (填报与审核). Mounted at /entry/."""

from django.urls import include, path

from indicators.entry import views

app_name = "entry"
urlpatterns = [
    path("", views.submissions, name="submissions"),
    path("review/", views.review_queue, name="review_queue"),
    path("indicator/<int:pk>/", views.indicator_detail, name="indicator"),
    path("value/<int:pk>/review/", views.value_review, name="value_review"),
    path("milestone-report/<int:pk>/review/", views.milestone_review, name="milestone_review"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("evidence/<int:pk>/delete/", views.evidence_delete, name="evidence_delete"),
    path("<slug:department_code>/<int:year>/<int:quarter>/", views.entry_form, name="form"),
    path("<slug:department_code>/<int:year>/<int:quarter>/review/", views.form_review, name="form_review"),
    path("<slug:department_code>/<int:year>/<int:quarter>/withdraw/", views.form_withdraw, name="form_withdraw"),
    path("", include("indicators.entry.upload.urls")),  # Excel template and upload
]
