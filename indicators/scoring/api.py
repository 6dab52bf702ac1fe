"""Scoring API: ``POST /api/v1/scoring/preview/`` — 试算 (what-if) through the scoring engine, storing nothing."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from indicators.scoring.config import scoring_rules_active
from indicators.scoring.preview import FIELD_LABELS, PreviewSerializer, preview_evaluate
from tasks.common.api import ErrorSerializer, PortalAPIMixin, errors_flatten
from tasks.common.roles import user_can_read_all


class CanPreview(BasePermission):
    """督查员, 领导 and administrators may run a 试算; department staff may not (403)."""

    message = gettext_lazy("只有督查员和领导可以使用试算。")

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and user_can_read_all(request.user))


def errors_labelled(detail) -> dict[str, list[str]]:
    """Serializer errors → {"values.1.quarter": ["各期数值第2项·季度:…"]}: every message names its field in Chinese."""
    return {
        path: [f"{field_label(path)}:{message}" for message in messages]
        for path, messages in errors_flatten(detail).items()
    }


def field_label(path: str) -> str:
    """ "values.1.quarter" → "各期数值第2项·季度"; "target_value" → "目标值"."""
    parts, words = path.split("."), []
    for part in parts:
        if part.isdigit():
            words[-1] += _("第%(n)s项") % {"n": int(part) + 1}
        else:
            words.append(str(FIELD_LABELS.get(part, part)))
    return "·".join(words)


class ScoringPreviewView(PortalAPIMixin, APIView):
    """试算: evaluate one indicator from the given inputs with the active scoring rules; nothing is stored.

    400 with every field named in Chinese (``{"detail": "以下字段有误:目标值", "errors": {…}}``).
    """

    permission_classes = [CanPreview]

    @extend_schema(
        request=PreviewSerializer,
        responses={
            200: inline_serializer(
                "ScoringPreviewResult",
                {
                    "progress": serializers.CharField(allow_null=True),
                    "expected": serializers.CharField(),
                    "status": serializers.CharField(),
                    "status_label": serializers.CharField(),
                    "forecast": serializers.CharField(allow_null=True),
                    "rule": serializers.CharField(),
                },
            ),
            400: ErrorSerializer,
        },
        summary="试算(不保存)",
    )
    def post(self, request):
        serializer = PreviewSerializer(data=request.data)
        if not serializer.is_valid():
            errors = errors_labelled(serializer.errors)
            names = "、".join(dict.fromkeys(field_label(path) for path in errors))
            return Response(
                {"detail": _("以下字段有误:%(fields)s") % {"fields": names}, "errors": errors},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(preview_evaluate(data=serializer.validated_data, rules=scoring_rules_active()))
