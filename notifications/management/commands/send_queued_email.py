"""Send what is waiting in the outbox: queued messages, failed ones with tries left, and those
whose worker stopped mid-attempt. Run it every few minutes (cron or a systemd timer); it is
safe to run at any time and twice at once."""

from django.core.management.base import BaseCommand

from notifications.models import MAX_ATTEMPTS
from notifications.services import outbound_emails_send_due


class Command(BaseCommand):
    help = (
        f"Send queued e-mails, retry failed ones (up to {MAX_ATTEMPTS} attempts) and those left "
        "half-sent by a stopped worker."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit",
            type=int,
            default=None,
            help="Send at most this many messages in this run (oldest first).",
        )

    def handle(self, *args, limit=None, **options):
        counts = outbound_emails_send_due(limit=limit)
        self.stdout.write(
            f"Sent {counts['sent']}, failed {counts['failed']}, skipped {counts['skipped']} "
            f"(already sent or being sent), stalled attempts found {counts['stalled']}."
        )
        if counts["given_up"]:
            self.stderr.write(
                f"{counts['given_up']} e-mail(s) failed {MAX_ATTEMPTS} times and are no longer "
                "retried automatically: see the outbox in the admin (status: failed) and use "
                "'Retry sending' once the cause is fixed."
            )
