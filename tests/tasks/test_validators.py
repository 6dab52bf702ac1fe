"""Control characters are refused by every text input (tasks.common.validators) and dropped from exports."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict

from tasks.common.text import control_character_find, control_characters_strip
from tasks.common.validators import control_characters_errors, text_printable_validate


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x85"])
def test_control_characters_are_refused_naming_the_character(char):
    with pytest.raises(ValidationError) as exc:
        text_printable_validate(f"说明{char}")
    assert f"U+{ord(char):04X}" in exc.value.messages[0] and "第3个字符" in exc.value.messages[0]
    assert exc.value.code == "control_character"


@pytest.mark.parametrize(
    "text", ["正常的说明", "两行\n说明", "制表\t符", "回车\r\n换行", "全角　空格", "emoji 🌲", 12, None]
)
def test_tab_line_ends_and_ordinary_text_pass(text):
    text_printable_validate(text)
    assert control_character_find(text) is None


def test_strip_keeps_tab_and_line_ends():
    assert control_characters_strip("a\x01b\x0bc\x1bd\te\nf\rg") == "ab" + "cd\te\nf\rg"


def test_every_form_text_field_refuses_them():
    """The validator is a default of Django's CharField (installed by TasksConfig.ready): any form has it."""

    class AnyForm(forms.Form):
        name = forms.CharField(label="名称")
        reason = forms.CharField(label="理由", widget=forms.Textarea, validators=[])

    form = AnyForm({"name": "ok", "reason": "退回\x1b[31m"})
    assert not form.is_valid()
    assert list(form.errors) == ["reason"] and "U+001B" in form.errors["reason"][0]


def test_request_data_errors_are_keyed_by_field_path():
    data = {"note": "a\x01", "entries": [{"note": "ok"}, {"description": "b\x0b"}], "value": 5, "ok": "fine"}
    errors = control_characters_errors(data)
    assert set(errors) == {"note", "entries.1.description"}
    query = QueryDict("q=ok&q=x%01y&page=1")
    assert set(control_characters_errors(query)) == {"q"}
