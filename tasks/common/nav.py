"""The links of the top bar a user sees (a context processor): only pages the user may open, so that the
安全管理员 and the 审计员 — who run accounts and read the audit log — are not offered 督办, 考核报表 or 试算,
which answer them 403 (``responsibilities.access``, ``reports.assessment.access``, ``indicators.scoring.views``)."""

from functools import cached_property

from tasks.common.roles import STAFF, user_can_read_all, user_roles


class NavLinks:
    """Read lazily by the template: a page without the top bar (``dashboard:ping``) costs no query, a page
    with it at most the user's groups (cached on the user for the request, ``roles.user_roles``)."""

    def __init__(self, user):
        self._user = user

    @cached_property
    def reads_all(self) -> bool:
        """Supervisors, leaders, 系统管理员: 试算 and everything below."""
        return user_can_read_all(self._user)

    @cached_property
    def works(self) -> bool:
        """Those and department staff (填报员): 督办 and 考核报表."""
        return self.reads_all or STAFF in user_roles(self._user)


def nav_links(request) -> dict:
    """``nav``: the links of the signed-in user (``NavLinks``); nothing for anonymous visitors."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav": NavLinks(user)}
