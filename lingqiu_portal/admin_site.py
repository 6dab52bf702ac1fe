"""The admin site: Django's, except that an administrator who must use two-factor authentication
(``OTP_REQUIRED_FOR_ADMINISTRATORS``, production) reaches it only after entering a TOTP code in this session.

The session policy (``responsibilities.accounts.policy``) already sends such a login to the 2FA pages first;
this is the second lock, on the admin itself, independent of the session's bookkeeping.
"""

from django.contrib import admin

from responsibilities.accounts.policy import otp_required


class PortalAdminSite(admin.AdminSite):
    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        user = request.user
        return not otp_required(user) or (hasattr(user, "is_verified") and user.is_verified())
