"""/accounts/… pages of one's own account (login and logout are in the root URLs)."""

from django.urls import path

from responsibilities.accounts import views

app_name = "accounts"

urlpatterns = [
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("2fa/", views.otp_setup, name="otp_setup"),
    path("2fa/qr.svg", views.otp_qr, name="otp_qr"),
    path("2fa/verify/", views.otp_verify, name="otp_verify"),
    path("2fa/disable/", views.otp_disable, name="otp_disable"),
]
