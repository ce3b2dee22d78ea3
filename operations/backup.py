"""Backup and restore of the configured database (`manage.py backup`, `manage.py restore`).

PostgreSQL: pg_dump in its custom format and pg_restore (--clean --if-exists --no-owner, one
transaction). SQLite: the sqlite3 backup API, to a file and back. Either way a manifest is
written next to the dump: the dump's SHA-256, the migrations applied and, for every table, the
row count and a content checksum taken in the same snapshot as the dump (operations.fingerprints).
Restore checks the file's header and SHA-256 before it touches the database, and the
fingerprints after: any difference is an error. Decision 0018.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from .fingerprints import differences, fingerprints, stored_models

MANIFEST_FORMAT = "exchange-portal-backup/1"
MANIFEST_SUFFIX = ".manifest.json"
# The first bytes of each kind of backup file.
POSTGRESQL_MAGIC = b"PGDMP"
SQLITE_MAGIC = b"SQLite format 3\x00"
# libpq reads these from the environment: the password never appears on a command line.
LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}


class BackupError(CommandError):
    """Something the operator must fix; the message says what (and the command prints it)."""


@dataclass(frozen=True)
class Result:
    path: Path
    manifest: dict
    # Tables of the manifest that this version of the code has no model for (not checked).
    unchecked: tuple[str, ...] = ()
    # Seconds spent copying the data and computing checksums.
    copy_seconds: float = 0.0
    checksum_seconds: float = 0.0

    @property
    def tables(self) -> int:
        return len(self.manifest["tables"])

    @property
    def rows(self) -> int:
        return sum(table["rows"] for table in self.manifest["tables"].values())


def manifest_path(dump: Path) -> Path:
    return dump.with_name(dump.name + MANIFEST_SUFFIX)


def default_output(using: str = DEFAULT_DB_ALIAS) -> Path:
    vendor = connections[using].vendor
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    suffix = "dump" if vendor == "postgresql" else "sqlite3"
    return Path(settings.BASE_DIR) / "var" / "backups" / f"exchange-portal-{stamp}.{suffix}"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def applied_migrations(using: str) -> list[str]:
    recorder = MigrationRecorder(connections[using])
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def _private_file(path: Path) -> None:
    """Create (or empty) the file readable by its owner only: a backup holds personal data."""
    path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    path.chmod(0o600)


def _outside_transaction(using: str):
    connection = connections[using]
    if connection.in_atomic_block:
        raise BackupError("Backup and restore cannot run inside a database transaction.")
    connection.ensure_connection()
    return connection


# PostgreSQL --------------------------------------------------------------------------------------


def _major(version_text: str) -> int:
    match = re.search(r"\)\s*(\d+)", version_text) or re.search(r"(\d+)", version_text)
    if not match:
        raise BackupError(f"Cannot read a version from {version_text!r}.")
    return int(match.group(1))


def pg_client(name: str, using: str = DEFAULT_DB_ALIAS, *, at_least: int = 0) -> str:
    """The path of pg_dump or pg_restore, checked to be new enough for the server (a client
    older than the server refuses to dump it, or cannot read a newer dump)."""
    connection = connections[using]
    connection.ensure_connection()
    server_major = connection.pg_version // 10000
    needed = max(server_major, at_least)
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} was not found on PATH. Install the PostgreSQL client tools, version "
            f"{needed} or newer (Debian: apt-get install postgresql-client)."
        )
    version = subprocess.run(  # noqa: S603 (a fixed argument list, no shell)
        [path, "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    client_major = _major(version)
    if client_major < needed:
        raise BackupError(
            f"{path} is version {client_major} ({version}), but the database server is "
            f"PostgreSQL {server_major}"
            + (
                f" and the dump was written by pg_dump {at_least}"
                if at_least > server_major
                else ""
            )
            + f": install the client tools of version {needed} or newer and put them first on PATH."
        )
    return path


def _libpq(settings_dict: dict) -> tuple[list[str], dict[str, str]]:
    """Connection arguments and environment for pg_dump/pg_restore from the Django settings."""
    arguments = ["--no-password"]
    if settings_dict.get("HOST"):
        arguments += ["--host", settings_dict["HOST"]]
    if settings_dict.get("PORT"):
        arguments += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        arguments += ["--username", settings_dict["USER"]]
    arguments += ["--dbname", settings_dict["NAME"]]
    environment = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        environment["PGPASSWORD"] = settings_dict["PASSWORD"]
    for option, variable in LIBPQ_OPTIONS.items():
        value = (settings_dict.get("OPTIONS") or {}).get(option)
        if value is not None:
            environment[variable] = str(value)
    environment["PGAPPNAME"] = "exchange-portal-backup"
    return arguments, environment


def _run(command: list[str], environment: dict[str, str]) -> None:
    finished = subprocess.run(  # noqa: S603 (a fixed argument list, no shell)
        command, env=environment, capture_output=True, text=True, check=False
    )
    if finished.returncode != 0:
        raise BackupError(
            f"{Path(command[0]).name} failed (exit {finished.returncode}):\n"
            + finished.stderr.strip()
        )


def _backup_postgresql(using: str, output: Path) -> dict:
    connection = _outside_transaction(using)
    pg_dump = pg_client("pg_dump", using)
    arguments, environment = _libpq(connection.settings_dict)
    # One snapshot for the dump and the fingerprints, so that writes made while the backup runs
    # are in neither.
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        _run(
            [
                pg_dump,
                "--format=custom",
                f"--snapshot={snapshot}",
                "--file",
                str(output),
                *arguments,
            ],
            environment,
        )
        tables = fingerprints(using=using)
        migrations = applied_migrations(using)
    version = subprocess.run(  # noqa: S603
        [pg_dump, "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    return {"tables": tables, "migrations": migrations, "tool": version}


def _restore_postgresql(using: str, path: Path, manifest: dict) -> None:
    connection = _outside_transaction(using)
    pg_restore = pg_client("pg_restore", using, at_least=_major(manifest.get("tool", "0")))
    arguments, environment = _libpq(connection.settings_dict)
    # Our own connection must hold no lock on the tables pg_restore drops.
    connection.close()
    _run(
        [pg_restore, "--clean", "--if-exists", "--no-owner", "--single-transaction",
         "--exit-on-error", *arguments, str(path)],
        environment,
    )  # fmt: skip


# SQLite ------------------------------------------------------------------------------------------


def _backup_sqlite(using: str, output: Path) -> dict:
    connection = _outside_transaction(using)
    # Inside one read transaction the fingerprints and the copy see the same state.
    with transaction.atomic(using=using):
        tables = fingerprints(using=using)
        migrations = applied_migrations(using)
        target = sqlite3.connect(output)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    return {"tables": tables, "migrations": migrations, "tool": f"sqlite {sqlite3.sqlite_version}"}


def _restore_sqlite(using: str, path: Path, manifest: dict) -> None:
    connection = _outside_transaction(using)
    source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


# Both --------------------------------------------------------------------------------------------

BACKENDS = {
    "postgresql": (_backup_postgresql, _restore_postgresql, POSTGRESQL_MAGIC),
    "sqlite": (_backup_sqlite, _restore_sqlite, SQLITE_MAGIC),
}


def _backend(using: str):
    vendor = connections[using].vendor
    if vendor not in BACKENDS:
        raise BackupError(f"Backup of a {vendor} database is not supported.")
    return vendor, BACKENDS[vendor]


def backup(output: Path | None = None, using: str = DEFAULT_DB_ALIAS) -> Result:
    """Dump the database to `output` and write its manifest next to it."""
    vendor, (dump, _restore, _magic) = _backend(using)
    output = Path(output) if output else default_output(using)
    _private_file(output)
    started = timezone.now()
    try:
        taken = dump(using, output)
    except BaseException:
        output.unlink(missing_ok=True)
        raise
    manifest = {
        "format": MANIFEST_FORMAT,
        "vendor": vendor,
        "database": connections[using].settings_dict["NAME"],
        "created_at": started.astimezone(datetime.UTC).isoformat(),
        "file": output.name,
        "sha256": sha256_of(output),
        **taken,
    }
    target = manifest_path(output)
    _private_file(target)
    target.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return Result(output, manifest)


def read_manifest(path: Path, vendor: str, magic: bytes) -> dict:
    """The backup's manifest, after checking that `path` is a backup of the right kind and
    unchanged since it was written."""
    if not path.is_file():
        raise BackupError(f"{path} does not exist.")
    with path.open("rb") as file:
        header = file.read(len(SQLITE_MAGIC))
    if not header.startswith(magic):
        kinds = {
            POSTGRESQL_MAGIC: "a PostgreSQL custom-format dump",
            SQLITE_MAGIC: "an SQLite file",
        }
        other = next((kind for m, kind in kinds.items() if header.startswith(m)), None)
        raise BackupError(
            f"{path} is not a backup of this {vendor} database"
            + (f": it is {other}." if other else f" (it does not start like {kinds[magic]}).")
        )
    try:
        manifest = json.loads(manifest_path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(
            f"{manifest_path(path)} is missing: restore checks every backup against the "
            "manifest written with it."
        ) from None
    if manifest.get("format") != MANIFEST_FORMAT or manifest.get("vendor") != vendor:
        raise BackupError(f"{manifest_path(path)} is not a manifest of a {vendor} backup.")
    if sha256_of(path) != manifest["sha256"]:
        raise BackupError(f"{path} has changed since it was written (its SHA-256 differs).")
    return manifest


def restore(path: Path, using: str = DEFAULT_DB_ALIAS) -> Result:
    """Replace the database's content with the backup at `path`, then check every table
    against the manifest; BackupError if anything differs."""
    from django.contrib.contenttypes.models import ContentType

    from exchange_portal.figures_cache import figures_changed

    vendor, (_dump, load, magic) = _backend(using)
    path = Path(path)
    manifest = read_manifest(path, vendor, magic)
    started = time.monotonic()
    load(using, path, manifest)
    loaded = time.monotonic()
    ContentType.objects.clear_cache()
    figures_changed()  # the cached figures counted the data the restore replaced
    expected = manifest["tables"]
    checked = [model for model in stored_models() if model._meta.db_table in expected]
    found = fingerprints(checked, using=using)
    timings = {"copy_seconds": loaded - started, "checksum_seconds": time.monotonic() - loaded}
    unchecked = tuple(sorted(set(expected) - set(found)))
    wrong = differences({table: expected[table] for table in found}, found)
    if wrong:
        raise BackupError(
            "The restored database does not match the backup's manifest:\n  " + "\n  ".join(wrong)
        )
    return Result(path, manifest, unchecked, **timings)


def migrations_behind(manifest: dict, using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Migrations of the code that the restored database has not applied."""
    loader = MigrationLoader(connections[using], ignore_no_migrations=True)
    applied = set(manifest["migrations"])
    on_disk = (f"{app}.{name}" for app, name in loader.disk_migrations)
    return sorted(name for name in on_disk if name not in applied)
