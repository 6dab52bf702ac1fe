"""API of the entry workflow — figures, milestone reports, submissions (/api/v1/…).

Reads are scoped exactly like the web pages (``responsibilities.access.department_scoped``): staff see their
own department's figures, forms and department
scores (another department's object is a 404, and is filtered out of lists); supervisors and
leadership see everything. Writes go through ``indicators.entry.services`` — the same services, and so the
same rules, as the web forms and the Excel upload; this module only checks the shape of the input.

One winner (optimistic concurrency): every write and review names the version of the form (填报表) the client
read — the ``version`` field or an ``If-Match: "<version>"`` header (reads answer it as ``submission_version``
and in the ``ETag`` header). Without one the request is refused (428) before anything is done; a version that
moved on is a 409 and nothing is done either. The service checks it under the form's row lock, so of two
concurrent conflicting requests exactly one succeeds.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from indicators.catalogue.filters import (
    IndicatorValueFilter,
    MilestoneReportFilter,
    SubmissionFilter,
)
from indicators.entry import services
from indicators.entry.selectors import is_final_default, milestones_led
from indicators.entry.serializers import (
    IndicatorValueSerializer,
    MilestoneReportSerializer,
    MilestoneReportWriteSerializer,
    ReviewReasonSerializer,
    ReviewSerializer,
    SubmissionSerializer,
    ValueUpdateSerializer,
    ValueWriteSerializer,
)
from indicators.models import IndicatorValue, MilestoneReport, Origin, Submission
from responsibilities.access import IsDepartmentStaff, department_scoped, supervisor_or_deny
from responsibilities.selectors import user_department
from tasks.common.api import INT_MAX, PortalAPIMixin, PortalPermission, PreconditionRequired


def _validated(serializer_class, request, **context):
    serializer = serializer_class(data=request.data, context={"request": request, **context})
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def version_read(request, data: dict) -> int:
    """The version of the form the client read: the body's ``version``, else the ``If-Match`` header (``"5"``,
    ``W/"5"`` or ``5``). Raises PreconditionRequired (428) when neither is sent and ValidationError
    (400, under ``If-Match``) for a header that is not a version number."""
    if data.get("version") is not None:
        return data["version"]
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise PreconditionRequired()
    tag = header.removeprefix("W/").strip().strip('"')
    if not (tag.isascii() and tag.isdigit() and 1 <= int(tag) <= INT_MAX):
        raise ValidationError({"If-Match": _('If-Match 请求头应为读取到的版本号,如 "5"。')})
    return int(tag)


class VersionedMixin:
    """Views whose writes and reviews need the version read (documented 428); every 2xx answer about one
    object carries that version in the ``ETag`` header (``"<version>"``), ready for ``If-Match``."""

    version_required = True

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        data = getattr(response, "data", None)
        if 200 <= response.status_code < 300 and isinstance(data, dict):
            version = data.get("submission_version", data.get("version"))
            if isinstance(version, int):
                response["ETag"] = f'"{version}"'
        return response


class SubmissionViewSet(VersionedMixin, PortalAPIMixin, viewsets.ReadOnlyModelViewSet):
    """填报表: one department's form for one period, with its workflow status and ``version``.

    ``submit`` and ``withdraw`` (撤回修改: the department's staff), ``approve`` and ``return``
    (supervisors: every submitted item of the form at once) call ``indicators.entry.services`` like the web pages.
    """

    serializer_class = SubmissionSerializer
    filterset_class = SubmissionFilter
    ordering_fields = ["period__year", "period__quarter", "department__code", "submitted_at"]

    def get_queryset(self):
        queryset = Submission.objects.select_related("department", "period").order_by(
            "-period__year", "-period__quarter", "department__code"
        )
        return department_scoped(queryset, self.request.user, field="department")

    @extend_schema(request=ReviewSerializer, responses=SubmissionSerializer, summary="提交填报表(填报员)")
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        submission = self.get_object()
        services.writer_or_deny(request.user, submission)
        version = version_read(request, _validated(ReviewSerializer, request))
        submission = services.submission_submit(submission=submission, user=request.user, expected_version=version)
        return Response(SubmissionSerializer(submission).data)

    @extend_schema(request=ReviewSerializer, responses=SubmissionSerializer, summary="撤回提交(填报员)")
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """撤回修改: the department's staff take their submitted form back to draft to change it
        (``services.submission_withdraw``, as the web's 撤回修改); ``version`` required, 409 if stale."""
        submission = self.get_object()
        services.writer_or_deny(request.user, submission)
        version = version_read(request, _validated(ReviewSerializer, request))
        submission = services.submission_withdraw(submission=submission, user=request.user, expected_version=version)
        return Response(SubmissionSerializer(submission).data)

    @extend_schema(request=ReviewSerializer, responses=SubmissionSerializer, summary="整表审核通过(督查员)")
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        submission = self.get_object()
        supervisor_or_deny(request.user)
        version = version_read(request, _validated(ReviewSerializer, request))
        submission = services.submission_approve(submission=submission, user=request.user, expected_version=version)
        return Response(SubmissionSerializer(submission).data)

    @extend_schema(request=ReviewReasonSerializer, responses=SubmissionSerializer, summary="整表退回(督查员)")
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        submission = self.get_object()
        supervisor_or_deny(request.user)
        data = _validated(ReviewReasonSerializer, request)
        version = version_read(request, data)
        submission = services.submission_return(
            submission=submission, user=request.user, reason=data["reason"], expected_version=version
        )
        return Response(SubmissionSerializer(submission).data)


def _value_save(*, user, indicator, period, value, is_final, note, version: int) -> tuple[IndicatorValue, bool]:
    """Save one figure of the caller's department through ``services.values_save`` (origin 接口) against the
    form ``version`` the client read (a form not created yet is version 1); ``is_final`` None: the form's and
    the upload's default (``selectors.is_final_default``: the stored figure keeps its type, a new quarterly
    figure is 正式, a new annual one 初步).

    Returns (row, created). All or nothing: the form row created for a refused save rolls back.
    The service's errors keyed by indicator code are reported under ``value``.
    """
    if is_final is None:
        stored = {row.is_final: row for row in IndicatorValue.objects.filter(indicator=indicator, period=period)}
        is_final = is_final_default(indicator, stored.get(False), stored.get(True))
    entry = services.ValueEntry(indicator_id=indicator.pk, value=value, is_final=is_final, note=note)
    rows = IndicatorValue.objects.filter(indicator=indicator, period=period, is_final=is_final)
    with transaction.atomic():
        existed = rows.exists()
        submission = services.submission_get_or_create(department=user_department(user), period=period)
        try:
            services.values_save(
                submission=submission, user=user, entries=[entry], expected_version=version, origin=Origin.API
            )
        except ValidationError as exc:
            raise _errors_rekeyed(exc, indicator.code) from None
        row = rows.select_related("indicator", "period", "submission").first()
        if row is None:
            raise ValidationError({"value": _("请填写数值或备注。")})
    return row, not existed


def _errors_rekeyed(exc: ValidationError, code: str, field: str = "value") -> ValidationError:
    """The service's ``{indicator or milestone code: [messages]}`` → ``{field: [messages]}``."""
    if not hasattr(exc, "error_dict"):
        return exc
    return ValidationError({(field if key == code else key): value for key, value in exc.message_dict.items()})


class IndicatorValueViewSet(
    VersionedMixin,
    PortalAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """指标数值: figures by indicator and period, in the indicator's unit.

    Staff of a department save (``POST``, ``PATCH``: draft) their own department's figures; a
    supervisor approves, returns (with a reason) or reopens (with a reason) a figure. Rules, history
    and score recomputes are those of ``indicators.entry.services``, shared with the web pages.
    """

    serializer_class = IndicatorValueSerializer
    filterset_class = IndicatorValueFilter
    ordering_fields = ["indicator__code", "period__year", "period__quarter", "updated_at", "status"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        queryset = IndicatorValue.objects.select_related("indicator", "period", "submission").order_by(
            "indicator__task__number", "indicator__code", "period__year", "period__quarter", "is_final"
        )
        return department_scoped(queryset, self.request.user, field="indicator__reporting_department")

    def get_permissions(self):
        if self.action in ("create", "partial_update"):
            return [PortalPermission(), IsDepartmentStaff()]
        return super().get_permissions()

    @extend_schema(
        request=ValueWriteSerializer, responses={200: IndicatorValueSerializer, 201: IndicatorValueSerializer}
    )
    def create(self, request, *args, **kwargs):
        data = _validated(ValueWriteSerializer, request)
        if data["indicator"].reporting_department_id != user_department(request.user).pk:
            raise PermissionDenied(_("指标 %(code)s 不由本单位填报。") % {"code": data["indicator"].code})
        data["version"] = version_read(request, data)
        row, created = _value_save(user=request.user, **data)
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(IndicatorValueSerializer(row).data, status=code)

    @extend_schema(request=ValueUpdateSerializer, responses=IndicatorValueSerializer)
    def partial_update(self, request, *args, **kwargs):
        current = self.get_object()
        data = _validated(ValueUpdateSerializer, request, indicator=current.indicator)
        version = version_read(request, data)
        row, _created = _value_save(
            user=request.user,
            indicator=current.indicator,
            period=current.period,
            value=data.get("value", current.value),
            is_final=data.get("is_final", current.is_final),
            note=data.get("note", current.note),
            version=version,
        )
        return Response(IndicatorValueSerializer(row).data)

    def _review(self, request, service, serializer_class):
        value = self.get_object()
        supervisor_or_deny(request.user)
        data = _validated(serializer_class, request)
        service(value=value, user=request.user, expected_version=version_read(request, data), **_reason(data))
        return Response(IndicatorValueSerializer(self.get_queryset().get(pk=value.pk)).data)

    @extend_schema(request=ReviewSerializer, responses=IndicatorValueSerializer, summary="审核通过(督查员)")
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._review(request, services.value_approve, ReviewSerializer)

    @extend_schema(request=ReviewReasonSerializer, responses=IndicatorValueSerializer, summary="退回(督查员)")
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        return self._review(request, services.value_return, ReviewReasonSerializer)

    @extend_schema(request=ReviewReasonSerializer, responses=IndicatorValueSerializer, summary="重新打开(督查员)")
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return self._review(request, services.value_reopen, ReviewReasonSerializer)


def _reason(data: dict) -> dict:
    return {"reason": data["reason"]} if "reason" in data else {}


def _milestone_report_save(*, user, milestone, period, state, percent_done, description, version: int):
    """Save one milestone report of the caller's department through ``services.milestones_save`` against the
    form ``version`` the client read (1 for a form not created yet); returns (report, created). The service's
    errors keyed by milestone code are reported under ``state``."""
    entry = services.MilestoneEntry(
        milestone_id=milestone.pk, state=state, percent_done=percent_done, description=description
    )
    department = user_department(user)
    rows = MilestoneReport.objects.filter(milestone=milestone, submission__department=department, period=period)
    with transaction.atomic():
        existed = rows.exists()
        submission = services.submission_get_or_create(department=department, period=period)
        try:
            services.milestones_save(submission=submission, user=user, entries=[entry], expected_version=version)
        except ValidationError as exc:
            raise _errors_rekeyed(exc, milestone.code, "state") from None
        report = rows.select_related("milestone", "period", "submission").get()
    return report, not existed


class MilestoneReportViewSet(
    VersionedMixin,
    PortalAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """节点进展: a lead department's progress report on a milestone per period (needed to submit its form).

    Staff save (``POST``: draft) reports of the milestones of the tasks their department leads; a
    supervisor approves, returns or reopens one — all through ``indicators.entry.services``.
    """

    serializer_class = MilestoneReportSerializer
    filterset_class = MilestoneReportFilter
    ordering_fields = ["milestone__code", "period__year", "period__quarter", "updated_at", "status"]

    def get_queryset(self):
        queryset = MilestoneReport.objects.select_related("milestone", "period", "submission").order_by(
            "milestone__task__number", "milestone__code", "period__year", "period__quarter"
        )
        return department_scoped(queryset, self.request.user, field="submission__department")

    def get_permissions(self):
        if self.action == "create":
            return [PortalPermission(), IsDepartmentStaff()]
        return super().get_permissions()

    @extend_schema(
        request=MilestoneReportWriteSerializer,
        responses={200: MilestoneReportSerializer, 201: MilestoneReportSerializer},
    )
    def create(self, request, *args, **kwargs):
        data = _validated(MilestoneReportWriteSerializer, request)
        if data["milestone"].pk not in {m.pk for m in milestones_led(department=user_department(request.user))}:
            raise PermissionDenied(_("只能填报本单位牵头任务的节点进展。"))
        data["version"] = version_read(request, data)
        report, created = _milestone_report_save(user=request.user, **data)
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(MilestoneReportSerializer(report).data, status=code)

    def _review(self, request, service, serializer_class):
        report = self.get_object()
        supervisor_or_deny(request.user)
        data = _validated(serializer_class, request)
        service(report=report, user=request.user, expected_version=version_read(request, data), **_reason(data))
        return Response(MilestoneReportSerializer(self.get_queryset().get(pk=report.pk)).data)

    @extend_schema(request=ReviewSerializer, responses=MilestoneReportSerializer, summary="节点进展审核通过(督查员)")
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._review(request, services.milestone_report_approve, ReviewSerializer)

    @extend_schema(request=ReviewReasonSerializer, responses=MilestoneReportSerializer, summary="节点进展退回(督查员)")
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        return self._review(request, services.milestone_report_return, ReviewReasonSerializer)

    @extend_schema(
        request=ReviewReasonSerializer, responses=MilestoneReportSerializer, summary="节点进展重新打开(督查员)"
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return self._review(request, services.milestone_report_reopen, ReviewReasonSerializer)
