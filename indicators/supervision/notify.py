"""Notices of supervision orders (督办通知): every step tells the other side once, in the portal and by e-mail.

Issued, returned, closed, extension granted or refused → the lead department's active staff (an issued order
also the support departments'); acknowledged, progress reported, closure or extension requested → the
supervisors (督查员). The key ``order:<id>:v<version>:<kind>`` is unique per user
(``indicators.notifications.services``), so the same step never notifies twice; e-mails go after the commit.
Texts are in Chinese (the site language), whatever the actor's language.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from indicators.models import OrderEvent
from indicators.notifications.services import Notice, email_deliveries_create, notifications_create
from indicators.supervision.rules import date_text
from responsibilities.models import StaffProfile
from tasks.common import roles

Kind = OrderEvent.Kind
ORDER_LINK = "/supervision/{pk}/"  # the order's page (indicators.supervision.urls at /supervision/)
TO_DEPARTMENT = {Kind.ISSUED, Kind.RETURNED, Kind.CLOSED, Kind.EXTENSION_GRANTED, Kind.EXTENSION_REFUSED}

TEMPLATES = {
    Kind.ISSUED: gettext_noop("%(number)s“%(title)s”已下达%(department)s，请于%(ack)s前签收，%(deadline)s前完成整改。"),
    Kind.ACKNOWLEDGED: gettext_noop("%(department)s已签收%(number)s“%(title)s”。"),
    Kind.PROGRESS: gettext_noop("%(department)s报送了%(number)s“%(title)s”的整改进展。"),
    Kind.CLOSURE_REQUESTED: gettext_noop("%(department)s申请%(number)s“%(title)s”销号，请核查。"),
    Kind.RETURNED: gettext_noop("%(number)s“%(title)s”的销号申请被退回，理由：%(text)s。请继续整改。"),
    Kind.CLOSED: gettext_noop("%(number)s“%(title)s”已销号。"),
    Kind.EXTENSION_REQUESTED: gettext_noop("%(department)s申请将%(number)s“%(title)s”的整改期限延至%(new)s，请审批。"),
    Kind.EXTENSION_GRANTED: gettext_noop("%(number)s“%(title)s”的整改期限已延至%(new)s。"),
    Kind.EXTENSION_REFUSED: gettext_noop("%(number)s“%(title)s”的延期申请未获批准，理由：%(text)s。"),
}


def department_staff(department_ids) -> list:
    """Active 填报员 users of the departments. 1 query."""
    profiles = StaffProfile.objects.filter(department_id__in=list(department_ids), user__is_active=True)
    return [p.user for p in profiles.select_related("user")]


def supervisors() -> list:
    """Active 督查员 users. 1 query."""
    return list(get_user_model().objects.filter(groups__name=roles.SUPERVISOR, is_active=True).distinct())


def order_notify(*, order, event: OrderEvent) -> int:
    """Tell the other side about ``event`` of ``order`` (see the module). Returns how many notices were new."""
    if event.kind in TO_DEPARTMENT:
        ids = {order.lead_department_id}
        if event.kind == Kind.ISSUED:
            ids |= set(order.support_departments.values_list("pk", flat=True))
        users = department_staff(ids)
    else:
        users = supervisors()
    link = ORDER_LINK.format(pk=order.pk)
    with translation.override(settings.LANGUAGE_CODE):
        text = _(TEMPLATES[event.kind]) % {
            "number": order.number,
            "title": order.title,
            "department": order.lead_department.name,
            "ack": date_text(order.acknowledge_due),
            "deadline": date_text(order.deadline),
            "new": date_text(event.new_deadline),
            "text": event.text,
        }
        subject = _("【灵丘县生态文明建设规划管理平台】督办：%(what)s") % {"what": event.get_kind_display()}
        body = f"{text}\n\n{_('查看督办单：')}{link}"
    key = f"order:{order.pk}:v{order.version}:{event.kind}"
    new = notifications_create(notices=[Notice(user=u, key=key, text=text, link=link) for u in users])
    email_deliveries_create(notifications=new, subject=subject, body=body)
    return len(new)
