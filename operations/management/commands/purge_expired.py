"""`manage.py purge_expired [--dry-run] [--today YYYY-MM-DD]`: apply the retention periods of
docs/privacy.md. Safe to run twice: a second run finds nothing to do."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from jobs.services import jobs_fail_stale, jobs_purge_expired
from operations.retention import purge


def iso_date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--today takes a date as YYYY-MM-DD, not {text!r}.") from None


class Command(BaseCommand):
    help = (
        "Anonymise or delete personal data past the retention periods of docs/privacy.md, "
        "keeping every aggregate figure. One transaction; a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be done; change nothing."
        )
        parser.add_argument(
            "--today",
            type=iso_date,
            help="Apply the periods as of this date (default: today in Hong Kong).",
        )

    def handle(self, *args, dry_run=False, today=None, **options):
        outcomes = purge(today=today, dry_run=dry_run)
        total = 0
        for outcome in outcomes:
            total += outcome.rows + outcome.history_rows
            history = f" (and {outcome.history_rows} history rows)" if outcome.history_rows else ""
            done = f"to be {outcome.action}" if dry_run else outcome.action
            self.stdout.write(f"{outcome.rule} {outcome.kind}: {outcome.rows} {done}{history}")
        if not dry_run:
            # Background jobs (decision 0035): the stalled marked failed, those past a day
            # deleted with their files.
            stalled, expired = jobs_fail_stale(), jobs_purge_expired()
            if stalled or expired:
                self.stdout.write(f"jobs: {stalled} stalled marked failed, {expired} deleted")
        if not total:
            summary = "Nothing is past its period."
        else:
            summary = f"Rows to be changed: {total}." if dry_run else f"Rows changed: {total}."
        self.stdout.write(self.style.WARNING(summary) if dry_run else self.style.SUCCESS(summary))
