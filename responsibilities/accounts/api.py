"""The token endpoints of the API: issue (POST /api/v1/auth/token/), revoke this one (logout/) or all of one's
tokens (logout-all/). The answer and header stay as before: ``{"token": "…"}``, ``Authorization: Token …``."""

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from responsibilities.accounts.events import account_event_record
from responsibilities.accounts.policy import password_change_required
from responsibilities.accounts.tokens import token_issue, token_revoke, tokens_revoke_all
from tasks.common.api import ErrorSerializer, PortalAPIMixin, PortalAutoSchema, api_exception_handler


class TokenAuthScheme(OpenApiAuthenticationExtension):
    """The schema's ``tokenAuth``: ``Authorization: Token <token>`` (knox, one query per request)."""

    target_class = "responsibilities.accounts.tokens.PortalTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": gettext_lazy("访问令牌:Authorization: Token <token>(有效期内有效,可吊销)"),
        }


class CredentialsSerializer(serializers.Serializer):
    username = serializers.CharField(label=gettext_lazy("用户名"), max_length=150)
    password = serializers.CharField(
        label=gettext_lazy("密码"), max_length=128, style={"input_type": "password"}, trim_whitespace=False
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text=gettext_lazy("在请求头中使用:Authorization: Token <token>"))
    expiry = serializers.DateTimeField(help_text=gettext_lazy("令牌失效时间;之后须重新获取"))


class RevokedSerializer(serializers.Serializer):
    revoked = serializers.IntegerField(help_text=gettext_lazy("吊销的令牌个数"))


class TokenObtainView(APIView):
    """POST username + password → ``{"token": "…", "expiry": "…"}``: a new token on every call, valid until
    ``expiry`` or until revoked. Five wrong passwords lock the account and the address (429 with the time to
    retry); an account whose password must be changed gets 403 until it is changed on the web."""

    authentication_classes = []
    permission_classes = [AllowAny]
    schema = PortalAutoSchema()

    def get_exception_handler(self):
        return api_exception_handler

    @extend_schema(
        request=CredentialsSerializer,
        responses={200: TokenSerializer, 400: ErrorSerializer, 403: ErrorSerializer, 429: ErrorSerializer},
        summary="获取访问令牌",
        auth=[],
    )
    def post(self, request, *args, **kwargs):
        credentials = CredentialsSerializer(data=request.data)
        credentials.is_valid(raise_exception=True)
        # The Django request, so that django-axes counts the failure and AxesMiddleware answers a lockout.
        user = authenticate(request=request._request, **credentials.validated_data)
        if user is None:
            raise serializers.ValidationError({"non_field_errors": [_("用户名或密码不正确。")]})
        if password_change_required(user):
            raise PermissionDenied(_("该账号须先在网页上修改密码,才能获取访问令牌。"))
        token, instance = token_issue(user=user)
        account_event_record(kind="token_issued", request=request._request, user=user, detail="接口")
        return Response({"token": token, "expiry": instance.expiry})


class TokenLogoutView(PortalAPIMixin, APIView):
    """POST: revoke the token this request was made with (log out this device)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={204: None}, summary="吊销当前令牌(退出本设备)")
    def post(self, request, *args, **kwargs):
        if request.auth is None or not hasattr(request.auth, "digest"):
            raise serializers.ValidationError({"non_field_errors": [_("本次请求没有使用访问令牌。")]})
        token_revoke(token=request.auth)
        account_event_record(kind="token_revoked", request=request._request, user=request.user, detail="本设备")
        return Response(status=status.HTTP_204_NO_CONTENT)


class TokenLogoutAllView(PortalAPIMixin, APIView):
    """POST: revoke every token of the account (log out all devices)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: RevokedSerializer}, summary="吊销本账号全部令牌(退出全部设备)")
    def post(self, request, *args, **kwargs):
        revoked = tokens_revoke_all(user=request.user)
        account_event_record(kind="token_revoked", request=request._request, user=request.user, detail="全部设备")
        return Response({"revoked": revoked})
