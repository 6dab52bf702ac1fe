"""``python -m bench [name …]`` — run every benchmark module of this package (or the named ones).

Benchmarks need PostgreSQL: DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/lingqiu_bench.
They run on ``lingqiu_portal.settings.dev`` with DEBUG off.
"""

import importlib
import os
import pkgutil
import sys


def main(argv: list[str]) -> int:
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lingqiu_bench")
    # Development settings, whatever the shell says: production would refuse to start without a broker and
    # keys, and the test settings' fast password hasher would flatter the login benchmark.
    os.environ["DJANGO_SETTINGS_MODULE"] = "lingqiu_portal.settings.dev"
    os.environ.setdefault("DEBUG", "False")  # no query log: it would distort time and memory
    import bench
    from bench.synthetic import database_ensure

    database_ensure()  # CREATE DATABASE when missing

    names = argv or [m.name for m in pkgutil.iter_modules(bench.__path__) if not m.name.startswith("_")]
    for name in names:
        module = importlib.import_module(f"bench.{name}")
        if hasattr(module, "run"):
            print(f"== bench.{name} ==", flush=True)
            module.run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
