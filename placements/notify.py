"""Who hears about each step of the cycle. Each function queues its e-mails in the caller's
transaction (they are sent when it commits, and never if it rolls back) through the outbox;
dedupe keys make a repeated step (a re-run of the daily command) send nothing twice."""

from notifications.selectors import (
    recipient_for_participant,
    recipients_for_csb,
    recipients_for_department_hr,
    recipients_for_host_unit,
    recipients_for_partner_coordinators,
    recipients_for_programme_coordinators,
)
from notifications.services import notify

NOMINEE, HR, HOST, CSB = "nominee", "hr", "host", "csb"

NOMINATION_AUDIENCE = {
    "nomination_submitted": {HR, CSB},
    "nomination_shortlisted": {NOMINEE, HR},
    "nomination_recommended": {NOMINEE, HR},
    "nomination_selected": {NOMINEE, HR},
    "nomination_reserved": {NOMINEE, HR},
    "place_offered": {NOMINEE, HR, CSB},
    "nomination_not_selected": {NOMINEE, HR},
    "nomination_withdrawn": {NOMINEE, HR, CSB},
}
PLACEMENT_AUDIENCE = {
    "placement_proposed": {HOST},
    "placement_confirmed": {NOMINEE, HR, HOST},
    "placement_started": {NOMINEE, HR},
    "placement_completed": {NOMINEE, HOST},
    "placement_withdrawn": {NOMINEE, HR, HOST, CSB},
}
AMENDMENT_AUDIENCE = {
    "amendment_requested": {CSB},
    "amendment_approved": {NOMINEE, HR, HOST},
    "amendment_rejected": {NOMINEE, HR, CSB},
}


def _recipients(audience, *, participant, department=None, host_unit=None):
    found = []
    if NOMINEE in audience:
        found.append(recipient_for_participant(participant))
    if HR in audience and department is not None:
        found += recipients_for_department_hr(department)
    if HR in audience and participant.partner_id is not None:
        # A partner officer's own government hears what HR would of a Hong Kong officer.
        found += recipients_for_partner_coordinators(participant.partner_id)
    if HOST in audience and host_unit is not None:
        found += recipients_for_host_unit(host_unit)
    if CSB in audience:
        found += recipients_for_csb()
    return found


def nomination_event(nomination, event: str):
    participant = nomination.participant
    return notify(
        event=event,
        recipients=_recipients(
            NOMINATION_AUDIENCE[event],
            participant=participant,
            department=nomination.nominating_department or participant.department,
        ),
        context={"nomination": nomination, "cohort": nomination.cohort},
        dedupe_key=f"nomination:{nomination.pk}:{event}",
        related=nomination,
    )


def placement_event(placement, event: str, *, again_for_unit: bool = False):
    """Mail the placement's audience of `event`. `again_for_unit`: the same event for a new host
    unit (a proposal re-made to another unit after a decline), sent once per unit."""
    participant = placement.participant
    return notify(
        event=event,
        recipients=_recipients(
            PLACEMENT_AUDIENCE[event],
            participant=participant,
            department=participant.department,
            host_unit=placement.host_unit,
        ),
        context={
            "placement": placement,
            "cohort": placement.cohort,
            # Completing a placement opens its reports: the mail says when they are due.
            "due_on": next((r.due_on for r in placement.reports.all()), None),
        },
        dedupe_key=f"placement:{placement.pk}:{event}"
        + (f":unit:{placement.host_unit_id}" if again_for_unit else ""),
        related=placement,
    )


def host_answer_event(placement, event: str):
    """The host unit accepted or declined a proposal: the CSB managers and the coordinators of
    the programme's organising department (who confirm it or propose again) hear of it."""
    organiser = placement.cohort.programme.organiser
    recipients = recipients_for_csb()
    if organiser is not None:
        recipients += recipients_for_programme_coordinators(organiser)
    return notify(
        event=event,
        recipients=recipients,
        context={"placement": placement, "cohort": placement.cohort},
        # A proposal re-made to another unit is answered again: one mail per answer.
        dedupe_key=f"placement:{placement.pk}:{event}:{placement.host_responded_at:%Y%m%d%H%M%S%f}",
        related=placement,
    )


def amendment_event(amendment, event: str):
    placement = amendment.placement
    return notify(
        event=event,
        recipients=_recipients(
            AMENDMENT_AUDIENCE[event],
            participant=placement.participant,
            department=placement.participant.department,
            host_unit=amendment.new_host_unit or placement.host_unit,
        ),
        context={"amendment": amendment, "placement": placement},
        dedupe_key=f"amendment:{amendment.pk}:{event}",
        related=amendment,
    )


def _report_authors(report):
    placement = report.placement
    if report.author_role == "participant":
        return [recipient_for_participant(placement.participant)]
    return recipients_for_host_unit(placement.host_unit)


def report_opened(report):
    """A check-in of the programme's schedule opened: its author is asked to write it."""
    return notify(
        event="report_opened",
        recipients=_report_authors(report),
        context={"report": report, "placement": report.placement, "due_on": report.due_on},
        dedupe_key=f"report:{report.pk}:opened",
        related=report,
    )


def report_reminder(*, report, kind: str):
    """Before (kind "due_soon") and after ("overdue") a report's due date, once each."""
    placement = report.placement
    recipients = _report_authors(report)
    return notify(
        event=f"report_{kind}",
        recipients=recipients,
        context={"report": report, "placement": placement, "due_on": report.due_on},
        dedupe_key=f"report:{report.pk}:{kind}:{report.due_on.isoformat()}",
        related=report,
    )


def report_submitted(report):
    return notify(
        event="report_submitted",
        recipients=recipients_for_csb(),
        context={"report": report, "placement": report.placement},
        dedupe_key=f"report:{report.pk}:submitted:{report.submitted_at:%Y%m%d%H%M%S}",
        related=report,
    )


def follow_up_reminder(follow_up, *, kind: str):
    """A follow-up after return opened (kind "opened": the officer and their department's HR)
    or passed its due date with a part missing ("overdue": whoever owes theirs), once each."""
    placement = follow_up.placement
    participant = placement.participant
    recipients = []
    if kind == "opened" or follow_up.officer_submitted_at is None:
        recipients.append(recipient_for_participant(participant))
    if participant.department_id is not None and (
        kind == "opened" or follow_up.department_submitted_at is None
    ):
        recipients += recipients_for_department_hr(participant.department_id)
    return notify(
        event=f"follow_up_{kind}",
        recipients=recipients,
        context={"follow_up": follow_up, "placement": placement, "due_on": follow_up.due_on},
        dedupe_key=f"follow_up:{follow_up.pk}:{kind}",
        related=follow_up,
    )


DOCUMENT_PROVIDERS = {"officer": NOMINEE, "department_hr": HR, "host": HOST, "csb": CSB}


def document_reminder(*, item, kind: str):
    """A required document is due soon (kind "due_soon") or overdue ("overdue"): its provider
    is reminded once of each, for that due date (the outbox's dedupe key records it)."""
    placement, requirement = item.placement, item.requirement
    participant = placement.participant
    return notify(
        event=f"document_{kind}",
        recipients=_recipients(
            {DOCUMENT_PROVIDERS[requirement.provider]},
            participant=participant,
            department=participant.department,
            host_unit=placement.host_unit,
        ),
        context={"placement": placement, "requirement": requirement, "due_on": item.due_on},
        dedupe_key=(f"document:{placement.pk}:{requirement.pk}:{kind}:{item.due_on.isoformat()}"),
        related=placement,
    )
