"""Two-factor authentication (TOTP, django-otp): required of administrators where production requires it
(an administrator without a device cannot reach the admin), optional for everyone else; set up from a QR code
made by the portal itself; once set up, every login asks for the code."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from responsibilities.services import user_create
from tasks.common import roles
from tests.conftest import PASSWORD


def code(device) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def wait_out_the_throttle(user):
    """A wrong code delays the next try (django-otp's throttling): let that delay pass."""
    TOTPDevice.objects.filter(user=user).update(throttling_failure_timestamp=timezone.now() - timedelta(minutes=1))


def login(client, username):
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return response


@pytest.fixture
def required(settings):
    settings.OTP_REQUIRED_FOR_ADMINISTRATORS = True


@pytest.fixture
def system_admin(plan):
    return user_create(username="xitong", password=PASSWORD, role=roles.ADMIN)


@pytest.mark.parametrize("role", [roles.ADMIN, roles.SECURITY_ADMIN, roles.AUDITOR])
def test_an_administrator_without_totp_cannot_reach_the_admin(role, client, plan, required):
    user_create(username="boss", password=PASSWORD, role=role)
    login(client, "boss")
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:otp_setup"))
    assert client.get("/admin/auth/user/").status_code == 302
    assert client.get(reverse("home")).status_code == 302  # nothing else either until 2FA is set up


def test_the_admin_site_itself_refuses_an_unverified_administrator(client, system_admin, required):
    """Even without the session's pending step (e.g. a session from before the setting), the admin says no."""
    client.force_login(system_admin)
    session = client.session
    session["lq_pending"] = []
    session.save()
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))


def test_setting_up_totp_opens_the_admin(client, system_admin, required):
    login(client, "xitong")
    page = client.get(reverse("accounts:otp_setup"))
    assert page.status_code == 200 and "管理员账号必须启用双因素认证" in page.content.decode()
    qr = client.get(reverse("accounts:otp_qr"))
    assert qr.status_code == 200 and qr["Content-Type"] == "image/svg+xml"
    assert b"<svg" in qr.content and b"http" not in qr.content.replace(b"http://www.w3.org", b"")
    device = TOTPDevice.objects.get(user=system_admin, confirmed=False)
    assert client.post(reverse("accounts:otp_setup"), {"token": "000000"}).status_code == 200  # wrong code
    wait_out_the_throttle(system_admin)
    response = client.post(reverse("accounts:otp_setup"), {"token": code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_next_login_asks_for_the_code(client, system_admin, required):
    device = TOTPDevice.objects.create(user=system_admin, name="phone", confirmed=True)
    login(client, "xitong")
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:otp_verify"))
    assert client.post(reverse("accounts:otp_verify"), {"token": "123456"}).status_code == 200
    assert client.get(reverse("admin:index")).status_code == 302
    wait_out_the_throttle(system_admin)
    assert client.post(reverse("accounts:otp_verify"), {"token": code(device)}).status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_confirmed_key_is_never_shown_again(client_for, system_admin):
    TOTPDevice.objects.create(user=system_admin, name="phone", confirmed=True)
    client = client_for(system_admin)
    qr = client.get(reverse("accounts:otp_qr"))
    assert qr.status_code == 302 and qr["Location"].startswith(reverse("accounts:otp_verify"))  # code first
    session = client.session
    session["lq_pending"] = []  # as after entering the code
    session.save()
    assert client.get(reverse("accounts:otp_qr")).status_code == 404


def test_optional_for_department_staff_and_asked_once_enabled(client, staff_a, required):
    login(client, "staff_a")
    assert client.get(reverse("entry:submissions")).status_code == 200  # not required
    client.get(reverse("accounts:otp_setup"))
    device = TOTPDevice.objects.get(user=staff_a)
    client.post(reverse("accounts:otp_setup"), {"token": code(device)})
    client.post(reverse("logout"))
    login(client, "staff_a")
    response = client.get(reverse("entry:submissions"))
    assert response["Location"].startswith(reverse("accounts:otp_verify"))


def test_staff_may_turn_it_off_administrators_may_not(client_for, staff_a, system_admin, required):
    TOTPDevice.objects.create(user=staff_a, name="phone", confirmed=True)
    TOTPDevice.objects.create(user=system_admin, name="phone", confirmed=True)
    client_for(staff_a)  # a fresh login asks for the code first
    staff = client_for(staff_a)
    session = staff.session
    session["lq_pending"] = []
    session.save()
    staff.post(reverse("accounts:otp_disable"))
    assert not TOTPDevice.objects.filter(user=staff_a).exists()
    admin = client_for(system_admin)
    session = admin.session
    session["lq_pending"] = []
    session.save()
    admin.post(reverse("accounts:otp_disable"))
    assert TOTPDevice.objects.filter(user=system_admin).exists()


def test_not_required_outside_production(client, system_admin):
    login(client, "xitong")
    assert client.get(reverse("admin:index")).status_code == 200
