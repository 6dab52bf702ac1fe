"""The users' admin by role (三员分立): 系统管理员 keep people's records (name, e-mail, a first password; a new
填报员/督查员/领导 with role and department in one form, ``creation.py``),
安全管理员 the account's security (active, roles, password reset); only a superuser sees everything.

A password an administrator sets here (new account, or reset) must be changed at the user's next login.
Roles decide admin access: ``is_staff`` follows the groups (any role but 填报员). Nobody but a superuser
changes their own roles or sees a superuser's account.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.utils.translation import gettext_lazy as _

from responsibilities.accounts.creation import PersonCreationForm, person_creation_form
from responsibilities.accounts.deactivation import users_deactivate
from tasks.common import roles

User = get_user_model()


class AdminSetPasswordMixin:
    """Marks the password as set by an administrator (``PasswordChangeRecorder``: first-login change)."""

    def save(self, commit=True):
        self.user._password_set_by_admin = True
        return super().save(commit=commit)


class FirstPasswordChangeForm(AdminSetPasswordMixin, AdminPasswordChangeForm):
    pass


PERSON = (_("个人信息"), {"fields": ("first_name", "last_name", "email")})
SECURITY = (_("账号与角色"), {"fields": ("is_active", "groups")})
DATES = (_("时间"), {"fields": ("last_login", "date_joined")})


class PortalUserAdmin(UserAdmin):
    add_form = PersonCreationForm
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "first_name", "email", "role", "department")}),
        (_("初始密码（首次登录须修改）"), {"classes": ("wide",), "fields": ("password1", "password2")}),
    )
    change_password_form = FirstPasswordChangeForm
    list_display = ("username", "first_name", "email", "is_active", "is_staff")
    actions = ["deactivate_selected"]

    def has_delete_permission(self, request, obj=None):
        """Nobody deletes a user (the history keeps the "who"): 停用 instead (``accounts.deactivation``)."""
        return False

    def has_deactivate_permission(self, request):
        return request.user.is_superuser or roles.SECURITY_ADMIN in roles.user_roles(request.user)

    @admin.action(description=_("停用所选账号"), permissions=["deactivate"])
    def deactivate_selected(self, request, queryset):
        count = users_deactivate(users=queryset, by=request.user)
        self.message_user(request, _("已停用 %(count)s 个账号(其历史记录保留)。") % {"count": count})

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = person_creation_form(all_roles=request.user.is_superuser)
        return super().get_form(request, obj, **kwargs)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if request.user.is_superuser else queryset.filter(is_superuser=False)

    def get_fieldsets(self, request, obj=None):
        if obj is None or request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        mine = roles.user_roles(request.user)
        fieldsets = [(None, {"fields": ("username", "password")})]
        if roles.ADMIN in mine:
            fieldsets.append(PERSON)
        if roles.SECURITY_ADMIN in mine and obj.pk != request.user.pk:
            fieldsets.append(SECURITY)
        return [*fieldsets, DATES]

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser or obj is None:
            return ()
        readonly = ["last_login", "date_joined"]
        if roles.ADMIN not in roles.user_roles(request.user):
            readonly.append("username")
        return readonly

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user = form.instance
        if not user.is_superuser:
            names = set(user.groups.values_list("name", flat=True))
            is_staff = bool(names - {roles.STAFF})
            if user.is_staff != is_staff:
                User.objects.filter(pk=user.pk).update(is_staff=is_staff)


def register() -> None:
    """Replace Django's user admin with ``PortalUserAdmin`` (``responsibilities.admin`` calls this)."""
    if admin.site.is_registered(User):
        admin.site.unregister(User)
    admin.site.register(User, PortalUserAdmin)
