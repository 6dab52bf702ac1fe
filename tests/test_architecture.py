"""Dependencies point one way: tasks ← responsibilities ← indicators ← reports (no import cycles)."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

LAYERS = ["tasks", "responsibilities", "indicators", "reports"]
ROOT = Path(settings.BASE_DIR)


def imported_apps(path: Path) -> set[str]:
    """Top-level project apps a module imports (absolute imports only; the project uses no relative cross-app imports)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names & set(LAYERS)


@pytest.mark.parametrize("app", LAYERS)
def test_an_app_imports_only_the_apps_below_it(app):
    allowed = set(LAYERS[: LAYERS.index(app) + 1])
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_apps(path) - allowed)
        for path in (ROOT / app).rglob("*.py")
        if imported_apps(path) - allowed
    }
    assert not offenders, f"{app} imports from apps above it: {offenders}"


def test_the_scoring_engine_imports_no_django():
    tree = ast.parse((ROOT / "indicators" / "scoring" / "engine.py").read_text(encoding="utf-8"))
    modules = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)} | {
        a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names
    }
    assert not any(m and m.split(".")[0] in {"django", "rest_framework", "celery"} for m in modules)


def test_the_import_check_sees_an_upward_import(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("from reports.dashboard.selectors import x\nimport indicators.models\nfrom . import y\n")
    assert imported_apps(module) == {"reports", "indicators"}
