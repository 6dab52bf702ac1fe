"""Pages of the notices (thin): the user's own list, and marking all read. Routed under /scoring/ (URL names
``scoring:notifications`` and ``scoring:notifications_read``, kept from the first release)."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from indicators.notifications.selectors import notifications_of, unread_count
from indicators.notifications.services import notifications_mark_read


@login_required
def notifications(request):
    """The user's own notifications (reminders, review results), newest first."""
    items = notifications_of(user=request.user)
    return render(
        request,
        "notifications/list.html",
        {"notifications": items, "unread": sum(1 for n in items if n.read_at is None)},
    )


@login_required
@require_GET
def notifications_unread(request):
    """``{"unread": n}`` for the badge on 通知 in the top bar (filled by static/js/notices.js after the page
    loads, so no page pays a query for it). Never cached by the browser."""
    response = JsonResponse({"unread": unread_count(user=request.user)})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def notifications_read(request):
    """Mark all of the user's notifications as read."""
    notifications_mark_read(user=request.user)
    return redirect("scoring:notifications")
