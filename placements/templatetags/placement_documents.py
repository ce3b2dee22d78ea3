"""The documents checklist on a placement's page and what is missing on each party's home page
(decision 0056): `{% load placement_documents %}` in the include templates
placements/_documents_checklist.html and placements/_documents_missing.html."""

from django import template
from django.urls import reverse

from exchange_portal.roles import CSB, Role, department_scope, role_of

from ..checklist import chased, checklists, missing
from ..models import Placement

register = template.Library()

# The screen each role uploads on.
UPLOAD_URLS = {
    Role.PARTICIPANT: "portal:officer_document_upload",
    Role.HOST_CONTACT: "portal:host_document_upload",
    Role.DEPARTMENT_HR: "staff:placement_document_upload",
    Role.CSB_MANAGER: "staff:placement_document_upload",
}
# The most placements a home page lists; the rest are counted.
HOME_ROWS = 50


def _uploader(user):
    """A function (placement, requirement) -> the address of the user's upload screen for it,
    or "" when the user does not provide it; the rule the service holds, read without a query
    per row."""
    role = role_of(user)
    name = UPLOAD_URLS.get(role)
    units = set(user.host_units.values_list("pk", flat=True)) if role == Role.HOST_CONTACT else ()
    department = department_scope(user) if role == Role.DEPARTMENT_HR else None

    def provides(placement, requirement) -> bool:
        provider = requirement.provider
        if role == Role.PARTICIPANT:
            return provider == "officer" and placement.participant.user_id == user.pk
        if role == Role.DEPARTMENT_HR:
            return provider == "department_hr" and placement.participant.department_id == (
                department
            )
        if role == Role.HOST_CONTACT:
            return provider == "host" and placement.host_unit_id in units
        return role == Role.CSB_MANAGER and provider == "csb"

    def url(placement, requirement) -> str:
        if name is None or placement.status not in Placement.LIVE_STATES:
            return ""
        if not provides(placement, requirement):
            return ""
        return reverse(name, args=[placement.pk, requirement.pk])

    return url


@register.simple_tag(takes_context=True)
def document_checklist(context, placement):
    """Every document the placement needs, with its state and, for the reader, what they may
    upload."""
    user = context["request"].user
    upload_url = _uploader(user)
    [(_placement, items)] = checklists([placement])
    for item in items:
        item.upload_url = upload_url(placement, item.requirement)
    return items


@register.simple_tag(takes_context=True)
def documents_missing(context):
    """The placements the reader may see that still owe a document, with what each owes. CSB
    sees the overdue ones and those CSB provides; every other party all of their placements'."""
    user = context["request"].user
    placements = chased(Placement.objects.visible_to(user))
    only = None
    if role_of(user) in CSB:
        only = lambda item: item.overdue or item.requirement.provider == "csb"  # noqa: E731
    rows = missing(placements, only=only)
    upload_url = _uploader(user)
    for placement, items in rows[:HOME_ROWS]:
        for item in items:
            item.upload_url = upload_url(placement, item.requirement)
    return {"rows": rows[:HOME_ROWS], "count": len(rows)}
