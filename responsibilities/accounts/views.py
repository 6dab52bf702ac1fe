"""Pages of one's own account: change the password, set up / enter / turn off two-factor authentication."""

import io

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from responsibilities.accounts import otp
from responsibilities.accounts.events import account_event_record
from responsibilities.accounts.forms import OTPTokenForm
from responsibilities.accounts.policy import (
    next_url,
    otp_required,
    password_change_required,
    session_pending,
    session_step_done,
)


@method_decorator(never_cache, name="dispatch")
class PasswordChangeView(auth_views.PasswordChangeView):
    """Choose a new password (the old one, the new one twice); required after an administrator set it and
    every ``PASSWORD_MAX_AGE_DAYS``. Django keeps this session and ends the account's other sessions; the
    account's API tokens are revoked (``PasswordChangeRecorder``)."""

    template_name = "registration/password_change.html"
    success_url = reverse_lazy("home")

    def get_context_data(self, **kwargs):
        pending = "password" in session_pending(self.request)
        reason = password_change_required(self.request.user) if pending else None
        return super().get_context_data(reason=reason, next=next_url(self.request), **kwargs)

    def form_valid(self, form):
        super().form_valid(form)  # saves, keeps this session (update_session_auth_hash)
        session_step_done(self.request, "password")
        account_event_record(kind="password_changed", request=self.request, user=self.request.user, detail="本人")
        messages.success(self.request, _("密码已修改。"))
        return redirect(next_url(self.request))


@login_required
@never_cache
def otp_setup(request):
    """Two-factor authentication: the QR code (and the key, for typing) of a new TOTP device and a form for
    its first code; once confirmed, the state and (where not required) a button to turn it off."""
    device = otp.device_confirmed(request.user)
    if device is not None:
        return render(request, "accounts/otp_status.html", {"required": otp_required(request.user)})
    device = otp.device_pending(request.user)
    form = OTPTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if otp.device_confirm(device=device, token=form.cleaned_data["token"]):
            otp_login(request, device)
            session_step_done(request, "otp_setup")
            session_step_done(request, "otp_verify")
            account_event_record(kind="otp_enabled", request=request, user=request.user)
            messages.success(request, _("双因素认证已启用。以后每次登录都需输入验证器中的动态码。"))
            return redirect(next_url(request))
        account_event_record(kind="otp_failed", request=request, user=request.user, detail="设置")
        form.add_error("token", _("动态码不正确,请核对手机时间后重新输入。"))
    context = {
        "form": form,
        "key": otp.key_base32(device),
        "required": otp_required(request.user),
        "pending": "otp_setup" in session_pending(request),
        "next": next_url(request),
    }
    return render(request, "accounts/otp_setup.html", context)


@login_required
@never_cache
def otp_qr(request):
    """The QR code of the user's TOTP device being set up, as SVG made here (no outside service). A confirmed
    device's key is never shown again: 404."""
    if otp.device_confirmed(request.user) is not None:
        raise Http404(_("双因素认证已启用,密钥不再显示。"))
    device = otp.device_pending(request.user)
    buffer = io.BytesIO()
    segno.make(device.config_url, error="m").save(buffer, kind="svg", scale=5, border=2)
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


@login_required
@never_cache
def otp_verify(request):
    """Enter the current code of one's authenticator after the password (required once a device exists)."""
    device = otp.device_confirmed(request.user)
    if device is None:
        return redirect("accounts:otp_setup")
    form = OTPTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            otp_login(request, device)
            session_step_done(request, "otp_verify")
            account_event_record(kind="otp_verified", request=request, user=request.user)
            return redirect(next_url(request))
        account_event_record(kind="otp_failed", request=request, user=request.user, detail="登录")
        form.add_error("token", _("动态码不正确或尝试过于频繁,请稍后重新输入。"))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": next_url(request)})


@login_required
@require_POST
def otp_disable(request):
    """Turn two-factor authentication off (not for administrators where it is required)."""
    if otp_required(request.user):
        messages.error(request, _("管理员必须使用双因素认证,不能停用。"))
        return redirect("accounts:otp_setup")
    if "otp_verify" in session_pending(request):
        return redirect("accounts:otp_verify")
    otp.devices_delete(request.user)
    account_event_record(kind="otp_disabled", request=request, user=request.user)
    messages.success(request, _("双因素认证已停用。"))
    return redirect("accounts:otp_setup")
