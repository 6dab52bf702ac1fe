"""Matrix entries of one's own account pages (/accounts/…), the token revocation endpoints and /health/.

Everyone logged in manages their own password and two-factor authentication; anonymous visitors are sent to
the login page. The health endpoint is open (monitors have no login) and reveals no data.
"""

from django.conf import settings
from django.urls import reverse

from tests.permission_matrix import LOGIN, Case

SIGNED_IN = {"staff_own": 200, "staff_other": 200, "supervisor": 200, "leader": 200}

# /health/ answers everyone alike, never a login redirect or a 403. Whether that answer is 200 or 503 is the
# services' state, not a permission: with a broker configured (CI) no Celery worker runs during the matrix, so
# the worker check fails; in eager mode it reads "eager" and passes (tests/lingqiu_portal/test_health.py covers both).
_HEALTH = 503 if settings.CELERY_BROKER_URL else 200


def _url(name):
    return lambda ctx, scope: reverse(name)


CASES = [
    Case(
        id="password-change",
        url_name="accounts:password_change",
        url=_url("accounts:password_change"),
        expect={"anonymous": LOGIN, **SIGNED_IN},
    ),
    Case(
        id="otp-setup",
        url_name="accounts:otp_setup",
        url=_url("accounts:otp_setup"),
        expect={"anonymous": LOGIN, **SIGNED_IN},
    ),
    Case(
        id="otp-qr", url_name="accounts:otp_qr", url=_url("accounts:otp_qr"), expect={"anonymous": LOGIN, **SIGNED_IN}
    ),
    # Without a device the verify page sends one to the setup page.
    Case(
        id="otp-verify",
        url_name="accounts:otp_verify",
        url=_url("accounts:otp_verify"),
        expect={"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, 302)},
    ),
    Case(
        id="otp-disable",
        url_name="accounts:otp_disable",
        url=_url("accounts:otp_disable"),
        method="post",
        expect={"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, 302)},
    ),
    # A browser session holds no token to revoke (400); all of one's tokens can be revoked by anyone signed in.
    Case(
        id="api-token-logout",
        url_name="api-token-logout",
        url=_url("api-token-logout"),
        method="post",
        expect={"anonymous": 401, **dict.fromkeys(SIGNED_IN, 400)},
    ),
    Case(
        id="api-token-logout-all",
        url_name="api-token-logout-all",
        url=_url("api-token-logout-all"),
        method="post",
        expect={"anonymous": 401, **SIGNED_IN},
    ),
    Case(
        id="health",
        url_name="health",
        url=_url("health"),
        expect={actor: _HEALTH for actor in ("anonymous", *SIGNED_IN)},
    ),
]
