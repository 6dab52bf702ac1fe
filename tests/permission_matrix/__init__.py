"""The permission matrix: every view × every role × own/other department.

Each area of the portal adds a module here (``entry.py``, ``dashboard.py``, ``reports.py``, ``api.py`` …)
defining ``CASES: list[Case]``. ``tests/test_permission_matrix.py`` runs every case for every actor
and fails when a URL name exists without a case — so a new view cannot ship without its entry.

Actors: ``anonymous``; ``staff_own`` (department A's staff on A's object); ``staff_other`` (A's staff
on department B's object); ``supervisor``; ``leader``. ``Ctx`` gives the objects; a case builds its URL
for a scope ("own" = department A's object, "other" = department B's object; staff_other uses "other",
everyone else uses "own").
"""

from collections.abc import Callable
from dataclasses import dataclass, field

ACTORS = ("anonymous", "staff_own", "staff_other", "supervisor", "leader")
LOGIN = 302  # anonymous page requests are redirected to the login page


@dataclass
class Ctx:
    """Objects shared by the cases of one test: the plan, departments A and B, the cast, a period.

    ``extra`` is a per-test cache that case builders fill (e.g. a submission of A and of B).
    """

    plan: object
    dept_a: object
    dept_b: object
    users: dict
    period: object
    extra: dict = field(default_factory=dict)

    def dept(self, scope: str):
        return self.dept_a if scope == "own" else self.dept_b

    def once(self, key: str, build: Callable):
        """Build an object once per test (e.g. ``ctx.once("sub_a", lambda: ...)``)."""
        if key not in self.extra:
            self.extra[key] = build()
        return self.extra[key]


@dataclass(frozen=True)
class Case:
    """One view (by URL name) and the status each actor gets.

    ``url``: (ctx, scope) → path. ``data``: (ctx, scope) → POST data or None. ``expect``: actor → status.
    ``unchanged``: (ctx) → a snapshot compared before/after for actors that must change nothing.
    ``format``: "json" sends ``data`` as JSON (API), otherwise form-encoded.
    """

    id: str
    url_name: str
    url: Callable
    expect: dict
    method: str = "get"
    data: Callable | None = None
    unchanged: Callable | None = None
    format: str = "form"

    def __post_init__(self):
        missing = set(ACTORS) - set(self.expect)
        assert not missing, f"case {self.id} lacks expectations for {sorted(missing)}"


def read_only(url_name: str, url: Callable, *, id: str | None = None, staff_other: int = 404, anonymous: int = LOGIN):
    """A page everyone logged in may read, except staff reading another department's object."""
    return Case(
        id=id or url_name,
        url_name=url_name,
        url=url,
        expect={"anonymous": anonymous, "staff_own": 200, "staff_other": staff_other, "supervisor": 200, "leader": 200},
    )
