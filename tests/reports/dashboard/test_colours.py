"""One source for status colours: static/css/status.css, read by reports.dashboard.colours for charts and the workbook.

Every status has its colours there; every stylesheet colours its status badges through ``var(--status-…)``;
no other stylesheet defines a status colour and no Python module, template or script writes one.
"""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from indicators.models import ScoreStatus
from reports.dashboard import colours
from reports.dashboard.charts.base import STATUS_ORDER, status_style
from reports.exports.xlsx import TONES, tone_colours

ROOT = Path(settings.BASE_DIR)
CSS_DIR = ROOT / "static" / "css"
SOURCE = CSS_DIR / "status.css"
WARNINGS = ("forecast_miss", "target_missing")  # early-warning badges beside the statuses
WHITE = "#ffffff"  # text on the darkest badge and the warning badges' ground: white is no status's colour
# Files and directories that are not the project's code.
SKIPPED_DIRS = {".venv", ".git", "var", "test-artifacts", "node_modules", "migrations", "__pycache__"}
# A colour equal to a status's that is not used for a status: (file, the status property it equals) → why.
NOT_A_STATUS = {("reports/exports/xlsx.py", "no_data"): "the workbook's thin header border, a neutral grey"}

COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
COLOUR_LITERAL = re.compile(r"#[0-9a-fA-F]{3,8}\b|\b(?:rgba?|hsla?)\(", re.IGNORECASE)
STATUS_CLASS = re.compile(r"\.(?:status|state)-[\w-]+")


def rules(css: str) -> list[tuple[str, str]]:
    """(selector, declarations) of every innermost rule of a stylesheet (inside @media too)."""
    return [(selector.strip(), body) for selector, body in RULE.findall(COMMENT.sub("", css))]


def project_files(*suffixes: str):
    """The project's own files with these suffixes (no virtualenv, data, migrations or caches)."""
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS]
        yield from (Path(folder) / name for name in files if Path(name).suffix in suffixes)


def status_values() -> dict[str, str]:
    """Lower-case hex (no "#") → the status property that holds it, for every status and warning colour."""
    palette = colours.palette()
    names = [name for name in palette if name.split("-")[0] in (*ScoreStatus.values, *WARNINGS)]
    return {palette[name][1:]: name for name in names if palette[name] != WHITE}


def test_every_status_has_a_chart_colour_and_badge_colours():
    palette = colours.palette()
    for code in ScoreStatus.values:
        assert {code, f"{code}-ink", f"{code}-bg"} <= palette.keys(), f"status {code} has no colour in status.css"
    for tone in (*WARNINGS, "total"):
        assert {f"{tone}-ink", f"{tone}-bg"} <= palette.keys(), tone
    assert set(STATUS_ORDER) == set(ScoreStatus.values)  # every status has a chart style…
    for code in ScoreStatus.values:
        assert status_style(code)[0] == colours.status_colour(code)  # …coloured from status.css
    for tone in TONES:  # the workbook's status cells: the badge's text and background
        ink, paper = colours.badge_colours(tone)
        assert tone_colours(tone) == (ink[1:].upper(), paper[1:].upper())


def test_the_palette_is_status_css_read_once():
    assert colours.palette() == colours.palette_parse(SOURCE.read_text(encoding="utf-8"))
    assert colours.palette() is colours.palette()


def test_palette_parse_resolves_references_and_refuses_anything_but_hex():
    css = ":root { --status-a: #ABC; --status-a-ink: var(--status-a); /* --status-b: red; */ --x: #123456; }"
    assert colours.palette_parse(css) == {"a": "#aabbcc", "a-ink": "#aabbcc"}
    for bad in (
        ":root { --status-a: red; }",
        ":root { --status-a: var(--status-b); }",
        ":root { --status-a: var(--status-a); }",
    ):
        with pytest.raises(ImproperlyConfigured):
            colours.palette_parse(bad)


def test_only_status_css_defines_status_colours():
    for path in CSS_DIR.glob("*.css"):
        if path != SOURCE:
            css = re.sub(r"var\(--status-[\w-]+\)", "", COMMENT.sub("", path.read_text(encoding="utf-8")))
            assert "--status-" not in css, f"{path.name} defines a status colour"


def test_status_badges_take_their_colours_from_status_css():
    palette, badges = colours.palette(), {}  # badges: single selector → its declarations
    for path in CSS_DIR.glob("*.css"):
        if path == SOURCE:
            continue
        for selector, body in rules(path.read_text(encoding="utf-8")):
            if not STATUS_CLASS.search(selector):
                continue
            assert not COLOUR_LITERAL.search(body), f"{path.name}: {selector} writes a colour: {body.strip()}"
            for name in re.findall(r"var\(--status-([\w-]+)\)", body):
                assert name in palette, f"{path.name}: {selector} uses --status-{name}, not in status.css"
            for single in selector.split(","):
                badges[single.strip()] = body
    for code in (*ScoreStatus.values, *WARNINGS):
        body = badges.get(f".status-{code}", "")
        assert f"var(--status-{code}-ink)" in body and f"var(--status-{code}-bg)" in body, f".status-{code}"


def test_every_page_links_status_css_before_the_stylesheets_that_use_it():
    base = (ROOT / "templates" / "base.html").read_text(encoding="utf-8")
    assert "css/status.css" in base and base.index("css/status.css") < base.index("css/portal.css")


def test_no_python_module_template_or_script_writes_a_status_colour():
    values = status_values()
    found = re.compile(r"(?<![0-9A-Za-z])#?(" + "|".join(values) + r")(?![0-9A-Za-z])", re.IGNORECASE)
    offenders = []
    for path in project_files(".py", ".html", ".js"):
        name = str(path.relative_to(ROOT))
        if path == Path(colours.__file__) or path.name.endswith(".min.js"):
            continue
        for match in found.finditer(path.read_text(encoding="utf-8")):
            status = values[match[1].lower()]
            if (name, status) not in NOT_A_STATUS:
                offenders.append(f"{name}: {match[0]} (--status-{status})")
    assert not offenders, "status colours belong in static/css/status.css: " + "; ".join(offenders)


def test_the_check_sees_a_hard_coded_status_colour():
    values = status_values()
    found = re.compile(r"(?<![0-9A-Za-z])#?(" + "|".join(values) + r")(?![0-9A-Za-z])", re.IGNORECASE)
    achieved = colours.status_colour("achieved")
    assert found.search(f'"color": "{achieved}"') and found.search(f'fgColor="{achieved[1:].upper()}"')
    assert not found.search('"color": "#ffffff"')
