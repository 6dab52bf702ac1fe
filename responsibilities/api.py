"""API of people and departments: the token endpoint /api/v1/auth/token/ and the read-only
/api/v1/departments/ and assignments/.

Who is responsible for what is part of the published plan: everyone logged in reads it.
"""

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.permissions import AllowAny

from responsibilities.models import Department, TaskAssignment
from responsibilities.serializers import DepartmentSerializer, TaskAssignmentSerializer
from tasks.common.api import ErrorSerializer, IntegerFilter, PortalAPIMixin, PortalAutoSchema, api_exception_handler


class DepartmentFilter(filters.FilterSet):
    class Meta:
        model = Department
        fields = ["code", "kind", "is_active"]


class DepartmentViewSet(PortalAPIMixin, viewsets.ReadOnlyModelViewSet):
    """责任单位."""

    queryset = Department.objects.order_by("order", "code")
    serializer_class = DepartmentSerializer
    filterset_class = DepartmentFilter
    ordering_fields = ["code", "name", "kind"]


class TaskAssignmentFilter(filters.FilterSet):
    task = IntegerFilter(field_name="task_id", label=_("任务ID"))
    task_number = IntegerFilter(field_name="task__number", label=_("任务序号"))
    department = IntegerFilter(field_name="department_id", label=_("单位ID"))
    department_code = filters.CharFilter(field_name="department__code", label=_("单位代码"))

    class Meta:
        model = TaskAssignment
        fields = ["task", "task_number", "department", "department_code", "role"]


class TaskAssignmentViewSet(PortalAPIMixin, viewsets.ReadOnlyModelViewSet):
    """任务分工: which department leads (牵头) or supports (配合) which task."""

    queryset = TaskAssignment.objects.select_related("task", "department").order_by(
        "task__number", "role", "department__code"
    )
    serializer_class = TaskAssignmentSerializer
    filterset_class = TaskAssignmentFilter
    ordering_fields = ["task__number", "role"]


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text=_("在请求头中使用:Authorization: Token <token>"))


class TokenObtainView(ObtainAuthToken):
    """POST username + password → ``{"token": "…"}`` (the same token on every call until revoked)."""

    authentication_classes = []
    permission_classes = [AllowAny]
    schema = PortalAutoSchema()

    def get_exception_handler(self):
        return api_exception_handler

    @extend_schema(
        request=AuthTokenSerializer,
        responses={200: TokenSerializer, 400: ErrorSerializer},
        summary="获取访问令牌",
        auth=[],
    )
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)
