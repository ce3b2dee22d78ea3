"""`manage.py backup [--output PATH]`: dump the configured database, with a checksum manifest."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS
from django.template.defaultfilters import filesizeformat

from operations.backup import backup, manifest_path


class Command(BaseCommand):
    help = (
        "Back up the configured database (pg_dump custom format on PostgreSQL, the SQLite "
        "backup API on SQLite) and write a manifest of row counts and checksums next to it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="Where to write the backup (default var/backups/exchange-portal-<UTC time>.*).",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, output=None, database=DEFAULT_DB_ALIAS, **options):
        started = time.monotonic()
        result = backup(output, using=database)
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {result.manifest['vendor']} database "
                f"{result.manifest['database']!s} to {result.path} "
                f"({filesizeformat(result.path.stat().st_size)}, {result.tables} tables, "
                f"{result.rows} rows) in {time.monotonic() - started:.1f} s."
            )
        )
        self.stdout.write(f"Manifest: {manifest_path(result.path)}")
