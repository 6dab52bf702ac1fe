"""TOTP devices (django-otp) of one user: the one being set up, the confirmed one, confirming, removing."""

import base64

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "authenticator"


def device_confirmed(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def device_unconfirmed(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).first()


def device_pending(user) -> TOTPDevice:
    """The user's unconfirmed device, created with a new random key when there is none."""
    return device_unconfirmed(user) or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


@transaction.atomic
def device_confirm(*, device: TOTPDevice, token: str) -> bool:
    """Confirm ``device`` with its first code; False (and the device stays unconfirmed) when the code is wrong."""
    if not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


def devices_delete(user) -> None:
    TOTPDevice.objects.filter(user=user).delete()


def key_base32(device: TOTPDevice) -> str:
    """The device's key as authenticator apps accept it typed in (base32, groups of four)."""
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))
