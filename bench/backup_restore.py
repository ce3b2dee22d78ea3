"""Time `manage.py backup` and `manage.py restore` on the database DATABASE_URL points at.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/backup_restore.py

The database is migrated; if it holds no participants it is first seeded with bench/seed.py
(50,000 participants, 100,000 nominations and placements, history included; --participants and
--placements change that). Then it is backed up and restored once each, as an operator would
(the commands in subprocesses), and the figures printed as a Markdown table row for
docs/performance.md. It replaces the database's content with its own backup: never point it at
a database you care about.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage(*args: str) -> str:
    finished = subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return finished.stdout


def timed(*args: str) -> tuple[float, str]:
    started = time.monotonic()
    output = manage(*args)
    return time.monotonic() - started, output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=50_000)
    parser.add_argument("--placements", type=int, default=100_000)
    options = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "exchange_portal.settings.dev")
    import django

    django.setup()
    from django.db import connection

    from bench.seed import seed
    from operations.fingerprints import stored_models
    from participants.models import Participant

    manage("migrate", "--noinput", "-v0")
    if not Participant.objects.exists():
        counts = seed(participants=options.participants, placements=options.placements)
        print(f"Seeded in {counts['seconds']} s: {counts}")
    rows = sum(model._base_manager.count() for model in stored_models())
    database = connection.settings_dict["NAME"]
    server = (
        f"PostgreSQL {connection.pg_version // 10000}"
        if connection.vendor == "postgresql"
        else f"SQLite {connection.Database.sqlite_version}"
    )
    connection.close()

    with tempfile.TemporaryDirectory() as folder:
        dump = Path(folder) / "bench.backup"
        backup_seconds, _ = timed("backup", "--output", str(dump))
        size_mb = dump.stat().st_size / 1e6
        restore_seconds, restored = timed("restore", str(dump), "--yes")
    print(restored.strip())
    print(
        "| database | rows in all tables | backup file | backup | restore (with verification) |\n"
        "|---|---|---|---|---|\n"
        f"| {server} ({database}) | {rows:,} | {size_mb:.1f} MB | {backup_seconds:.1f} s "
        f"| {restore_seconds:.1f} s |"
    )


if __name__ == "__main__":
    main()
