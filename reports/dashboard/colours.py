"""Status colours for Python (plotly charts, the assessment workbook), read from ``static/css/status.css``.

That stylesheet is the one source of the status colours: the other stylesheets use its custom properties
through ``var(--status-…)``, and this module reads the same properties (once per process) so a chart, a
badge on the page and a workbook cell of one status always share a colour. No other module writes a
status colour (``tests/reports/dashboard/test_colours.py`` checks).

Names: ``--status-<code>`` (the status's own colour, charts), ``--status-<code>-ink`` and
``--status-<code>-bg`` (badge text and background, workbook font and fill).
"""

import functools
import re
from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured

STYLESHEET = "css/status.css"

_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_PROPERTY = re.compile(r"--status-([\w-]+)\s*:\s*([^;]+);")
_REFERENCE = re.compile(r"var\(\s*--status-([\w-]+)\s*\)")
_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")


def status_colour(code: str) -> str:
    """The colour of a status in charts (``--status-<code>``): ``status_colour("lagging")`` → "#rrggbb"."""
    return palette()[code]


def badge_colours(tone: str) -> tuple[str, str]:
    """(text, background) of a status badge or workbook cell (``--status-<tone>-ink``, ``--status-<tone>-bg``)."""
    colours = palette()
    return colours[f"{tone}-ink"], colours[f"{tone}-bg"]


@functools.cache
def palette() -> dict[str, str]:
    """Every ``--status-*`` property of the stylesheet, ``var()`` resolved: {"achieved": …, "achieved-ink": …,
    "achieved-bg": …, …}; colours as lower-case six-digit hex ("#rrggbb"). Read once, then cached."""
    path = finders.find(STYLESHEET)
    if path is None:
        raise ImproperlyConfigured(f"The status colours ({STYLESHEET}) are not among the static files.")
    return palette_parse(Path(path).read_text(encoding="utf-8"))


def palette_parse(css: str) -> dict[str, str]:
    """The ``--status-*`` custom properties of a stylesheet's text (see ``palette``). A value must be a hex
    colour or ``var(--status-…)`` of another one; anything else raises ``ImproperlyConfigured``."""
    raw = {name: value.strip() for name, value in _PROPERTY.findall(_COMMENT.sub("", css))}

    def resolve(name: str, seen: tuple[str, ...] = ()) -> str:
        if name not in raw or name in seen:
            raise ImproperlyConfigured(f"{STYLESHEET}: --status-{name} is {'circular' if name in seen else 'missing'}.")
        value = raw[name]
        reference = _REFERENCE.fullmatch(value)
        if reference:
            return resolve(reference[1], (*seen, name))
        if not _HEX.fullmatch(value):
            raise ImproperlyConfigured(f"{STYLESHEET}: --status-{name} is {value!r}, not a hex colour.")
        return hex_long(value)

    return {name: resolve(name) for name in raw}


def hex_long(colour: str) -> str:
    """ "#FFF" → "#ffffff", "#ABCDEF" → "#abcdef"."""
    digits = colour.lstrip("#").lower()
    return "#" + ("".join(c * 2 for c in digits) if len(digits) == 3 else digits)
