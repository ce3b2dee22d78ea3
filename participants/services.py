"""Writes for officers, departments and grades."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from exchange_portal.services import assign_fields, require, save_with_history

from .models import Participant

# Set by the system, never by a form.
PROTECTED_FIELDS = {"user", "created_at", "updated_at"}


@transaction.atomic
def participant_save(*, participant: Participant, actor, **fields) -> Participant:
    """Create or edit an officer. A Hong Kong civil servant needs a department; a partner
    officer needs a home organisation and has no Hong Kong department, grade or staff number."""
    assign_fields(participant, fields, protected=PROTECTED_FIELDS)
    if participant.origin == Participant.Origin.HONG_KONG:
        require(
            participant.department_id is not None,
            _("A Hong Kong civil servant needs a department."),
            field="department",
        )
    else:
        require(
            bool(participant.home_organisation.strip()),
            _("A partner-government officer needs a home organisation."),
            field="home_organisation",
        )
        require(
            participant.department_id is None and not participant.staff_number,
            _("A partner-government officer has no Hong Kong department or staff number."),
            field="department",
        )
    return save_with_history(participant, actor=actor)
