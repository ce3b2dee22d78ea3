"""Writes for placement reports."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from exchange_portal.services import (
    assign_fields,
    require,
    save_with_history,
)
from exchange_portal.workflow import run_transition

from .. import notify
from ..models import PlacementReport
from ..workflow import REPORT_WORKFLOW

# Reports -----------------------------------------------------------------------------------


def may_write_report(actor, report: PlacementReport) -> bool:
    """The officer writes their own report, a contact of the host unit writes the host's
    feedback; CSB staff with the model permission may do either."""
    if actor.has_perm("placements.change_placementreport"):
        return True
    placement = report.placement
    if report.author_role == PlacementReport.Author.PARTICIPANT:
        return placement.participant.user_id == actor.pk
    return placement.host_unit.contacts.filter(pk=actor.pk).exists()


@transaction.atomic
def report_save(*, report: PlacementReport, actor, **fields) -> PlacementReport:
    report = PlacementReport.objects.select_for_update().get(pk=report.pk)
    if not may_write_report(actor, report):
        raise PermissionDenied(_("You may not write this report."))
    require(
        report.status == PlacementReport.Status.DRAFT,
        _("A submitted report cannot be changed; ask CSB to return it for changes."),
    )
    assign_fields(
        report,
        {
            k: v
            for k, v in fields.items()
            if k in {"summary", "experience_gained", "recommendations"}
        },
    )
    return save_with_history(report, actor=actor)


REPORT_CONTENT = ("summary", "experience_gained", "recommendations")


@transaction.atomic
def report_submit(*, report: PlacementReport, actor, **content) -> PlacementReport:
    """Submit a report, with its final text when given: the text and the new status are one
    change (one history row). Text fields other than the report's own are ignored."""
    content = {k: v for k, v in content.items() if k in REPORT_CONTENT}

    def has_content(locked):
        for name, value in content.items():
            setattr(locked, name, value)
        locked.clean_fields(
            exclude=[f.name for f in locked._meta.fields if f.name not in REPORT_CONTENT]
        )
        require(
            bool(locked.summary.strip()),
            _("Write a summary before submitting the report."),
            field="summary",
        )

    report = run_transition(
        REPORT_WORKFLOW,
        report,
        "submit",
        actor=actor,
        guard=has_content,
        changes={**content, "submitted_at": timezone.now(), "submitted_by": actor},
        may=may_write_report,
    )
    notify.report_submitted(report)
    return report


def report_write(*, report: PlacementReport, actor, submit: bool = False, **content):
    """What the report forms do: keep the draft, or submit it with its final text."""
    if submit:
        return report_submit(report=report, actor=actor, **content)
    return report_save(report=report, actor=actor, **content)


def report_return(*, report: PlacementReport, actor, reason: str) -> PlacementReport:
    return run_transition(
        REPORT_WORKFLOW,
        report,
        "return",
        actor=actor,
        reason=reason,
        changes={"submitted_at": None, "submitted_by": None},
    )
