"""One form to create a 填报员, 督查员 or 领导 (issue 13, item 1): account, name, role and department on one page of
the admin, instead of three steps on two pages (user → group → 人员单位).

The 系统管理员 creates the people who work with the plan; the three administrators (三员) are created by a
superuser only (separation of duties: a 系统管理员 cannot make a 安全管理员 or 审计员). The password typed here is
checked by the password rules and must be changed at the first login (``PasswordChangeRecorder``).
"""

from django import forms
from django.contrib.auth.forms import AdminUserCreationForm
from django.utils.translation import gettext_lazy as _

from responsibilities.models import Department
from responsibilities.services import user_role_assign
from tasks.common import roles

BUSINESS_ROLES = (roles.STAFF, roles.SUPERVISOR, roles.LEADER)
ROLE_LABELS = {
    roles.STAFF: _("填报员（各单位填报指标数据）"),
    roles.SUPERVISOR: _("督查员（审核、考核）"),
    roles.LEADER: _("领导（只读看板）"),
    roles.ADMIN: _("系统管理员"),
    roles.SECURITY_ADMIN: _("安全管理员"),
    roles.AUDITOR: _("审计员"),
}


class PersonCreationForm(AdminUserCreationForm):
    """Username, name, e-mail, role, department (填报员 only, required) and a first password.

    ``roles_allowed`` limits the role choice (the admin passes the three business roles to a 系统管理员, every
    role to a superuser). Raises no exception: every problem is a form error naming its field.
    """

    first_name = forms.CharField(label=_("姓名"), max_length=150)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    role = forms.ChoiceField(label=_("角色"))
    department = forms.ModelChoiceField(
        label=_("所属单位"),
        queryset=Department.objects.filter(is_active=True).order_by("order", "code"),
        required=False,
        help_text=_("填报员必须选择所属单位；督查员和领导不选。"),
    )
    roles_allowed = BUSINESS_ROLES

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("usable_password", None)  # a new person always gets a first password
        self.fields["password1"].required = True
        self.fields["password2"].required = True
        self.fields["role"].choices = [("", "---------"), *((r, ROLE_LABELS[r]) for r in self.roles_allowed)]

    def clean(self):
        cleaned = super().clean()
        role, department = cleaned.get("role"), cleaned.get("department")
        if role == roles.STAFF and department is None:
            self.add_error("department", _("填报员必须选择所属单位。"))
        elif role and role != roles.STAFF and department is not None:
            self.add_error("department", _("只有填报员属于一个填报单位；督查员和领导请不选单位。"))
        return cleaned

    def save(self, commit=True):
        self.instance._password_set_by_admin = True  # first-login change
        user = super().save(commit=False)
        user.first_name = self.cleaned_data["first_name"]
        user.email = self.cleaned_data.get("email") or ""
        if commit:
            user.save()
            self.save_m2m()
        return user

    def _save_m2m(self):
        super()._save_m2m()
        user_role_assign(user=self.instance, role=self.cleaned_data["role"], department=self.cleaned_data["department"])


def person_creation_form(*, all_roles: bool) -> type[PersonCreationForm]:
    """The creation form offering the business roles, or every role (a superuser creating the 三员)."""
    if not all_roles:
        return PersonCreationForm
    return type("AnyPersonCreationForm", (PersonCreationForm,), {"roles_allowed": roles.ALL_ROLES})
