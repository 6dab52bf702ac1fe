"""docker-compose.yml is valid against the Compose specification, and the image it builds is sound
(no Docker engine runs here: the Dockerfile and .dockerignore are read as text, and the image's
collectstatic step is run in this checkout)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml
from django.conf import settings

COMPOSE = Path(settings.BASE_DIR) / "docker-compose.yml"
DOCKERFILE = Path(settings.BASE_DIR) / "Dockerfile"
DOCKERIGNORE = Path(settings.BASE_DIR) / ".dockerignore"
LONG_RUNNING = {"web", "worker", "beat", "db", "redis"}


def test_compose_file_validates_against_compose_spec():
    checker = Path(sys.executable).with_name("check-jsonschema")
    result = subprocess.run(
        [str(checker), "--builtin-schema", "vendor.compose-spec", str(COMPOSE)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_has_the_five_services_with_health_checks_and_volumes():
    spec = yaml.safe_load(COMPOSE.read_text())
    assert set(spec["services"]) == LONG_RUNNING | {"migrate"}
    assert spec["services"]["db"]["image"] == "postgres:16"
    assert spec["services"]["redis"]["image"] == "redis:7"
    assert all("healthcheck" in spec["services"][name] for name in LONG_RUNNING)
    assert {"pgdata", "redisdata", "media"} <= set(spec["volumes"])
    assert "gunicorn" in spec["services"]["web"]["command"]


def test_migrations_run_once_before_the_app_and_the_plan_is_not_reloaded_on_start():
    services = yaml.safe_load(COMPOSE.read_text())["services"]
    assert services["migrate"]["command"].split()[-2:] == ["migrate", "--noinput"]
    assert services["migrate"]["restart"] == "no"
    for name in ("web", "worker", "beat"):
        assert services[name]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}, name
    for name, service in services.items():
        command = service.get("command", "")
        assert "load_plan" not in command and "demo" not in command, name


def test_compose_runs_the_production_settings_over_plain_http_by_default():
    environment = yaml.safe_load(COMPOSE.read_text())["services"]["web"]["environment"]
    assert environment["DJANGO_SETTINGS_MODULE"] == "lingqiu_portal.settings.production"
    assert environment["SECRET_KEY"].startswith("${SECRET_KEY:?")  # no default key
    for switch in ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT"):
        assert environment[switch] == f"${{{switch}:-false}}", switch


def _final_stage(dockerfile: str) -> list[str]:
    """The instructions of the Dockerfile's last stage, continuation lines joined, comments left out."""
    lines = [line.strip() for line in dockerfile.replace("\\\n", " ").splitlines()]
    instructions = [line for line in lines if line and not line.startswith("#")]
    last_from = max(i for i, line in enumerate(instructions) if line.upper().startswith("FROM "))
    return instructions[last_from:]


def test_image_is_multi_stage_and_runs_as_the_unprivileged_user_app():
    dockerfile = DOCKERFILE.read_text()
    assert sum(line.upper().startswith("FROM ") for line in dockerfile.splitlines()) >= 2
    final = _final_stage(dockerfile)
    users = [line.split()[1] for line in final if line.upper().startswith("USER ")]
    assert users and users[-1].split(":")[0] == "app", users
    assert users[-1].split(":")[0] not in ("root", "0")
    assert any(line.upper().startswith("COPY --FROM=") for line in final)  # the builder's virtualenv
    assert "DJANGO_SETTINGS_MODULE=lingqiu_portal.settings.production" in " ".join(final)
    collect = next(line for line in final if "collectstatic" in line)
    assert all(f"{name}=" in collect for name in ("SECRET_KEY", "ALLOWED_HOSTS", "CELERY_BROKER_URL"))
    assert not any(line.upper().startswith("ENV ") and "SECRET_KEY" in line for line in final)


def test_dockerignore_keeps_secrets_history_and_local_data_out():
    entries = {
        line.strip().strip("/").removeprefix("**/")
        for line in DOCKERIGNORE.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {".env", ".git", ".venv", "var", "media", "__pycache__", "test-artifacts", ".pytest_cache"} <= entries


def test_compose_check_rejects_an_invalid_file(tmp_path):
    bad = tmp_path / "compose.yml"
    bad.write_text("services:\n  web:\n    image: x\n    ports: 8000\n")
    checker = Path(sys.executable).with_name("check-jsonschema")
    result = subprocess.run([str(checker), "--builtin-schema", "vendor.compose-spec", str(bad)], capture_output=True)
    assert result.returncode != 0


def test_the_images_collectstatic_step_works_with_the_production_settings(tmp_path):
    """The Dockerfile's collectstatic RUN, with its throw-away values, into a temporary STATIC_ROOT."""
    final = _final_stage(DOCKERFILE.read_text())
    collect = next(line for line in final if "collectstatic" in line)
    assignments = dict(word.split("=", 1) for word in collect.split("python")[0].split()[1:])
    settings_module = next(
        word.split("=", 1)[1]
        for line in final
        if line.upper().startswith("ENV ")
        for word in line.split()
        if word.startswith("DJANGO_SETTINGS_MODULE=")
    )
    keep = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT"}
    env = (
        {k: v for k, v in os.environ.items() if k in keep}
        | assignments
        | {
            "DJANGO_SETTINGS_MODULE": settings_module,
            "ENV_FILE": "",
            "STATIC_ROOT": str(tmp_path / "static"),
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
    assert {"css/portal.css", "js/plotly.min.js"} <= set(manifest["paths"])
