"""How far a running job has got, kept in the cache (shared by every app instance and worker):
an import writes in one transaction, so a count written to its row would not be seen by the
progress page until the end."""

from django.core.cache import cache

KEPT = 24 * 3600
EVERY = 100  # rows between two reports: a report per row would be a cache write per row


def _key(job_id: int) -> str:
    return f"job-progress-{job_id}"


def report(job_id: int, rows_done: int) -> None:
    cache.set(_key(job_id), rows_done, KEPT)


def reported(job_id: int) -> int | None:
    return cache.get(_key(job_id))


def forget(job_id: int) -> None:
    cache.delete(_key(job_id))


def reporter(job_id: int):
    """A callable told the number of rows done after each row; it reports every EVERY rows."""

    def on_row(rows_done: int) -> None:
        if rows_done % EVERY == 0:
            report(job_id, rows_done)

    return on_row
