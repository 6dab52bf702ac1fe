"""API tokens (django-rest-knox): issued by POST /api/v1/auth/token/, sent as ``Authorization: Token <token>``.

Only a SHA-512 digest and the first 15 characters are stored (knox), never the token itself. A token expires
``REST_KNOX["TOKEN_TTL"]`` after it was issued (``API_TOKEN_TTL_HOURS``, default 10); its owner revokes it
(logout) or all of theirs (logout-all); changing the password (``PasswordChangeRecorder``) or deactivating the
account (``_revoke_on_deactivation``) revokes every token of the account.
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_save
from django.utils import timezone
from knox.auth import TokenAuthentication
from knox.models import AuthToken


def token_issue(*, user) -> tuple[str, AuthToken]:
    """A new token for ``user``: (the token to hand out once, its row with ``expiry``). Purges the user's
    expired tokens first."""
    AuthToken.objects.filter(user=user, expiry__lt=timezone.now()).delete()
    instance, token = AuthToken.objects.create(user=user)
    return token, instance


def token_revoke(*, token: AuthToken) -> None:
    token.delete()


def tokens_revoke_all(*, user) -> int:
    """Revoke every token of ``user``; returns how many there were."""
    deleted, _ = AuthToken.objects.filter(user=user).delete()
    return deleted


class PortalTokenAuthentication(TokenAuthentication):
    """knox's TokenAuthentication in one query per request (token + user, joined).

    knox also scans all the user's other tokens on every request to delete the expired ones; here an expired
    token is refused (and deleted) when used, and the others are purged when the user is issued a new one.
    """

    def _cleanup_token(self, auth_token) -> bool:
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            auth_token.delete()
            return True
        return False


def _revoke_on_deactivation(sender, instance, **kwargs):
    if not instance.is_active:
        tokens_revoke_all(user=instance)


def connect() -> None:
    """Connect the receivers (``ResponsibilitiesConfig.ready``)."""
    post_save.connect(_revoke_on_deactivation, sender=get_user_model(), dispatch_uid="lingqiu.tokens.deactivation")
