"""API of supervision orders (/api/v1/supervision-orders/): list (filters ``status``, ``department``,
``overdue``, ``source``, ``year``), create (督查员), retrieve, and one action per step — ``acknowledge``,
``progress`` (with optional evidence files, multipart), ``request-closure``, ``close``, ``return``, ``extend``.

Reads are scoped like the web pages (``selectors.orders_visible``: staff see their department's orders, another
department's is a 404). Every step calls the service of the web page and needs the version read: the body's
``version`` or the ``If-Match`` header (the ``ETag`` of a retrieve); 428 without it, 409 when stale.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from indicators.models import OrderSource, OrderStatus, SupervisionOrder
from indicators.supervision import selectors, services
from indicators.supervision.serializers import (
    AcknowledgeSerializer,
    CloseSerializer,
    ClosureRequestSerializer,
    ExtendSerializer,
    OrderCreateSerializer,
    ProgressSerializer,
    ReturnSerializer,
    SupervisionOrderSerializer,
)
from tasks.common.api import IntegerFilter, PortalAPIMixin
from tasks.common.roles import user_is_supervisor


class PreconditionRequired(exceptions.APIException):
    """428: a step without the version the client read."""

    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = _("请提供督办单的版本号（请求头 If-Match 或字段 version）。")
    default_code = "precondition_required"


class SupervisionOrderFilter(filters.FilterSet):
    status = filters.ChoiceFilter(
        choices=[("open", _("未销号")), *OrderStatus.choices], method="_status", label=_("状态")
    )
    department = IntegerFilter(method="_department", label=_("单位ID（牵头或配合）"))
    overdue = filters.BooleanFilter(method="_overdue", label=_("逾期"))
    source = filters.ChoiceFilter(choices=OrderSource.choices, label=_("来源"))
    year = IntegerFilter(label=_("年度"))

    class Meta:
        model = SupervisionOrder
        fields = ["status", "department", "overdue", "source", "year"]

    def _status(self, queryset, name, value):
        return selectors.orders_filtered(queryset, status=value, today=timezone.localdate())

    def _department(self, queryset, name, value):
        return selectors.orders_filtered(queryset, department_id=int(value), today=timezone.localdate())

    def _overdue(self, queryset, name, value):
        return selectors.orders_filtered(queryset, overdue=value, today=timezone.localdate())


def _version(request, data: dict) -> int:
    """The version the client read: the body's ``version``, else ``If-Match`` ("3", "\"3\"" or W/"3");
    428 when neither, 400 when the header is not a number."""
    if data.get("version") is not None:
        return data["version"]
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise PreconditionRequired()
    text = header.removeprefix("W/").strip('"')
    if not (text.isascii() and text.isdigit() and len(text) < 10):
        raise exceptions.ValidationError({"If-Match": [_('请求头 If-Match 须为督办单的版本号，如 "3"。')]})
    return int(text)


class SupervisionOrderViewSet(
    PortalAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """督办单: issued by supervisors, acknowledged, rectified and put up for closure by the lead department's
    staff, closed or returned by supervisors; leadership read. Steps: ``indicators.supervision.services``."""

    serializer_class = SupervisionOrderSerializer
    filterset_class = SupervisionOrderFilter
    ordering_fields = ["deadline", "issued_at", "year", "sequence", "status"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return (
            selectors.orders_visible(self.request.user)
            .prefetch_related("support_departments", "events__actor", "events__attachments")
            .order_by("-year", "-sequence")
        )

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        response["ETag"] = f'"{response.data["version"]}"'
        return response

    @extend_schema(
        request=OrderCreateSerializer, responses={201: SupervisionOrderSerializer}, summary="下达督办（督查员）"
    )
    def create(self, request, *args, **kwargs):
        serializer = OrderCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data["support_departments"] = tuple(data.get("support_departments", ()))
        order = services.order_issue(draft=services.OrderDraft(**data), user=request.user)
        return Response(self._out(order), status=status.HTTP_201_CREATED)

    def _out(self, order) -> dict:
        return SupervisionOrderSerializer(self.get_queryset().get(pk=order.pk)).data

    def _step(self, request, serializer_class, call):
        order = self.get_object()
        serializer = serializer_class(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        try:
            expected = _version(request, data)
        except PreconditionRequired:
            expected = None  # the service checks the role first: a wrong role is a 403, not a 428
        data.pop("version", None)
        try:
            call(order=order, user=request.user, expected_version=expected, data=data)
        except services.VersionRequiredError:
            raise PreconditionRequired() from None
        response = Response(self._out(order))
        response["ETag"] = f'"{response.data["version"]}"'
        return response

    _PARAMS = [OpenApiParameter("If-Match", str, OpenApiParameter.HEADER, required=False)]

    @extend_schema(
        request=AcknowledgeSerializer,
        responses=SupervisionOrderSerializer,
        summary="签收（牵头单位）",
        parameters=_PARAMS,
    )
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        return self._step(request, AcknowledgeSerializer, lambda data, **kw: services.order_acknowledge(**kw, **data))

    @extend_schema(
        request=ProgressSerializer,
        responses=SupervisionOrderSerializer,
        summary="报送整改进展（牵头单位）",
        parameters=_PARAMS,
    )
    @action(detail=True, methods=["post"])
    def progress(self, request, pk=None):
        def call(data, **kw):
            return services.order_progress(**kw, files=data.pop("evidence"), **data)

        return self._step(request, ProgressSerializer, call)

    @extend_schema(
        request=ClosureRequestSerializer,
        responses=SupervisionOrderSerializer,
        summary="申请销号（牵头单位）",
        parameters=_PARAMS,
    )
    @action(detail=True, methods=["post"], url_path="request-closure", url_name="request-closure")
    def request_closure(self, request, pk=None):
        def call(data, **kw):
            return services.order_request_closure(**kw, files=data.pop("evidence"), **data)

        return self._step(request, ClosureRequestSerializer, call)

    @extend_schema(
        request=CloseSerializer, responses=SupervisionOrderSerializer, summary="销号（督查员）", parameters=_PARAMS
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._step(request, CloseSerializer, lambda data, **kw: services.order_close(**kw, **data))

    @extend_schema(
        request=ReturnSerializer, responses=SupervisionOrderSerializer, summary="退回整改（督查员）", parameters=_PARAMS
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        return self._step(request, ReturnSerializer, lambda data, **kw: services.order_return(**kw, **data))

    @extend_schema(
        request=ExtendSerializer,
        responses=SupervisionOrderSerializer,
        summary="申请延期（牵头单位）／批准或不予延期（督查员）",
        parameters=_PARAMS,
    )
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        def call(data, **kw):
            if user_is_supervisor(request.user):
                return services.order_extension_decide(
                    **kw, grant=not data["refuse"], reason=data["reason"], until=data.get("deadline")
                )
            return services.order_extension_request(**kw, until=data.get("deadline"), reason=data["reason"])

        return self._step(request, ExtendSerializer, call)
