"""The house's rules, read from the code's own imports (every import counts, function-level ones too).

* Apps depend one way: tasks ← responsibilities ← indicators ← reports; inside indicators the boundaries
  are ranked too (models and the pure engine ← recompute, notifications ← catalogue ← entry ← supervision ←
  scoring ← demo and wiring), so a module imports only from its own rank or below.
* No import cycle between any two modules of the project.
* No app imports the configuration package ``lingqiu_portal`` (it imports them, never the reverse).
* The scoring engine imports nothing but the standard library and itself.
* No module outside the migrations is longer than 500 lines.
"""

import ast
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = ["tasks", "responsibilities", "indicators", "reports"]
PACKAGES = [*APPS, "lingqiu_portal", "bench"]
ENGINE = "indicators.scoring.engine"
MAX_LINES = 500

# Rank of a module inside the layering: the longest matching prefix wins. A module may import modules of a
# rank lower than or equal to its own.
RANKS = {
    "tasks": 0,
    "responsibilities": 1,
    "indicators.models": 2,
    ENGINE: 2,
    "indicators.migrations": 2,
    "indicators.catalogue.periods": 2,  # quarter names and arithmetic: the models use them
    "indicators.recompute": 3,
    "indicators.notifications": 3,
    "indicators.catalogue": 4,
    "indicators.entry": 5,
    "indicators.supervision": 6,  # 督办 → 整改 → 销号: uses entry's evidence checks; scoring reads its deductions
    "indicators.scoring": 7,
    "indicators": 8,  # demo data, admin, management commands, template tags, app config
    "reports": 9,
    "lingqiu_portal": 10,
    "bench": 11,
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules() -> dict[str, Path]:
    return {
        module_name(path): path
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if ".venv" not in path.parts
    }


def imports_of(path: Path, modules: dict[str, Path]) -> set[str]:
    """Project modules ``path`` imports: ``from a.b import c`` is a.b.c when that is a module, else a.b."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in modules else base)
    return {m for m in found if m.split(".")[0] in PACKAGES} - {name}


def rank(module: str) -> int:
    prefix = max((p for p in RANKS if module == p or module.startswith(p + ".")), key=len)
    return RANKS[prefix]


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    modules = project_modules()
    return {name: imports_of(path, modules) for name, path in modules.items()}


def test_every_module_imports_only_its_own_rank_or_below(graph):
    upward = {
        f"{module} → {target}" for module, targets in graph.items() for target in targets if rank(target) > rank(module)
    }
    assert not upward, "imports against the layering:\n" + "\n".join(sorted(upward))


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index, low, on_stack, stack, found, counter = {}, {}, set(), [], [], [0]

    def connect(start):
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = counter[0]
        counter[0] += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            for succ in successors:
                if succ not in index:
                    index[succ] = low[succ] = counter[0]
                    counter[0] += 1
                    stack.append(succ)
                    on_stack.add(succ)
                    work.append((succ, iter(sorted(graph.get(succ, ())))))
                    break
                if succ in on_stack:
                    low[node] = min(low[node], index[succ])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return found


def test_no_import_cycles(graph):
    assert cycles(graph) == []


def test_no_app_imports_the_configuration_package(graph):
    offenders = {m: sorted(t for t in ts if t.startswith("lingqiu_portal")) for m, ts in graph.items()}
    offenders = {m: ts for m, ts in offenders.items() if ts and m.split(".")[0] in APPS}
    assert not offenders


def test_the_scoring_engine_imports_only_the_standard_library_and_itself():
    outside = {}
    for path in (ROOT / "indicators" / "scoring" / "engine").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        names |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module and not n.level}
        foreign = {n for n in names if n.split(".")[0] in {*PACKAGES, "django", "rest_framework", "celery"}}
        foreign = {n for n in foreign if not n.startswith(ENGINE)}
        if foreign:
            outside[path.name] = sorted(foreign)
    assert not outside


def test_no_module_is_longer_than_500_lines():
    tracked = [p for p in ROOT.rglob("*.py") if not {".venv", "migrations", "var"} & set(p.parts)]
    long = {str(p.relative_to(ROOT)): n for p in tracked if (n := len(p.read_text("utf-8").splitlines())) > MAX_LINES}
    assert not long


# ---------------------------------------------------------------- the checks can fail


def test_the_cycle_check_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_import_reader_sees_function_level_and_relative_imports(tmp_path, monkeypatch):
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    (tmp_path / "indicators").mkdir()
    module = tmp_path / "indicators" / "m.py"
    module.write_text("def f():\n    from reports.dashboard import views\nfrom .models import X\nimport tasks.models\n")
    modules = {"reports.dashboard.views": Path("x"), "indicators.models": Path("y")}
    assert imports_of(module, modules) == {"reports.dashboard.views", "indicators.models", "tasks.models"}


def test_ranks_put_entry_below_scoring_and_reports_above_indicators():
    assert rank("indicators.entry.services.saving") < rank("indicators.scoring.services")
    assert rank("indicators.catalogue.plan_loader") < rank("indicators.entry.views")
    assert rank("indicators.demo.data") < rank("reports.dashboard.views")
