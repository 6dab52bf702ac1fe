"""Chinese like a government document (issue 13, item 6): no half-width : , ; ( ) between Chinese characters in the
Chinese templates (their text and translated strings) or in the catalogue's msgids of those strings — full-width
：，；（） there. Half-width stays where it belongs: 2023: 72 as typed, %(name)s, codes, URLs.

Not yet covered: strings marked for translation in Python (messages of the upload, the checks, the API), whose
half-width punctuation is still matched by tests and by upload headers of templates already downloaded;
``test_marked_python_strings_still_to_sweep`` counts them so that the number only goes down."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
BETWEEN = re.compile(rf"[{HAN}] ?[:,;()] ?[{HAN}]")
TRANSLATE = re.compile(r"\{%\s*(?:translate|trans)\s+([\"'])(.*?)\1.*?%\}", re.S)
VARIABLE = re.compile(r"\{\{.*?\}\}", re.S)
OTHER_TAG = re.compile(r"\{%.*?%\}|\{#.*?#\}", re.S)
MARKED = re.compile(r"\b(?:_|gettext|gettext_lazy|pgettext_lazy|ngettext)\(\s*(?:\"[^\"\n]*\"\s*,\s*)?\"([^\"\n]*)\"")


def visible(template: str, set_aside: frozenset = frozenset()) -> str:
    """The text a template shows: translated strings in place (those in ``set_aside`` as "V"), variables as "V",
    other tags removed."""
    text = TRANSLATE.sub(lambda m: "V" if m.group(2) in set_aside else m.group(2), template)
    return OTHER_TAG.sub("", VARIABLE.sub("V", text))


def offences(text: str) -> list[str]:
    return [m.group(0) for m in BETWEEN.finditer(text)]


def test_templates_have_full_width_punctuation_between_chinese():
    shared = frozenset(s for strings in python_strings().values() for s in strings)  # Python's, counted below
    found = {}
    for path in sorted((ROOT / "templates").glob("**/*.html")):
        if bad := offences(visible(path.read_text("utf-8"), shared)):
            found[str(path.relative_to(ROOT))] = bad
    assert found == {}


def template_strings() -> set[str]:
    return {
        m.group(2)
        for path in (ROOT / "templates").glob("**/*.html")
        for m in TRANSLATE.finditer(path.read_text("utf-8"))
    }


def python_strings() -> dict[str, list[str]]:
    found = {}
    for path in sorted(ROOT.glob("*/**/*.py")):
        relative = str(path.relative_to(ROOT))
        if relative.startswith((".venv", "tests", "bench", "var")) or "/migrations/" in relative:
            continue
        if bad := [s for s in MARKED.findall(path.read_text("utf-8")) if offences(s)]:
            found[relative] = bad
    return found


def test_catalogue_msgids_of_the_templates_have_full_width_punctuation_between_chinese():
    import polib

    catalogue = polib.pofile(str(ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    shown = template_strings()
    shared = {s for strings in python_strings().values() for s in strings}  # the same msgid used in Python too
    bad = [e.msgid for e in catalogue if e.msgid in shown and e.msgid not in shared and offences(e.msgid)]
    assert bad == []


PYTHON_STRINGS_LEFT = 116  # lower it as Python messages are swept; never raise it


def test_marked_python_strings_still_to_sweep():
    left = sum(len(strings) for strings in python_strings().values())
    assert left <= PYTHON_STRINGS_LEFT, left


def test_the_check_finds_half_width_punctuation():
    assert offences(visible('{% translate "状态" %}:{% translate "草稿" %}')) == ["态:草"]
    assert offences("目标(2025年)") == ["标(2"] or offences("规划期(二〇二五)") == ["期(二"]
    assert offences("例如“2023: 72”") == [] and offences("状态：草稿") == []
