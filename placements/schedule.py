"""A placement's schedule of reports, read from its programme (decision 0057): which check-ins
fall on which days and who writes each. Pure reading: placements.services.checkins opens them
when their day comes, the staff placement page shows the schedule with each one's state.

- initial: opens the programme's `initial_checkin_days` after the start;
- mid-point: opens half-way between the start and the end;
- yearly review: for an appointment of a year or more, one due on each anniversary of the
  start up to the day after the last (a two-year UN JPO: at 12 and 24 months), opening
  PLACEMENT_YEARLY_REVIEW_LEAD_DAYS before it, so that a renewal is decided in time;
- final: the end-of-placement report, opened when the placement is completed.

A check-in during the placement is due PLACEMENT_CHECKIN_DUE_DAYS after it opens; the final
report PLACEMENT_REPORT_DUE_DAYS after the end."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programmes.models import ReportWriters
from programmes.periods import add_calendar_months

from .models import Placement, PlacementReport, kind_label

Kind = PlacementReport.Kind
STATE_LABELS = {
    "scheduled": _("Not open yet"),
    # Its day passed and no report was opened: the schedule was set after it, or the
    # placement ended or was withdrawn first.
    "not_opened": _("Never opened"),
    "open": _("Open"),
    "overdue": _("Overdue"),
    "submitted": _("Submitted"),
}


@dataclass
class Checkin:
    """One check-in of a placement's schedule; `reports` its opened reports (one per author)."""

    kind: str
    sequence: int
    authors: tuple[str, ...]
    opens_on: date
    due_on: date
    reports: list = field(default_factory=list)

    @property
    def label(self) -> str:
        return kind_label(self.kind, self.sequence)

    @property
    def author_labels(self) -> list[str]:
        return [PlacementReport.Author(a).label for a in self.authors]

    @property
    def state_label(self) -> tuple[str, str]:
        """Today's state and its name in the active language."""
        state = self.state(timezone.localdate())
        return state, STATE_LABELS[state]

    def state(self, today: date) -> str:
        """ "scheduled" (not open yet), "not_opened" (its day passed without a report opened),
        "open", "overdue" or "submitted" (every author's)."""
        if not self.reports:
            return "not_opened" if self.opens_on < today else "scheduled"
        if all(r.status == PlacementReport.Status.SUBMITTED for r in self.reports):
            return "submitted"
        return "overdue" if self.due_on < today else "open"


def authors(writers: str) -> tuple[str, ...]:
    if writers == ReportWriters.BOTH:
        return (PlacementReport.Author.PARTICIPANT, PlacementReport.Author.HOST)
    if writers in (ReportWriters.PARTICIPANT, ReportWriters.HOST):
        return (writers,)
    return ()


def add_years(day: date, years: int) -> date:
    return add_calendar_months(day, 12 * years)


def is_long_appointment(start: date, end: date) -> bool:
    """A year or more: the placement runs at least to the eve of its first anniversary."""
    return end >= add_years(start, 1) - timedelta(days=1)


def anniversaries(start: date, end: date) -> list[date]:
    """The anniversaries a long appointment is reviewed at: each one up to the day after its
    last day (a two-year appointment ends on the eve of its second)."""
    if not is_long_appointment(start, end):
        return []
    found, year = [], 1
    while (day := add_years(start, year)) <= end + timedelta(days=1):
        found.append(day)
        year += 1
    return found


def schedule_for(placement: Placement) -> list[Checkin]:
    """Every check-in of the placement's programme's schedule, in date order (without their
    reports: see `with_reports`)."""
    programme = placement.cohort.programme
    start, end = placement.start_date, placement.end_date
    during = timedelta(days=settings.PLACEMENT_CHECKIN_DUE_DAYS)
    checkins = []
    who = authors(programme.initial_checkin_writers)
    opens = start + timedelta(days=programme.initial_checkin_days)
    if who and opens <= end:
        checkins.append(Checkin(Kind.INITIAL, 0, who, opens, opens + during))
    who = authors(programme.midpoint_checkin_writers)
    if who:
        opens = start + timedelta(days=(end - start).days // 2)
        checkins.append(Checkin(Kind.MIDPOINT, 0, who, opens, opens + during))
    who = authors(programme.yearly_review_writers)
    if who:
        lead = timedelta(days=settings.PLACEMENT_YEARLY_REVIEW_LEAD_DAYS)
        for year, day in enumerate(anniversaries(start, end), start=1):
            checkins.append(Checkin(Kind.YEARLY, year, who, max(day - lead, start), day))
    who = authors(programme.final_report_writers)
    if who:
        after_end = end + timedelta(days=1)
        due = end + timedelta(days=settings.PLACEMENT_REPORT_DUE_DAYS)
        checkins.append(Checkin(Kind.FINAL, 0, who, after_end, due))
    checkins.sort(key=lambda c: (c.opens_on, c.kind == Kind.FINAL))
    return checkins


def with_reports(placement: Placement, reports) -> list[Checkin]:
    """The schedule with each check-in's opened reports; a report outside the schedule (the
    programme's schedule changed since it was opened) is shown as a check-in of its own."""
    checkins = schedule_for(placement)
    by_key = {(c.kind, c.sequence): c for c in checkins}
    for report in reports:
        checkin = by_key.get((report.kind, report.sequence))
        if checkin is None:
            checkin = Checkin(report.kind, report.sequence, (), report.due_on, report.due_on)
            by_key[(report.kind, report.sequence)] = checkin
            checkins.append(checkin)
        checkin.reports.append(report)
    checkins.sort(key=lambda c: (c.opens_on, c.kind == Kind.FINAL))
    return checkins
