"""The Chinese admin reads in Chinese (issue 13, item 1): every list, add, change and history page of every
registered model, opened by a Chinese-speaking administrator, shows no English words outside codes and names —
library strings included (Django admin, auth, celery-beat, simple-history, import-export, axes, otp, knox) and the
public figures' sources and notes."""

import re
import zoneinfo
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse

pytestmark = pytest.mark.django_db

WORD = re.compile(r"[A-Za-z][A-Za-z']+")
# Codes and names a Chinese page shows as they are: product and protocol names, standards, units, key names.
NAMES = {
    "AMQP",
    "API",
    "CELERY_TASK_QUEUES",
    "Command",
    "Control",
    "CSV",
    "Excel",
    "GB",
    "GET",
    "HTTP",
    "Accept",
    "ID",
    "IP",
    "JSON",
    "Mac",
    "None",
    "PM",
    "POST",
    "RabbitMQ",
    "Redis",
    "SHA",
    "TOTP",
    "True",
    "False",
    "Unix",
    "UTC",
    "enabled",
    "Cron",
    "GDP",
    "µg",
    "all",
}
TIME_ZONE_WORDS = {w for name in zoneinfo.available_timezones() for w in WORD.findall(name)}
CODE = re.compile(
    r"https?://\S+|[\w.-]+@[\w.-]+"  # addresses
    r"|\b[A-Z0-9]+(?:-[A-Z0-9]+)+\b"  # indicator codes T05-AQ-GOOD
    r"|\b[a-z_]+(?:\.[A-Za-z_]+)+\b"  # dotted names: indicators.scores_recompute_all, auth.Group
    r"|\b\w+_\w+\b"  # setting and key names: CELERY_TASK_QUEUES, pbkdf2_sha256
    r"|\b[a-z]+\d\w*\b"  # algorithm names: md5, sha256
    r"|\S*\*{4,}\S*"  # masked secrets (the password hash's salt and hash)
    r"|/[\w/.-]+/"  # paths: /public/
    r"|\([mhdMY/]+\)"  # the cron field legend
    r"|\"[^\"]*\"|\[[^\]]*\]|\{[^}]*\}"  # examples in quotes, JSON lists and objects
)


class _Text(HTMLParser):
    """Visible text and the attributes read aloud (title, placeholder, aria-label, alt, button values)."""

    def __init__(self):
        super().__init__()
        self.chunks, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "code", "pre", "option"):
            self._skip += 1
        attrs = dict(attrs)
        self.chunks += [attrs[k] for k in ("title", "placeholder", "aria-label", "alt") if attrs.get(k)]
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.chunks.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "code", "pre", "option"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.chunks.append(data)


def english_words(html: str, allowed: set[str]) -> set[str]:
    parser = _Text()
    parser.feed(html)
    words = set()
    for chunk in parser.chunks:
        words |= set(WORD.findall(CODE.sub(" ", chunk)))
    return {w for w in words if w not in allowed and w not in NAMES and w not in TIME_ZONE_WORDS}


def admin_urls() -> list[str]:
    urls = [reverse("admin:index"), reverse("admin:password_change")]
    for model in admin.site._registry:
        app, name = model._meta.app_label, model._meta.model_name
        urls += [reverse(f"admin:{app}_{name}_changelist"), reverse(f"admin:{app}_{name}_add")]
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            urls.append(reverse(f"admin:{app}_{name}_change", args=[obj.pk]))
            try:
                urls.append(reverse(f"admin:{app}_{name}_history", args=[obj.pk]))
            except NoReverseMatch:
                pass
    return urls


def test_the_admin_pages_have_no_english_words(plan, client, django_user_model):
    from indicators.models import Indicator
    from responsibilities.models import Department
    from tasks.models import EcoSystem

    root = django_user_model.objects.create_superuser("root", password="x")
    client.force_login(root)
    client.get(reverse("admin:index"))  # an access log row exists
    # codes and names the data holds (department and system codes, the username)
    allowed = {"root", "order", "unknown", "plan"}  # key and field names; axes stores "<unknown>" for no user agent
    allowed |= set(Department.objects.values_list("code", flat=True))
    allowed |= set(EcoSystem.objects.values_list("code", flat=True))
    for name, unit in Indicator.objects.values_list("name", "unit"):  # 生态环境状况指数(EI), MW
        allowed |= set(WORD.findall(f"{name} {unit}"))
    leaks = {}
    for url in admin_urls():
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
        if response.status_code == 403:  # read-only models (no add page)
            continue
        assert response.status_code == 200, url
        words = english_words(response.content.decode(), allowed)
        if words:
            leaks[url] = sorted(words)
    assert leaks == {}, "\n".join(f"{url}: {words}" for url, words in leaks.items())


def test_the_check_finds_english_and_passes_codes():
    assert english_words("<p>Choose all 组</p><p>T05-AQ-GOOD 指标</p>", set()) == {"Choose"}
    assert english_words('<input type="submit" value="Search">', set()) == {"Search"}
    assert english_words("<p>以 Task Name</p><p>indicators.scores_recompute_all</p>", set()) == {"Task", "Name"}
