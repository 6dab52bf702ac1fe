"""Shared machinery of the REST API (/api/v1/): authentication, permissions, pagination, errors, schema.

Every API view of the portal derives from ``PortalAPIMixin`` so that it authenticates by token or
session (token first, so an anonymous call gets 401 with ``WWW-Authenticate: Token``, never a login
redirect), checks roles through ``tasks.common.roles`` (the same reads the web pages use),
paginates the same way and answers errors in one JSON shape with a Chinese message::

    {"detail": "以下字段有误:value", "errors": {"value": ["无法识别“97,5”……"]}}

Errors raised by the services (Django ``ValidationError`` / ``PermissionDenied``, the workflow's
``ConflictError``) map to 400 / 403 / 409 in ``api_exception_handler``.
"""

import math
import re

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import rest_framework as filters
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from tasks.common.errors import ConflictError
from tasks.common.roles import user_is_read_only
from tasks.common.text import foreign_digit_message
from tasks.common.validators import control_characters_errors

NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY  # "non_field_errors"


# ---------------------------------------------------------------- errors


class Conflict(exceptions.APIException):
    """409: the object changed since the client read it (optimistic version check)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = gettext_lazy("数据已被他人修改,请刷新后重试。")
    default_code = "conflict"


class PreconditionRequired(exceptions.APIException):
    """428: a write or review sent without the version the client read (``version`` field or ``If-Match``)."""

    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = gettext_lazy(
        "请提供您读取到的版本号:请求体中的 version 字段或 If-Match 请求头(先 GET 该对象,取 submission_version"
        "(填报表为 version)或响应头 ETag)。没有版本号的修改和审核不予执行,以免覆盖他人的修改。"
    )
    default_code = "precondition_required"


def _django_validation_to_drf(exc: DjangoValidationError) -> exceptions.ValidationError:
    """Django ValidationError → DRF ValidationError with field names ("__all__" → non_field_errors)."""
    if hasattr(exc, "error_dict"):
        detail = {NON_FIELD if key == NON_FIELD_ERRORS else key: value for key, value in exc.message_dict.items()}
    else:
        detail = {NON_FIELD: exc.messages}
    return exceptions.ValidationError(detail)


def _as_api_exception(exc):
    """Translate the exceptions services and Django raise into DRF's (which know their status code)."""
    if isinstance(exc, exceptions.APIException):
        return exc
    if isinstance(exc, DjangoValidationError):
        return _django_validation_to_drf(exc)
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, ConflictError):
        return Conflict(exc.api_message or str(exc) or None)
    return exc


def errors_flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF error detail (dicts, lists, nested) → {"field" | "values.0.value": ["message", …]}."""
    if isinstance(detail, dict):
        out = {}
        for key, value in detail.items():
            out.update(errors_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return out
    if isinstance(detail, list) and any(isinstance(item, (dict, list)) for item in detail):
        out = {}
        for index, value in enumerate(detail):
            out.update(errors_flatten(value, f"{prefix}.{index}" if prefix else str(index)))
        return out
    items = detail if isinstance(detail, list) else [detail]
    return {prefix or NON_FIELD: [str(item) for item in items]} if items else {}


def _validation_detail(errors: dict[str, list[str]]) -> str:
    fields = [name for name in errors if name != NON_FIELD]
    if not fields:
        return next(iter(errors.values()), [_("提交的数据有误。")])[0]
    return _("以下字段有误:%(fields)s") % {"fields": "、".join(fields)}


def api_exception_handler(exc, context):
    """Every API error as ``{"detail": "<中文>", "errors": {field: [messages]}}`` with the right status.

    Django ValidationError → 400, PermissionDenied → 403, Http404 → 404, StaleVersionError → 409 (its
    ``api_message``), a write without the version read → 428 (``PreconditionRequired``),
    throttled → 429 (DRF sets ``Retry-After``);
    anything DRF does not know stays an exception (a 500, which the fuzz test hunts for).
    """
    exc = _as_api_exception(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = errors_flatten(exc.detail)
        response.data = {"detail": _validation_detail(errors), "errors": errors}
    elif isinstance(exc, exceptions.Throttled):
        wait = math.ceil(exc.wait) if exc.wait is not None else 60
        response.data = {"detail": _("请求过于频繁,请于 %(wait)d 秒后重试。") % {"wait": wait}, "errors": {}}
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else response.data
        response.data = {"detail": _chinese(str(detail), response.status_code), "errors": {}}
    return response


_CJK = re.compile(r"[\u4e00-\u9fff]")


def _chinese(detail: str, status_code: int) -> str:
    """DRF's own messages are translated; the few that are not (JSON parse errors) get a Chinese lead."""
    if _CJK.search(detail):
        return detail
    if status_code == status.HTTP_400_BAD_REQUEST:
        return _("请求内容无法解析,请发送有效的 JSON:%(detail)s") % {"detail": detail}
    return _("请求失败(%(code)s):%(detail)s") % {"code": status_code, "detail": detail}


class ErrorSerializer(serializers.Serializer):
    """The body of every 4xx answer."""

    detail = serializers.CharField(help_text=gettext_lazy("中文错误说明"))
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text=gettext_lazy('按字段列出的错误,如 {"value": ["……"]};字段无关的错误在 non_field_errors'),
    )


# ---------------------------------------------------------------- schema


IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description=gettext_lazy('读取到的填报表版本号,如 "5"(读取时的 ETag);可代替请求体中的 version'),
)


class PortalAutoSchema(AutoSchema):
    """drf-spectacular's AutoSchema that also documents the error answers (ErrorSerializer)."""

    def _error_codes(self) -> list[str]:
        codes = ["401", "403"]
        if self.method in ("POST", "PUT", "PATCH") or self._is_list_view():
            codes.append("400")
        if "{" in self.path:
            codes.append("404")
        if self.method in ("POST", "PUT", "PATCH"):
            codes.append("409")
            if getattr(self.view, "version_required", False):
                codes.append("428")
        return codes

    def get_override_parameters(self):
        """Writes and reviews of a view with ``version_required`` document the ``If-Match`` header."""
        parameters = super().get_override_parameters()
        if self.method in ("POST", "PUT", "PATCH") and getattr(self.view, "version_required", False):
            parameters = [*parameters, IF_MATCH]
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in self._error_codes():
            if code not in responses:
                responses[code] = self._get_response_for_code(ErrorSerializer, code, direction=direction)
        return responses


# ---------------------------------------------------------------- permissions


class PortalPermission(BasePermission):
    """Logged in (session or token). Reads: everyone logged in. Writes: everyone but leadership;
    the view's own permission and the service decide the rest (staff: own department)."""

    message = gettext_lazy("您没有执行该操作的权限。")

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return request.method in SAFE_METHODS or not user_is_read_only(user)


# ---------------------------------------------------------------- filters, pagination and the base mixin

INT_MAX = 2**31 - 1  # the largest id/year any column holds; larger filter values are a 400, not a 500


class _BoundedIntegerField(forms.IntegerField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", INT_MAX)
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "integer", "minimum": 0, "maximum": INT_MAX})
class IntegerFilter(filters.NumberFilter):
    """A whole-number filter (ids, years, quarters, task numbers): ``?year=2025``; "1.5" or "abc" → 400."""

    field_class = _BoundedIntegerField


class PortalPagination(PageNumberPagination):
    """``?page=2&page_size=100`` (default 50, at most 500)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class PortalAPIMixin:
    """Authentication, permission, pagination and schema of every API view of the portal.

    Authentication: the API token (``REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"]``: knox, expiring,
    hashed at rest) first, then the browser's session.
    """

    authentication_classes = [
        *[c for c in api_settings.DEFAULT_AUTHENTICATION_CLASSES if c is not SessionAuthentication],
        SessionAuthentication,
    ]
    permission_classes = [PortalPermission]
    pagination_class = PortalPagination
    schema = PortalAutoSchema()

    def get_exception_handler(self):
        return api_exception_handler

    def initial(self, request, *args, **kwargs):
        """After authentication and permissions: refuse a request whose text holds a control character
        (400, the field named: ``tasks.common.validators``) before any serializer or filter reads it."""
        super().initial(request, *args, **kwargs)
        errors = control_characters_errors(request.query_params)
        if request.method not in SAFE_METHODS:
            errors |= control_characters_errors(request.data)
        if errors:
            raise exceptions.ValidationError(errors)


class DigitsDecimalField(serializers.DecimalField):
    """A DecimalField reading ASCII digits only (DRF's, through ``Decimal``, reads ``٩٧.٥`` as 97.5): a digit of
    another script is refused with a Chinese message, under the field's name (issue 11)."""

    def to_internal_value(self, data):
        message = foreign_digit_message(data)
        if message:
            raise serializers.ValidationError(message)
        return super().to_internal_value(data)


class DigitsIntegerField(serializers.IntegerField):
    """An IntegerField reading ASCII digits only (``int`` reads ``٢٠٢٥`` as 2025); see ``DigitsDecimalField``."""

    def to_internal_value(self, data):
        message = foreign_digit_message(data)
        if message:
            raise serializers.ValidationError(message)
        return super().to_internal_value(data)
