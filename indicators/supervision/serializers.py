"""API serializers of supervision orders (督办单): the order with its steps, and the bodies of each step.

Every step carries the order's ``version`` as read (the body's ``version`` or the ``If-Match`` header): 428 when
neither is given, 409 when it is stale. Dates are local dates (``2026-10-10``).
"""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from indicators.models import Indicator, OrderAttachment, OrderEvent, OrderSeverity, OrderSource, SupervisionOrder
from indicators.supervision import rules
from responsibilities.models import Department
from tasks.models import PlanTask


class OrderAttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrderAttachment
        fields = ["id", "original_name", "content_type", "size", "uploaded_at"]


class OrderEventSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    actor = serializers.CharField(source="actor.username", read_only=True, allow_null=True, default=None)
    attachments = OrderAttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = OrderEvent
        fields = [
            "kind",
            "kind_display",
            "actor",
            "at",
            "from_status",
            "to_status",
            "text",
            "percent",
            "old_deadline",
            "new_deadline",
            "attachments",
        ]


class SupervisionOrderSerializer(serializers.ModelSerializer):
    """A 督办单 as read; ``version`` is what a step must send back. ``mark``: "red" (逾期), "yellow" (近期限或签收
    逾期) or null; ``overdue``: open past its 整改期限."""

    lead_department_code = serializers.CharField(source="lead_department.code", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    source_display = serializers.CharField(source="get_source_display", read_only=True)
    severity_display = serializers.CharField(source="get_severity_display", read_only=True)
    mark = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()
    events = OrderEventSerializer(many=True, read_only=True)

    class Meta:
        model = SupervisionOrder
        fields = [
            "id",
            "number",
            "year",
            "sequence",
            "source",
            "source_display",
            "source_reference",
            "inspection_item",
            "task",
            "indicator",
            "title",
            "problem",
            "requirement",
            "lead_department",
            "lead_department_code",
            "support_departments",
            "severity",
            "severity_display",
            "status",
            "status_display",
            "acknowledge_due",
            "deadline",
            "measures",
            "responsible_person",
            "timeline",
            "progress_percent",
            "extension_requested_until",
            "extension_reason",
            "returned_count",
            "issued_at",
            "acknowledged_at",
            "closure_requested_at",
            "closed_at",
            "version",
            "mark",
            "overdue",
            "events",
        ]

    def get_mark(self, order) -> str | None:
        return rules.order_mark(
            status=order.status,
            deadline=order.deadline,
            acknowledge_due=order.acknowledge_due,
            today=timezone.localdate(),
        )

    def get_overdue(self, order) -> bool:
        return rules.order_overdue(status=order.status, deadline=order.deadline, today=timezone.localdate())


class OrderCreateSerializer(serializers.Serializer):
    """Issue an order (督查员): the 督办单's fields; ``task``, ``indicator`` and departments by id."""

    source = serializers.ChoiceField(choices=OrderSource.choices, label=_("来源"))
    source_reference = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    inspection_item = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    task = serializers.PrimaryKeyRelatedField(queryset=PlanTask.objects.all(), required=False, allow_null=True)
    indicator = serializers.PrimaryKeyRelatedField(queryset=Indicator.objects.all(), required=False, allow_null=True)
    title = serializers.CharField(max_length=200)
    problem = serializers.CharField()
    requirement = serializers.CharField()
    lead_department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.filter(is_active=True))
    support_departments = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.filter(is_active=True), many=True, required=False
    )
    severity = serializers.ChoiceField(choices=OrderSeverity.choices, default=OrderSeverity.NORMAL)
    deadline = serializers.DateField()
    acknowledge_due = serializers.DateField(required=False, allow_null=True)

    def validate_deadline(self, value: dt.date) -> dt.date:
        if value.year > 2100:
            raise serializers.ValidationError(_("整改期限不合理。"))
        return value


class _VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        required=False, min_value=0, max_value=2**31 - 1, help_text=_("读取到的版本号（或请求头 If-Match）")
    )


class AcknowledgeSerializer(_VersionSerializer):
    measures = serializers.CharField(required=False, allow_blank=True, default="")
    responsible_person = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    timeline = serializers.CharField(required=False, allow_blank=True, default="")


class ProgressSerializer(_VersionSerializer):
    text = serializers.CharField(help_text=_("整改进展"))
    percent = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=100)
    measures = serializers.CharField(required=False, allow_blank=True, default="")
    evidence = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class ClosureRequestSerializer(_VersionSerializer):
    text = serializers.CharField(help_text=_("整改完成情况"))
    evidence = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class CloseSerializer(_VersionSerializer):
    text = serializers.CharField(required=False, allow_blank=True, default="", help_text=_("核查意见"))


class ReturnSerializer(_VersionSerializer):
    reason = serializers.CharField(help_text=_("退回理由"))


class ExtendSerializer(_VersionSerializer):
    """Lead department's staff: request ``deadline`` with a ``reason``. Supervisors: grant (``deadline``, default
    the requested one) or, with ``refuse`` true, refuse the pending request with a ``reason``."""

    deadline = serializers.DateField(required=False, allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    refuse = serializers.BooleanField(required=False, default=False)
