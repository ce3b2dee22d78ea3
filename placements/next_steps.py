"""What must happen next to a nomination or placement, and whose turn it is."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from programmes.models import Cohort

from .models import Nomination, Placement, PlacementReport

CSB = _("Civil Service Bureau")
OFFICER = _("You (the officer)")
HOST = _("The host unit")
DEPARTMENT = _("Department HR")
NOBODY = _("No action needed")


def runner(programme) -> tuple[str, str]:
    """Who runs the programme, as a sentence names them and as the "whose turn" column does:
    CSB for its own programmes, else the organising department (its coordinators, issue 16)."""
    organiser = programme.organiser
    if organiser.code == "CSB":
        return _("CSB"), CSB
    return organiser.name, organiser.name


@dataclass(frozen=True)
class NextStep:
    text: str
    whose: str


def for_placement(placement: Placement) -> NextStep | None:
    s = Placement.Status
    if placement.status == s.PROPOSED:
        answer = Placement.HostResponse
        if placement.host_response == answer.AWAITING:
            return NextStep(_("Waiting for the host unit to accept."), HOST)
        name, whose = runner(placement.cohort.programme)
        if placement.host_response == answer.DECLINED:
            return NextStep(
                _(
                    "The host unit declined (%(reason)s): %(runner)s withdraws the proposal "
                    "or proposes another unit."
                )
                % {"reason": placement.host_response_reason, "runner": name},
                whose,
            )
        if placement.host_response == answer.ACCEPTED:
            return NextStep(_("Waiting for %(runner)s to confirm.") % {"runner": name}, whose)
        return NextStep(
            _("%(runner)s confirms the placement with the host unit.") % {"runner": name}, whose
        )
    if placement.status == s.CONFIRMED:
        return NextStep(
            _("Report for duty at the host unit on %(date)s.")
            % {"date": date_format(placement.start_date)},
            OFFICER,
        )
    if placement.status == s.IN_PROGRESS:
        return NextStep(
            _("The placement ends on %(date)s.") % {"date": date_format(placement.end_date)},
            NOBODY,
        )
    if placement.status == s.COMPLETED:
        pending = {
            r.author_role: r
            for r in placement.reports.all()
            if r.status == PlacementReport.Status.DRAFT and r.kind == PlacementReport.Kind.FINAL
        }
        if PlacementReport.Author.PARTICIPANT in pending:
            report = pending[PlacementReport.Author.PARTICIPANT]
            return NextStep(
                _("Submit your end-of-placement report by %(date)s.")
                % {"date": date_format(report.due_on)},
                OFFICER,
            )
        if PlacementReport.Author.HOST in pending:
            report = pending[PlacementReport.Author.HOST]
            return NextStep(
                _("The host submits its feedback by %(date)s.")
                % {"date": date_format(report.due_on)},
                HOST,
            )
    return None


def for_nomination(nomination: Nomination) -> NextStep | None:
    s = Nomination.Status
    programme = nomination.cohort.programme
    name, whose = runner(programme)
    if nomination.status == s.SUBMITTED:
        return NextStep(_("%(runner)s screens the nomination.") % {"runner": name}, whose)
    if nomination.status == s.SHORTLISTED and programme.requires_external_recommendation:
        return NextStep(
            _("Waiting for the recommendation of %(body)s.")
            % {"body": programme.recommending_body or _("the recommending body")},
            whose,
        )
    if nomination.status in (s.SHORTLISTED, s.RECOMMENDED):
        return NextStep(_("%(runner)s decides on selection.") % {"runner": name}, whose)
    if nomination.status == s.SELECTED:
        placement = getattr(nomination, "placement", None)
        if placement is None:
            return NextStep(
                _("%(runner)s proposes a placement at a host unit.") % {"runner": name}, whose
            )
        return for_placement(placement)
    return None


def for_cohort(cohort: Cohort) -> NextStep | None:
    s = Cohort.Status
    name, whose = runner(cohort.programme)
    if cohort.status == s.PLANNED:
        return NextStep(_("%(runner)s opens the call for nominations.") % {"runner": name}, whose)
    if cohort.status == s.NOMINATIONS_OPEN:
        if cohort.nominations_close_at:
            return NextStep(
                _("Departments nominate officers by %(time)s.")
                % {
                    "time": date_format(
                        timezone.localtime(cohort.nominations_close_at), "DATETIME_FORMAT"
                    )
                },
                DEPARTMENT,
            )
        return NextStep(_("Departments nominate officers."), DEPARTMENT)
    if cohort.status == s.SELECTION:
        return NextStep(
            _("%(runner)s selects officers and proposes their placements.") % {"runner": name},
            whose,
        )
    if cohort.status == s.CONFIRMED:
        return NextStep(
            _("The batch starts on %(date)s.") % {"date": date_format(cohort.start_date)},
            NOBODY,
        )
    if cohort.status == s.IN_PROGRESS:
        return NextStep(
            _("The batch ends on %(date)s.") % {"date": date_format(cohort.end_date)}, NOBODY
        )
    return None
