"""The scoring engine is pure: every module of ``indicators/scoring/engine/`` imports only the standard
library and its sibling modules (no Django, DRF, Celery or any other project module), and it loads
without Django being configured. Its package re-exports the names callers use (``engine.X``)."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from indicators.scoring import engine

PACKAGE = "indicators.scoring.engine"
ENGINE = Path(settings.BASE_DIR) / "indicators" / "scoring" / "engine"
MODULES = sorted(ENGINE.glob("*.py"))


def imported_modules(path: Path) -> set[str]:
    """Absolute names of every module imported anywhere in the file (relative imports resolved)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                names.add(".".join([PACKAGE, node.module or ""]).rstrip("."))
            else:
                names.add(node.module)
    return names


def test_the_engine_is_a_package_of_small_modules():
    assert [p.name for p in MODULES if p.name != "__init__.py"], "the engine has no modules"
    too_long = {p.name: n for p in MODULES if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500}
    assert not too_long, too_long


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_an_engine_module_imports_only_the_standard_library_and_the_engine(path):
    foreign = {
        name
        for name in imported_modules(path)
        if name.split(".")[0] not in sys.stdlib_module_names and name != PACKAGE and not name.startswith(PACKAGE + ".")
    }
    assert not foreign, f"{path.name} imports {sorted(foreign)}"


def test_the_engine_loads_without_django():
    code = (
        "import sys; import indicators.scoring.engine; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'django', 'rest_framework', 'celery'}); "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], cwd=settings.BASE_DIR, check=True, capture_output=True, timeout=60)


def test_every_exported_name_resolves():
    assert engine.__all__ and all(hasattr(engine, name) for name in engine.__all__)
