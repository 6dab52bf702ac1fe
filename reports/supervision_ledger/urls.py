"""整改台账. Mounted at /reports/supervision-ledger/ (namespace "supervision_ledger")."""

from django.urls import path

from reports.supervision_ledger import views

app_name = "supervision_ledger"
urlpatterns = [
    path("", views.ledger, name="index"),
    path("ledger.xlsx", views.ledger_xlsx, name="xlsx"),
]
