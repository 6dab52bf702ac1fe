"""The English catalogue (locale/en/LC_MESSAGES): complete, compiled, and used by the pages.

Chinese (zh-hans) is the source language; English comes from ``django.po`` / ``django.mo``. A string
wrapped in gettext (``_()``, ``{% translate %}``, ``{% blocktranslate %}`` …) that is missing from the
``.po``, or untranslated or fuzzy there, fails this module with the list of msgids. Fix: ``make messages``
(makemessages + compilemessages), translate the new entries in ``locale/en/LC_MESSAGES/django.po``,
then ``make messages`` again so the committed ``.mo`` matches.

The source scan below mirrors what ``makemessages`` hands to xgettext (same keywords, same ignored
folders, templates through Django's own ``templatize``), so the check needs no GNU gettext tools.
"""

import ast
import gettext
import io
import json
import os
import re
import tokenize
from pathlib import Path

import polib
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation.template import templatize

from indicators.entry.timeliness import Timeliness
from indicators.models import ReportingPeriod, Score, ScoreStatus, grade_label
from tests.factories import dashboard_scores_create

ROOT = Path(settings.BASE_DIR)
PO_FILE = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")
# The folders `make messages` ignores, plus hidden folders (makemessages ignores ".*" by default).
IGNORED_DIRS = {".venv", "var", "test-artifacts", "bench", "tests", "locale", "node_modules"}
# gettext function → (context arg, msgid arg, plural arg) positions, as makemessages declares them to xgettext.
KEYWORDS = {
    "_": (None, 0, None),
    "gettext": (None, 0, None),
    "gettext_lazy": (None, 0, None),
    "gettext_noop": (None, 0, None),
    "ngettext": (None, 0, 1),
    "ngettext_lazy": (None, 0, 1),
    "pgettext": (0, 1, None),
    "pgettext_lazy": (0, 1, None),
    "npgettext": (0, 1, 2),
    "npgettext_lazy": (0, 1, 2),
}
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Placeholders and markup a translation must keep: %(name)s, %s, %%, {name}, plotly's %{x:.1f}, <tags>, &P.
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdfr]|%%|%[sd]|%\{[^}]*\}|\{\w+\}|<[^>]+>|&[PN]")


# ---------------------------------------------------------------------------------------------------
# Helpers: the catalogue, the source scan, the pages
# ---------------------------------------------------------------------------------------------------


def _po() -> polib.POFile:
    return polib.pofile(str(PO_FILE))


def _key(args: list, spec: tuple) -> tuple[str | None, str] | None:
    """(msgctxt, msgid) when every needed argument is a string literal, else None (xgettext skips it too)."""
    needed = [i for i in spec if i is not None]
    if len(args) <= max(needed) or not all(isinstance(args[i], str) for i in needed):
        return None
    return (args[spec[0]] if spec[0] is not None else None, args[spec[1]])


def _python_keys(text: str):
    for node in ast.walk(ast.parse(text)):
        func = getattr(node, "func", None)
        name = getattr(func, "id", None) or getattr(func, "attr", None)
        if isinstance(node, ast.Call) and name in KEYWORDS:
            args = [a.value if isinstance(a, ast.Constant) else None for a in node.args]
            if key := _key(args, KEYWORDS[name]):
                yield key


def _template_keys(text: str, origin: str):
    """Django's ``templatize`` turns a template into the gettext() calls xgettext reads; pick them out."""
    tokens = list(tokenize.generate_tokens(io.StringIO(templatize(text, origin=origin)).readline))
    for i, tok in enumerate(tokens[:-1]):
        if tok.type == tokenize.NAME and tok.string in KEYWORDS and tokens[i + 1].string == "(":
            args, j = [], i + 2
            while tokens[j].string != ")":
                if tokens[j].type == tokenize.STRING:
                    args.append(ast.literal_eval(tokens[j].string))
                elif tokens[j].string != ",":
                    args.append(None)
                j += 1
            if key := _key(args, KEYWORDS[tok.string]):
                yield key


def source_msgids() -> dict[tuple[str | None, str], str]:
    """Every translatable (msgctxt, msgid) in the project's .py/.html/.txt files → first file using it."""
    found: dict[tuple[str | None, str], str] = {}
    for dirpath, dirnames, filenames in os.walk(ROOT):
        dirnames[:] = [d for d in dirnames if d not in IGNORED_DIRS and not d.startswith(".")]
        for name in filenames:
            path = Path(dirpath) / name
            if name.endswith(".py"):
                keys = _python_keys(path.read_text(encoding="utf-8"))
            elif name.endswith((".html", ".txt")):
                keys = _template_keys(path.read_text(encoding="utf-8"), str(path))
            else:
                continue
            for key in keys:
                found.setdefault(key, str(path.relative_to(ROOT)))
    return found


def _mo_catalogue(path) -> dict:
    """The messages of a compiled catalogue as Django reads them (stdlib gettext), header left out."""
    with open(path, "rb") as fh:
        catalogue = dict(gettext.GNUTranslations(fh)._catalog)
    catalogue.pop("", None)
    return catalogue


def _topbar(html: str) -> str:
    """The top bar (brand, nav, user box, language switch) minus the 简体中文 option, named in its own language."""
    bar = re.search(r'<header class="topbar">(.*?)</header>', html, re.S).group(1)
    return re.sub(r'<option[^>]*lang="zh-hans"[^>]*>.*?</option>', "", bar, flags=re.S)


# ---------------------------------------------------------------------------------------------------
# The catalogue
# ---------------------------------------------------------------------------------------------------


def test_catalogue_holds_every_source_string():
    catalogue = {(e.msgctxt, e.msgid) for e in _po() if not e.obsolete}
    missing = sorted(
        f"{where}: {msgid!r}" + (f" (context {ctx!r})" if ctx else "")
        for (ctx, msgid), where in source_msgids().items()
        if (ctx, msgid) not in catalogue
    )
    assert not missing, "Not in locale/en/LC_MESSAGES/django.po — run `make messages` and translate:\n" + "\n".join(
        missing
    )


def test_gettext_is_imported_under_names_makemessages_reads():
    """``gettext_lazy as _lazy`` hides every ``_lazy("…")`` from xgettext: such strings never reach the .po."""
    odd = []
    for dirpath, dirnames, filenames in os.walk(ROOT):
        dirnames[:] = [d for d in dirnames if d not in IGNORED_DIRS and not d.startswith(".")]
        for name in (n for n in filenames if n.endswith(".py")):
            path = Path(dirpath) / name
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
                    odd += [
                        f"{path.relative_to(ROOT)}: {a.name} as {a.asname}"
                        for a in node.names
                        if a.name in KEYWORDS and a.asname not in (None, "_")
                    ]
    assert not odd, "Import gettext functions under their own name or as _ :\n" + "\n".join(odd)


def test_catalogue_has_no_untranslated_or_fuzzy_entry():
    po = _po()
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, "Untranslated msgids (add the English msgstr):\n" + "\n".join(untranslated)
    assert not fuzzy, "Fuzzy msgids (check the English, then remove '#, fuzzy'):\n" + "\n".join(fuzzy)


def test_chinese_msgids_have_english_msgstrs():
    wrong = []
    for entry in _po().translated_entries():
        texts = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        if HAN.search(entry.msgid) and any(HAN.search(t) or not t.strip() for t in texts):
            wrong.append(f"{entry.msgid!r} → {texts!r}")
    assert not wrong, "msgstr still Chinese or blank:\n" + "\n".join(wrong)


def test_translations_keep_placeholders_and_markup():
    wrong = []
    for entry in _po().translated_entries():
        texts = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        wanted = sorted(PLACEHOLDER.findall(entry.msgid))
        wrong += [f"{entry.msgid!r} → {t!r}" for t in texts if sorted(PLACEHOLDER.findall(t)) != wanted]
    assert not wrong, "Placeholders or tags differ:\n" + "\n".join(wrong)


def test_committed_mo_matches_po(tmp_path):
    """The committed .mo (what `make run` uses without gettext tools) holds exactly the .po's messages."""
    fresh = tmp_path / "django.mo"
    _po().save_as_mofile(str(fresh))
    committed, expected = _mo_catalogue(MO_FILE), _mo_catalogue(fresh)
    stale = sorted(str(k) for k in expected.keys() | committed.keys() if expected.get(k) != committed.get(k))
    assert not stale, "django.mo is out of date — run `make messages`. Differences:\n" + "\n".join(stale[:50])


# ---------------------------------------------------------------------------------------------------
# The pages
# ---------------------------------------------------------------------------------------------------


def test_language_switch_in_top_bar_without_inline_script(client, plan):
    html = client.get(reverse("login")).content.decode()
    bar = _topbar(html)
    assert f'action="{reverse("set_language")}"' in bar
    assert '<select name="language"' in bar and 'value="en"' in bar and 'value="zh-hans"' in html
    assert "js/language.js" in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script> (the CSP forbids it)"


def test_login_page_chinese_by_default_english_after_switch(client, plan):
    login = reverse("login")
    html = client.get(login).content.decode()
    assert "用户名" in html and "Username" not in html
    response = client.post(reverse("set_language"), {"language": "en", "next": login})
    assert response.status_code == 302 and response["Location"] == login
    html = client.get(login).content.decode()
    assert "Username" in html and "Password" in html and "Log in" in html
    assert "用户名" not in html and "密码" not in html
    assert not HAN.search(_topbar(html)), _topbar(html)
    assert '<html lang="en">' in html and '<option value="en" lang="en" selected>' in html


def _pages(cast, dept_a):
    period = ReportingPeriod.objects.order_by("year", "quarter").first()
    form = reverse("entry:form", args=[dept_a.code, period.year, period.quarter])
    return [
        # (user, url, English text, its Chinese source)
        (cast["leader"], reverse("dashboard:overview"), "Plan implementation progress dashboard", "规划实施进度看板"),
        (cast["supervisor"], reverse("entry:review_queue"), "Awaiting review", "待审核"),
        (cast["staff_a"], reverse("entry:submissions"), "My data entry", "我的填报"),
        (cast["staff_a"], form, "Data entry and review", "填报与审核"),
    ]


def test_pages_in_english_with_accept_language_en(client_for, cast, dept_a):
    for user, url, english, chinese in _pages(cast, dept_a):
        response = client_for(user).get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200, url
        html = response.content.decode()
        bar = _topbar(html)
        assert english in html and chinese not in html, url
        assert "Home" in bar and "Progress dashboard" in bar and "Log out" in bar, url
        assert not HAN.search(bar), f"{url}: Chinese in the top bar: {bar}"


def test_pages_in_chinese_by_default(client_for, cast, dept_a):
    for user, url, english, chinese in _pages(cast, dept_a):
        response = client_for(user).get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        bar = _topbar(html)
        assert chinese in html and english not in html, url
        assert "首页" in bar and "进度看板" in bar and "退出" in bar and "Home" not in bar, url


# ---------------------------------------------------------------------------------------------------
# Stored values named at display time: quarters, grades, statuses, day counts, dates
# (Score.grade keeps the engine's Chinese word and Score.status its code; only the page translates them)
# ---------------------------------------------------------------------------------------------------

GRADES_EN = {"优秀": "Excellent", "良好": "Good", "合格": "Pass", "不合格": "Fail"}
STATUSES_EN = {
    "achieved": "Achieved",
    "on_track": "On track",
    "lagging": "Lagging",
    "seriously_lagging": "Seriously lagging",
    "no_data": "No data",
    "missed": "Missed",
}
STATUSES_ZH = ("已达标", "正常", "滞后", "严重滞后", "无数据", "未完成")
CHINESE_QUARTER = re.compile(r"\d{4}年第[1-4]季度")
CHINESE_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")


def _en_zh(client, url: str) -> tuple[str, str]:
    """The page with Accept-Language: en, then by default (Chinese)."""
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    chinese = client.get(url)
    assert english.status_code == chinese.status_code == 200, url
    return english.content.decode(), chinese.content.decode()


def _shown(word: str, html: str) -> bool:
    """``word`` in the HTML or in a chart's json_script block (which writes non-ASCII as \\uXXXX)."""
    return word in html or json.dumps(word)[1:-1] in html


def test_period_grade_and_day_count_names_follow_the_language(plan):
    period = ReportingPeriod(year=2026, quarter=3)
    late, one = Timeliness(kind="late", days=3, due_on=None), Timeliness(kind="missing", days=1, due_on=None)
    assert (str(period), grade_label("良好"), late.label, one.label) == (
        "2026年第3季度",
        "良好",
        "逾期 3 天",
        "未报送 1 天",
    )
    with translation.override("en"):
        assert (str(period), late.label, one.label) == ("Q3 2026", "Late 3 days", "Missing 1 day")
        assert {g: grade_label(g) for g in GRADES_EN} == GRADES_EN
        assert grade_label("") == "" and grade_label(None) == ""


def test_entry_list_names_quarters_and_timeliness_in_english(client_for, cast):
    english, chinese = _en_zh(client_for(cast["staff_a"]), reverse("entry:submissions"))
    assert "Q1 2022" in english and "Q4 2025" in english and not CHINESE_QUARTER.search(english)
    assert "2022年第1季度" in chinese and "2025年第4季度" in chinese and "Q4 2025" not in chinese
    cells = re.findall(r'<span class="timeliness[^"]*">([^<]*)</span>', english)
    assert cells and not [c for c in cells if HAN.search(c)], cells


def test_dashboard_grades_statuses_and_quarters_in_english(client_for, cast, plan):
    periods = list(ReportingPeriod.objects.filter(year=2025).order_by("quarter"))
    dashboard_scores_create(plan=plan, periods=periods)
    grades = set(Score.objects.filter(level="department", period=periods[-1]).values_list("grade", flat=True))
    statuses = set(Score.objects.filter(level="task", period=periods[-1]).values_list("status", flat=True))
    english, chinese = _en_zh(client_for(cast["leader"]), reverse("dashboard:overview") + "?period=2025Q4")
    assert len(grades) >= 3 and len(statuses) >= 3, (grades, statuses)
    for word in ["Q4 2025", *(GRADES_EN[g] for g in grades), *(STATUSES_EN[s] for s in statuses)]:
        assert _shown(word, english), word
    for word in ["2025年第4季度", *GRADES_EN, *STATUSES_ZH]:
        assert not _shown(word, english), word
    for word in ["2025年第4季度", *grades, *(ScoreStatus(s).label for s in statuses)]:
        assert _shown(str(word), chinese), word
    assert '"locale": "en"' in english and '"locale": "zh-CN"' in chinese


def test_department_dashboard_grade_and_dates_in_english(client_for, cast, plan, dept_a):
    period = ReportingPeriod.objects.get(year=2025, quarter=4)
    dashboard_scores_create(plan=plan, periods=[period])
    grade = Score.objects.get(level="department", period=period, department=dept_a).grade
    url = reverse("dashboard:department", args=[dept_a.code]) + "?period=2025Q4"
    english, chinese = _en_zh(client_for(cast["leader"]), url)
    kpi = r'{}</span><span class="kpi-value">{}</span>'
    assert re.search(kpi.format("Grade", GRADES_EN[grade]), english) and re.search(kpi.format("等次", grade), chinese)
    assert CHINESE_DATE.search(chinese) and not CHINESE_DATE.search(english)
    assert re.search(r"<td>[A-Z][a-z]+\.? \d{1,2}, \d{4}</td>", english)
