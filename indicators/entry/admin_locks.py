"""The admin keeps the review workflow's rules (issue 11): approved figures and milestone reports are read-only
there (no change, no delete, no history revert); the only change is 重新打开 with a reason — the web's
``value_reopen`` / ``milestone_report_reopen``, audited, recomputed through the trigger — or 审核通过 through the
web's services (so nobody approves their own figure, 审核与填报分离). A 填报表 holding approved items is not deleted;
evidence files of approved items stay. Mixins for ``indicators.admin``'s model admins.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.actions import delete_selected
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.entry import services
from indicators.models import ReviewStatus
from tasks.common.roles import user_is_supervisor


def _approved(obj) -> bool:
    return obj is not None and obj.status == ReviewStatus.APPROVED


def _refusal(exc) -> str:
    return "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)


def _guarded_delete(refuse):
    """Django's 删除所选 action, refused with a message (``refuse(queryset)`` → text or None) before anything."""

    def action(modeladmin, request, queryset):
        if message := refuse(queryset):
            modeladmin.message_user(request, message, messages.ERROR)
            return None
        return delete_selected(modeladmin, request, queryset)

    return action


class GuardedDeleteMixin:
    """Replaces the bulk 删除所选 action with one that first asks ``delete_refusal(queryset)``. (A history page's
    revert needs ``has_change_permission`` of the current row: ``lingqiu_portal.admin_history``.)"""

    def delete_refusal(self, queryset) -> str | None:
        raise NotImplementedError

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            _func, name, description = actions["delete_selected"]
            actions[name] = (_guarded_delete(self.delete_refusal), name, description)
        return actions


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("重新打开理由"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3, "cols": 60})
    )


class ReviewedItemAdminMixin(GuardedDeleteMixin):
    """Figures and milestone reports: approved ones read-only and never deleted; actions 审核通过 and 重新打开
    (supervisors and 系统管理员, through the web's services). ``owner``: the services' keyword (value, report)."""

    owner = "value"
    actions = ["approve_selected", "reopen_selected"]

    def _services(self):
        if self.owner == "value":
            return services.value_approve, services.value_reopen
        return services.milestone_report_approve, services.milestone_report_reopen

    def has_change_permission(self, request, obj=None):
        return not _approved(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _approved(obj) and super().has_delete_permission(request, obj)

    def has_review_permission(self, request):
        return user_is_supervisor(request.user)

    def delete_refusal(self, queryset):
        if queryset.filter(status=ReviewStatus.APPROVED).exists():
            return _("所选数据中有已审核通过的数据,已锁定,不能删除;如需修改,请先重新打开。")
        return None

    def _each(self, request, queryset, call, done_text):
        done, refused = 0, []
        for obj in queryset.select_related("submission"):
            try:
                call(obj)
                done += 1
            except (ValidationError, PermissionDenied) as exc:
                refused.append(f"{obj}:{_refusal(exc)}")
        if done:
            self.message_user(request, done_text % {"count": done}, messages.SUCCESS)
        for text in refused:
            self.message_user(request, text, messages.ERROR)

    @admin.action(description=gettext_lazy("审核通过所选数据"), permissions=["review"])
    def approve_selected(self, request, queryset):
        approve, _reopen = self._services()
        done = _("已审核通过 %(count)s 条。")
        self._each(request, queryset, lambda obj: approve(**{self.owner: obj}, user=request.user), done)

    @admin.action(description=gettext_lazy("重新打开所选数据(须填写理由)"), permissions=["review"])
    def reopen_selected(self, request, queryset):
        form = ReopenForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            _approve, reopen = self._services()
            reason = form.cleaned_data["reason"]
            self._each(
                request,
                queryset,
                lambda obj: reopen(**{self.owner: obj}, user=request.user, reason=reason),
                _("已重新打开 %(count)s 条。"),
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("重新打开已审核通过的数据"),
            "opts": self.model._meta,
            "form": form,
            "queryset": queryset,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/indicators/reopen.html", context)


class SubmissionAdminMixin(GuardedDeleteMixin):
    """A 填报表 that holds an approved figure or milestone report is not deleted (single or bulk), with a message."""

    def delete_refusal(self, queryset):
        held = Q(values__status=ReviewStatus.APPROVED) | Q(milestone_reports__status=ReviewStatus.APPROVED)
        if queryset.filter(held).exists():
            return _("填报表中有已审核通过的数据,不能删除;如需更正,请重新打开相应数据后由填报单位修改。")
        return None

    def delete_view(self, request, object_id, extra_context=None):
        if message := self.delete_refusal(self.get_queryset(request).filter(pk=object_id)):
            self.message_user(request, message, messages.ERROR)
            opts = self.model._meta
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[object_id]))
        return super().delete_view(request, object_id, extra_context)


class EvidenceAdminMixin(GuardedDeleteMixin):
    """Evidence is attached on the entry form (checked there), never added here; an approved item's evidence stays.
    Deleting a row deletes its file once the deletion commits (``indicators.entry.evidence.evidence_file_remove``)."""

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        owner = None if obj is None else (obj.value or obj.milestone_report)
        return not _approved(owner) and super().has_delete_permission(request, obj)

    def delete_refusal(self, queryset):
        locked = Q(value__status=ReviewStatus.APPROVED) | Q(milestone_report__status=ReviewStatus.APPROVED)
        if queryset.filter(locked).exists():
            return _("所选佐证材料中有已审核通过数据的材料,已锁定,不能删除。")
        return None
