"""Validators every text input of the portal shares: no control characters.

``text_printable_validate`` is a validator of every form text field (``TasksConfig.ready`` adds it to the
default validators of Django's ``forms.CharField``, so the pages, the login, the admin and the filters refuse
them) and ``control_characters_errors`` checks a whole API request (``tasks.common.api.PortalAPIMixin``):
the message names the character and where it is; forms show it under the field, the API keys it by the field.
Upload cells are checked by the upload's preview, with row and column.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tasks.common.text import control_character_find, control_character_name


def control_character_message(text: str) -> str | None:
    """The Chinese message for the first control character of ``text``; None when there is none."""
    found = control_character_find(text)
    if found is None:
        return None
    position, char = found
    return _("含有不可见的控制字符（%(char)s，第%(position)d个字符），请删除后重新输入。") % {
        "char": control_character_name(char),
        "position": position,
    }


def text_printable_validate(value) -> None:
    """Raise ValidationError (code ``control_character``) when the text ``value`` holds a control character
    other than tab, LF or CR. Other types pass (a JSON field validates its parsed value)."""
    message = control_character_message(value) if isinstance(value, str) else None
    if message:
        raise ValidationError(message, code="control_character")


def control_characters_errors(data, prefix: str = "") -> dict[str, list[str]]:
    """{field path: [message]} for every string in ``data`` (a dict / list / QueryDict of a request, nested)
    that holds a control character; keys and values are both checked. Paths as in the API's errors:
    ``note``, ``entries.0.note``."""
    errors = {}
    if hasattr(data, "lists"):  # QueryDict: every value of a repeated key, named by the key
        items = [(key, value) for key, values in data.lists() for value in values]
    elif isinstance(data, dict):
        items = list(data.items())
    elif isinstance(data, list | tuple):
        items = list(enumerate(data))
    else:
        message = control_character_message(data) if isinstance(data, str) else None
        return {prefix or "non_field_errors": [message]} if message else {}
    for key, value in items:
        path = f"{prefix}.{key}" if prefix else str(key)
        key_message = control_character_message(key) if isinstance(key, str) else None
        if key_message:
            errors[path] = [key_message]
            continue
        errors |= control_characters_errors(value, path)
    return errors
