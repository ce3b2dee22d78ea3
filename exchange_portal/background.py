"""Long imports and exports handed to background work (decision 0035).

The core's import pages and exports decide when a piece of work is long (more rows than
IMPORT_BACKGROUND_ROWS or EXPORT_BACKGROUND_ROWS); the jobs app, which keeps the jobs, installs
its runner here when it is ready (jobs/apps.py), so the core never imports it. Without a runner
everything runs in the request, as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from django.conf import settings

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse


class Runner(Protocol):
    def export(self, *, view, kind: str, rows_total: int) -> HttpResponse:
        """Start the export of `view`'s table as a job; the response leads to its page."""

    def import_file(
        self, *, request: HttpRequest, resource_class, subject: str, data: bytes, rows_total: int
    ) -> HttpResponse:
        """Start the confirmed import of `data` as a job; the response leads to its page."""

    def active_job_url(self, *, user, kind: str, subject: str) -> str | None:
        """The page of `user`'s job of this kind and subject still queued or running."""


runner: Runner | None = None


def export_in_background(rows: int | None) -> bool:
    return runner is not None and rows is not None and rows > settings.EXPORT_BACKGROUND_ROWS


def import_in_background(rows: int) -> bool:
    return runner is not None and rows > settings.IMPORT_BACKGROUND_ROWS
