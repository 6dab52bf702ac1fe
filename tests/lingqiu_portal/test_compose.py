"""docker-compose.yml is valid against the Compose specification (no Docker engine runs here)."""

import subprocess
import sys
from pathlib import Path

import yaml
from django.conf import settings

COMPOSE = Path(settings.BASE_DIR) / "docker-compose.yml"


def test_compose_file_validates_against_compose_spec():
    checker = Path(sys.executable).with_name("check-jsonschema")
    result = subprocess.run(
        [str(checker), "--builtin-schema", "vendor.compose-spec", str(COMPOSE)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_has_the_five_services_with_health_checks_and_volumes():
    spec = yaml.safe_load(COMPOSE.read_text())
    assert set(spec["services"]) == {"web", "worker", "beat", "db", "redis"}
    assert spec["services"]["db"]["image"] == "postgres:16"
    assert spec["services"]["redis"]["image"] == "redis:7"
    assert all("healthcheck" in service for service in spec["services"].values())
    assert {"pgdata", "redisdata", "media"} <= set(spec["volumes"])
    assert "gunicorn" in spec["services"]["web"]["command"]


def test_compose_check_rejects_an_invalid_file(tmp_path):
    bad = tmp_path / "compose.yml"
    bad.write_text("services:\n  web:\n    image: x\n    ports: 8000\n")
    checker = Path(sys.executable).with_name("check-jsonschema")
    result = subprocess.run([str(checker), "--builtin-schema", "vendor.compose-spec", str(bad)], capture_output=True)
    assert result.returncode != 0
