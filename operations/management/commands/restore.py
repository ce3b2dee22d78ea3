"""`manage.py restore PATH [--yes]`: replace the configured database with a backup, then check
every table against the backup's manifest."""

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from operations.backup import migrations_behind, restore


class Command(BaseCommand):
    help = (
        "Restore a backup written by `manage.py backup` into the configured database, replacing "
        "what it holds, and check row counts and checksums against the backup's manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The backup file (its manifest beside it).")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Replace the database without asking (required when not run at a terminal).",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, path, yes=False, database=DEFAULT_DB_ALIAS, **options):
        name = connections[database].settings_dict["NAME"]
        if not yes:
            if not sys.stdin.isatty():
                raise CommandError(
                    f"Restoring replaces everything in database {name}. "
                    "Not at a terminal: pass --yes to confirm."
                )
            answer = input(f"Replace everything in database {name} with {path}? Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled; nothing was changed.")
        started = time.monotonic()
        result = restore(path, using=database)
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {path} (taken {result.manifest['created_at']}) into {name} in "
                f"{time.monotonic() - started:.1f} s ({result.copy_seconds:.1f} s restoring, "
                f"{result.checksum_seconds:.1f} s checking): {result.tables} tables and "
                f"{result.rows} rows match the manifest."
            )
        )
        for table in result.unchecked:
            self.stdout.write(
                self.style.WARNING(f"Not checked: {table} (no model for it in this code).")
            )
        behind = migrations_behind(result.manifest, using=database)
        if behind:
            self.stdout.write(
                self.style.WARNING(
                    f"The backup predates {len(behind)} migration(s) of this code "
                    f"({', '.join(behind[:5])}{'…' if len(behind) > 5 else ''}): "
                    "run `manage.py migrate`."
                )
            )
