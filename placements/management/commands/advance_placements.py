from django.core.management.base import BaseCommand

from placements.services.daily import advance


class Command(BaseCommand):
    help = (
        "Apply the steps the calendar takes: close calls whose window has ended, start and "
        "finish placements and cohorts by date, remind authors of reports due and providers "
        "of documents due, open the follow-ups after return. Run daily; safe to run twice or "
        "after missed days."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Act as if today were this date (YYYY-MM-DD).")

    def handle(self, *args, date=None, **options):
        import datetime

        from placements.notify import document_reminder, report_reminder

        today = datetime.date.fromisoformat(date) if date else None
        counts = advance(
            today=today,
            notify_reminder=report_reminder,
            follow_ups=True,
            notify_document=document_reminder,
        )
        if not counts:
            self.stdout.write("Nothing was due.")
        for what, count in sorted(counts.items()):
            self.stdout.write(f"{what}: {count}")
