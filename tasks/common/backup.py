"""Backup and restore (数据备份恢复): the database and the media files (evidence, reports, ledgers) in one dated
archive, and back.

``backup_create`` writes ``lingqiu-backup-YYYYMMDD-HHMMSS.tar.gz``:

* ``database.dump`` — PostgreSQL: ``pg_dump --format=custom`` (one consistent snapshot by itself) when a
  ``pg_dump`` at least as new as the server is on the PATH; otherwise (SQLite, or no suitable ``pg_dump``)
  ``database.xml`` — Django's ``dumpdata`` of every table with its primary keys (XML, which keeps a time's
  microseconds) inside one REPEATABLE READ transaction, so every row is of one moment;
* ``media/…`` — every file under ``MEDIA_ROOT``;
* ``manifest.json`` — when, how the database was dumped, the migrations applied, and the SHA-256 of every other
  member: ``backup_restore`` checks them all before it touches anything.

``backup_restore`` replaces the database (``pg_restore --clean`` or ``flush`` + ``loaddata``) and the media
files (those that were there are moved aside to ``media.replaced-<time>`` beside the archive, never deleted) with
the archive's. Stop the web server, the worker and beat first. The commands record both in the audit log.
"""

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from tasks.audit.context import audit_suspend

PREFIX = "lingqiu-backup-"
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """The archive cannot be written or restored; ``str()`` says why (nothing was changed by a failed restore
    check)."""


# ---------------------------------------------------------------- backup


def backup_create(*, out_dir: Path, method: str = "auto") -> Path:
    """Write the archive into ``out_dir`` (created when missing) and return its path. ``method``: "auto",
    "pg_dump" or "dumpdata" (see the module docstring)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    target = out_dir / f"{PREFIX}{stamp}.tar.gz"
    with tempfile.TemporaryDirectory(dir=out_dir) as work:
        work = Path(work)
        database, used = _database_dump(work, method)
        members = {database.name: database}
        media_root = Path(settings.MEDIA_ROOT)
        media = sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.exists() else []
        for path in media:
            members[f"media/{path.relative_to(media_root).as_posix()}"] = path
        manifest = {
            "created_at": timezone.localtime().isoformat(),
            "database": {"method": used, "vendor": connection.vendor, "file": database.name},
            "migrations": _migrations_applied(),
            "sha256": {name: file_sha256(path) for name, path in members.items()},
        }
        partial = target.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as archive:
            _add_bytes(archive, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
            for name, path in members.items():
                archive.add(path, arcname=name, recursive=False)
        partial.rename(target)
    return target


def backups_prune(out_dir: Path, *, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` archives in ``out_dir``; returns the deleted paths."""
    archives = sorted(out_dir.glob(f"{PREFIX}*.tar.gz"))
    old = archives[:-keep] if keep > 0 else []
    for path in old:
        path.unlink()
    return old


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime = len(data), int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def _migrations_applied() -> dict[str, str]:
    """The latest applied migration of each app: {"indicators": "0003_…"}."""
    latest = {}
    for app, name in MigrationRecorder(connection).migration_qs.order_by("app", "name").values_list("app", "name"):
        latest[app] = name
    return latest


def _database_dump(work: Path, method: str) -> tuple[Path, str]:
    use_pg = method == "pg_dump" or (method == "auto" and _pg_tool_usable("pg_dump"))
    if use_pg:
        target = work / "database.dump"
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"])
        return target, "pg_dump"
    target = work / "database.xml"  # XML keeps a time's microseconds (Django's JSON writes milliseconds)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # every table read at one moment
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        call_command("dumpdata", "--format=xml", f"--output={target}", verbosity=0)
    return target, "dumpdata"


def _pg_tool_usable(tool: str) -> bool:
    """``tool`` (pg_dump / pg_restore) is on the PATH and not older than the server (an older one refuses)."""
    if connection.vendor != "postgresql" or shutil.which(tool) is None:
        return False
    try:
        output = subprocess.run([tool, "--version"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return False
    version = next((w for w in output.split() if w[:1].isdigit()), "0")
    connection.ensure_connection()
    return int(version.split(".")[0]) >= connection.pg_version // 10000


def _pg_environment() -> dict[str, str]:
    """The libpq variables of the default database (its password only through the environment)."""
    db = connection.settings_dict
    env = {**os.environ, "PGDATABASE": db["NAME"]}
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[variable] = str(db[key])
    return env


def _run(command: list[str]) -> None:
    result = subprocess.run(command, env=_pg_environment(), capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed ({result.returncode}): {result.stderr.strip()[-2000:]}")


# ---------------------------------------------------------------- restore


def backup_check(archive_path: Path) -> dict:
    """The archive's manifest after checking every member's SHA-256 against it; raises BackupError."""
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            manifest = json.load(archive.extractfile(MANIFEST))
            expected = dict(manifest["sha256"])
            for member in archive:
                if member.name == MANIFEST:
                    continue
                if not member.isfile() or _unsafe(member.name) or member.name not in expected:
                    raise BackupError(f"unexpected member in the archive: {member.name}")
                digest = hashlib.sha256()
                handle = archive.extractfile(member)
                while chunk := handle.read(CHUNK):
                    digest.update(chunk)
                if digest.hexdigest() != expected.pop(member.name):
                    raise BackupError(f"{member.name}: SHA-256 does not match the manifest (damaged archive)")
    except (tarfile.TarError, KeyError, json.JSONDecodeError, OSError) as exc:
        raise BackupError(f"{archive_path}: not a readable backup archive ({exc})") from None
    if expected:
        raise BackupError(f"missing from the archive: {', '.join(sorted(expected))}")
    return manifest


def _unsafe(name: str) -> bool:
    return name.startswith("/") or ".." in Path(name).parts


def backup_restore(archive_path: Path) -> dict:
    """Check the archive, then replace the database and the media files with its content. Returns the manifest.
    Raises BackupError (before changing anything when the archive is damaged or of another database)."""
    manifest = backup_check(archive_path)
    method = manifest["database"]["method"]
    if method == "pg_dump" and not _pg_tool_usable("pg_restore"):
        raise BackupError("the archive holds a pg_dump of PostgreSQL: restore it on PostgreSQL with pg_restore")
    with tempfile.TemporaryDirectory(dir=Path(archive_path).parent) as work:
        work = Path(work)
        with tarfile.open(archive_path, "r:gz") as archive:
            archive.extractall(work, filter="data")
        database = work / manifest["database"]["file"]
        if method == "pg_dump":
            connection.close()
            _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
                  f"--dbname={connection.settings_dict['NAME']}", str(database)])  # fmt: skip
        else:
            _load_dump(database, manifest)
        manifest["media_replaced"] = str(_media_replace(work / "media", Path(archive_path).parent) or "")
    return manifest


def _load_dump(database: Path, manifest: dict) -> None:
    """Empty every table (``flush``, then the rows its post_migrate recreates: content types, permissions, role
    groups, beat schedules — the dump holds them as they were, with their keys) and load the dump. One
    transaction; no audit records meanwhile. The database's migrations must be the archive's."""
    if manifest["migrations"] != _migrations_applied():
        raise BackupError(
            "the archive was made by another version of the portal (its migrations differ from this database's): "
            "restore it with the version that made it, or use a pg_dump archive"
        )
    with audit_suspend(), transaction.atomic():
        call_command("flush", "--noinput", verbosity=0)
        for model in apps.get_models(include_auto_created=True):
            if model._meta.managed and not model._meta.proxy:
                model._base_manager.all()._raw_delete(connection.alias)
        call_command("loaddata", str(database), verbosity=0)


def _media_replace(source: Path, aside_dir: Path) -> Path | None:
    """Move what ``MEDIA_ROOT`` holds to ``aside_dir``/media.replaced-<time> (returned; None when it was empty),
    then move the archive's files in. The directory itself stays (it may be a mounted volume)."""
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    aside = None
    if any(media_root.iterdir()):
        aside = aside_dir / f"media.replaced-{dt.datetime.now():%Y%m%d-%H%M%S}"
        aside.mkdir(parents=True)
        for child in media_root.iterdir():
            shutil.move(str(child), aside / child.name)
    if source.exists():
        for path in source.rglob("*"):
            if path.is_file():
                target = media_root / path.relative_to(source)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(str(path), target)
    return aside
