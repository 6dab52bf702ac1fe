"""API of assessment report jobs (考核报表): /api/v1/report-jobs/.

``POST`` starts a report (one department and one quarter is generated at once, anything larger by
the Celery job), ``GET …/{id}/`` tells its status and progress, ``GET …/{id}/download/`` returns the
workbook (.xlsx). Who may ask for and see which report is decided by ``reports.assessment.access``
and the input by ``ReportParamsForm`` — the same as the web pages; ``reports.assessment.services`` does the work.
"""

import json

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from reports.assessment.access import report_jobs_visible, report_scope_check
from reports.assessment.cells import ReportParams
from reports.assessment.forms import ReportParamsForm
from reports.assessment.serializers import ReportJobCreateSerializer, ReportJobSerializer
from reports.assessment.services import report_job_request
from reports.models import ReportJob
from responsibilities.access import department_visible_only
from tasks.audit.record import AuditEvent, audit_record
from tasks.common.api import ErrorSerializer, PortalAPIMixin
from tasks.selectors import plan_current

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class XlsxRenderer(BaseRenderer):
    """Lets a client ask for the workbook with ``Accept: <xlsx type>``; errors are still JSON text."""

    media_type = XLSX_TYPE
    format = "xlsx"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data if isinstance(data, bytes) else json.dumps(data, ensure_ascii=False).encode()


def report_params(user, data: dict) -> ReportParams:
    """Validated ``ReportParams`` from the API input, checked like the web form: another department's
    report → Http404, a scope the user may not choose → PermissionDenied, bad input → 400 by field."""
    plan = plan_current()
    if plan is None:
        raise Http404(_("尚未载入规划。"))
    report_scope_check(user, scope=data["scope"], department_id=data.get("department"))
    own = department_visible_only(user)
    form = ReportParamsForm({k: v for k, v in data.items() if v is not None}, department=own)
    if not form.is_valid():
        raise exceptions.ValidationError({field: list(errors) for field, errors in form.errors.items()})
    params = form.params(plan)
    report_scope_check(user, scope=params.scope, department_id=params.department_id)
    return params


class ReportJobViewSet(
    PortalAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """考核报表: start (``POST``), status (``GET {id}``) and download of generated reports.

    Supervisors and leadership: any scope; staff: their own department's reports only.
    """

    serializer_class = ReportJobSerializer
    permission_classes = [IsAuthenticated]  # leadership may generate reports too (reports.assessment.access)
    filterset_fields = ["status", "scope", "period_kind", "year", "quarter"]
    ordering_fields = ["requested_at", "id"]

    def get_queryset(self):
        return report_jobs_visible(self.request.user).order_by("-requested_at", "-id")

    @extend_schema(request=ReportJobCreateSerializer, responses={201: ReportJobSerializer}, summary="生成考核报表")
    def create(self, request, *args, **kwargs):
        serializer = ReportJobCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        job = report_job_request(user=request.user, params=report_params(request.user, serializer.validated_data))
        return Response(ReportJobSerializer(job).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        responses={
            (200, XLSX_TYPE): OpenApiResponse(OpenApiTypes.BINARY, description="考核报表(.xlsx)"),
            404: ErrorSerializer,
        },
        summary="下载考核报表",
    )
    @action(detail=True, methods=["get"], renderer_classes=[JSONRenderer, XlsxRenderer])
    def download(self, request, pk=None):
        job = self.get_object()
        if job.status != ReportJob.Status.DONE or not job.file or not job.file.storage.exists(job.file.name):
            raise exceptions.NotFound(_("报表尚未生成。"))
        audit_record(AuditEvent.Kind.DOWNLOAD, obj=job, detail=job.download_name)
        return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.download_name, content_type=XLSX_TYPE)
