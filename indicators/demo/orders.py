"""Demo supervision orders (示例督办单, issue 14) so that every 督办 page, the leaders' card and the 整改台账 have
something to show: six orders of 生态环境分局 and 水利局 in every state — 待签收, 已签收, 整改中 (one 逾期: 红牌;
one returned once), 申请销号 (near its deadline: 黄牌) and 已销号 — each with its steps.

Written directly (not through the services: no notices, no users needed), numbered in the year's sequence,
marked ``is_demo``. Idempotent: nothing is added when a demo order exists. Refused where ``LOAD_DEMO_DATA`` is off.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from indicators.models import Indicator, OrderEvent, OrderStatus, SupervisionOrder
from indicators.supervision import rules
from indicators.supervision.services import order_sequence_next
from responsibilities.models import Department

S, K = OrderStatus, OrderEvent.Kind
# (department code, source, severity, title, problem, requirement, status, deadline in days from today, returns)
ORDERS = (
    (
        "water",
        "check",
        "normal",
        "农村生活污水处理设施运行不正常",
        "部分乡镇农村生活污水处理设施建成后未正常运行。",
        "30日内恢复运行，建立运维台账。",
        S.ISSUED,
        30,
        0,
    ),
    (
        "ecoenv",
        "warning",
        "key",
        "细颗粒物（PM2.5）浓度指标预警",
        "PM2.5年均浓度完成进度落后时序进度。",
        "分析原因，落实扬尘和散煤治理措施。",
        S.ACKNOWLEDGED,
        20,
        0,
    ),
    (
        "water",
        "instruction",
        "listed",
        "唐河灵丘段河道垃圾清理不及时",
        "县领导调研发现唐河灵丘段部分河段垃圾清理不及时。",
        "立即清理，建立河长巡河长效机制。",
        S.RECTIFYING,
        -5,
        0,
    ),
    (
        "ecoenv",
        "inspection",
        "key",
        "危险废物规范化管理不到位",
        "省生态环境保护督察反馈：部分企业危险废物贮存不规范。",
        "逐企排查，限期整改到位。",
        S.CLOSURE_REQUESTED,
        3,
        0,
    ),
    (
        "ecoenv",
        "check",
        "normal",
        "建筑工地扬尘防治措施不落实",
        "督查检查发现2处建筑工地未落实“六个百分之百”。",
        "立即整改，加强日常巡查。",
        S.CLOSED,
        -10,
        0,
    ),
    (
        "water",
        "inspection",
        "key",
        "畜禽养殖废弃物资源化利用率偏低",
        "省生态环境保护督察反馈：畜禽粪污资源化利用率未达目标。",
        "完善收集利用体系，年底前达到目标。",
        S.RECTIFYING,
        45,
        1,
    ),
)
STEPS = {
    S.ISSUED: [],
    S.ACKNOWLEDGED: [(K.ACKNOWLEDGED, S.ACKNOWLEDGED, "已签收，正在制定整改方案。")],
    S.RECTIFYING: [
        (K.ACKNOWLEDGED, S.ACKNOWLEDGED, "已签收。"),
        (K.PROGRESS, S.RECTIFYING, "已完成整改任务的一半。"),
    ],
    S.CLOSURE_REQUESTED: [
        (K.ACKNOWLEDGED, S.ACKNOWLEDGED, "已签收。"),
        (K.PROGRESS, S.RECTIFYING, "已完成排查。"),
        (K.CLOSURE_REQUESTED, S.CLOSURE_REQUESTED, "整改全部完成，申请销号。"),
    ],
    S.CLOSED: [
        (K.ACKNOWLEDGED, S.ACKNOWLEDGED, "已签收。"),
        (K.PROGRESS, S.RECTIFYING, "已整改到位。"),
        (K.CLOSURE_REQUESTED, S.CLOSURE_REQUESTED, "申请销号。"),
        (K.CLOSED, S.CLOSED, "经核查，整改到位，予以销号。"),
    ],
}
RETURN = [
    (K.CLOSURE_REQUESTED, S.CLOSURE_REQUESTED, "申请销号。"),
    (K.RETURNED, S.RECTIFYING, "佐证材料不足，请补充现场照片。"),
]


@transaction.atomic
def demo_orders_load(*, today: dt.date | None = None) -> int:
    """Create the demo orders (see the module) unless one exists; returns how many were created."""
    if not settings.LOAD_DEMO_DATA:
        raise ImproperlyConfigured("生产配置下不载入示例数据（LOAD_DEMO_DATA 为假）。")
    if SupervisionOrder.objects.filter(is_demo=True).exists():
        return 0
    today = today or timezone.localdate()
    departments = {d.code: d for d in Department.objects.filter(code__in={row[0] for row in ORDERS})}
    pm25 = Indicator.objects.filter(code="T05-PM25").select_related("task").first()
    made = 0
    for code, source, severity, title, problem, requirement, status, days, returns in ORDERS:
        if code not in departments:
            continue
        issued_on = today - dt.timedelta(days=40)
        sequence = order_sequence_next(today.year)
        steps = STEPS[status][:2] + RETURN * returns + STEPS[status][2:]
        order = SupervisionOrder(
            year=today.year,
            sequence=sequence,
            number=rules.order_number(year=today.year, sequence=sequence),
            source=source,
            severity=severity,
            title=title,
            problem=problem,
            requirement=requirement,
            lead_department=departments[code],
            indicator=pm25 if source == "warning" else None,
            task=pm25.task if source == "warning" and pm25 else None,
            source_reference="晋环督反馈〔2026〕1号" if source == "inspection" else "",
            status=status,
            acknowledge_due=rules.acknowledge_due(issued_on),
            deadline=today + dt.timedelta(days=days),
            issued_at=_at(issued_on),
            returned_count=returns,
            progress_percent=100 if status in (S.CLOSURE_REQUESTED, S.CLOSED) else (50 if steps else None),
            version=1 + len(steps),
            is_demo=True,
        )
        order._change_reason = "示例数据"
        order.save()
        events = [OrderEvent(order=order, kind=K.ISSUED, at=order.issued_at, to_status=S.ISSUED, text=requirement)]
        previous = S.ISSUED
        for number, (kind, to_status, text) in enumerate(steps, 1):
            at = _at(issued_on + dt.timedelta(days=3 * number))
            events.append(
                OrderEvent(order=order, kind=kind, at=at, from_status=previous, to_status=to_status, text=text)
            )
            previous = to_status
            order.acknowledged_at = order.acknowledged_at or (at if kind == K.ACKNOWLEDGED else None)
            order.closure_requested_at = at if kind == K.CLOSURE_REQUESTED else order.closure_requested_at
            order.closed_at = at if kind == K.CLOSED else order.closed_at
        if status == S.RECTIFYING:
            order.closure_requested_at = None
        OrderEvent.objects.bulk_create(events)
        order.save(update_fields=["acknowledged_at", "closure_requested_at", "closed_at"])
        made += 1
    return made


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9, 30)))
