"""OpenAPI 3 schema at /api/schema/ and Swagger UI at /api/docs/ from local static files (no CDN,
no inline script: the page must work under the CSP ``script-src 'self'``)."""

import json
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_schema_is_openapi_3_with_the_api(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for path in [
        "/api/v1/auth/token/",
        "/api/v1/systems/",
        "/api/v1/tasks/",
        "/api/v1/milestones/",
        "/api/v1/indicators/",
        "/api/v1/departments/",
        "/api/v1/assignments/",
        "/api/v1/periods/",
        "/api/v1/values/",
        "/api/v1/values/{id}/approve/",
        "/api/v1/values/{id}/return/",
        "/api/v1/values/{id}/reopen/",
        "/api/v1/submissions/{id}/submit/",
        "/api/v1/scores/",
    ]:
        assert path in paths, path
    assert {"tokenAuth", "cookieAuth"} <= set(schema["components"]["securitySchemes"])


def test_errors_are_documented_with_the_error_shape(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    create = schema["paths"]["/api/v1/values/"]["post"]["responses"]
    for code in ("400", "401", "403", "409"):
        assert create[code]["content"]["application/json"]["schema"]["$ref"].endswith("/Error")
    assert set(schema["components"]["schemas"]["Error"]["required"]) == {"detail", "errors"}


def test_schema_generates_without_warnings(tmp_path):
    call_command("spectacular", "--file", str(tmp_path / "schema.yaml"), "--fail-on-warn")


@pytest.fixture
def docs(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    return response


def test_docs_page_has_no_inline_script_and_no_cdn(docs):
    html = docs.content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    assert len(scripts) == 3  # swagger-ui bundle, standalone preset, the init script
    for attributes, body in scripts:
        assert 'src="' in attributes and not body.strip(), attributes
    assert not re.search(r" on[a-z]+=", html)  # no inline event handlers
    assert not re.search(r"(src|href)=\"(https?:)?//", html), "an absolute (CDN) URL in the docs page"
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html


def test_docs_are_served_under_a_self_only_script_policy(docs):
    policy = docs["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]


def test_docs_init_script_is_a_same_origin_javascript_file(client):
    response = client.get("/api/docs/", {"script": ""})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert 'url: "/api/schema/"' in response.content.decode()


@pytest.mark.parametrize("name", ["swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css"])
def test_swagger_ui_files_are_local_static_files(name):
    assert finders.find(f"drf_spectacular_sidecar/swagger-ui-dist/{name}")


# Integer limits that Django derives from the database backend (SQLite: 64-bit; PostgreSQL: smallint, integer).
_BACKEND_LIMITS = {2**63 - 1, -(2**63), 2**31 - 1, -(2**31), 2**15 - 1, -(2**15)}


def _shape(node):
    """The schema without its prose (descriptions, summaries, titles) and without the integer limits that depend
    on the database backend: paths, operations, parameters, fields and types."""
    if isinstance(node, dict):
        return {
            k: _shape(v)
            for k, v in node.items()
            if k not in ("description", "summary", "title")
            and not (k in ("maximum", "minimum") and v in _BACKEND_LIMITS)
            and not (k == "format" and v in ("int64", "int32"))
        }
    if isinstance(node, list):
        return [_shape(v) for v in node]
    return node


def test_the_schema_keeps_its_shape(client):
    """API clients of other county systems depend on the paths, parameters and fields: a change of shape must be
    deliberate. After an intended API change, rewrite tests/api/openapi_shape.json from the new schema."""
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    expected = json.loads((Path(__file__).parent / "openapi_shape.json").read_text("utf-8"))
    assert _shape(schema) == expected
