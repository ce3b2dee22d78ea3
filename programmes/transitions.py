"""Programmes' state tables bound to their services and the forms their transitions ask for:
the staff screens, the admin's actions and the API are built from these."""

from exchange_portal.transitions import TransitionSet

from . import services
from .forms import OpenCallForm
from .selectors import agreements_for, cohorts_for, programmes_for
from .workflow import AGREEMENT_WORKFLOW, COHORT_WORKFLOW, PROGRAMME_WORKFLOW

COHORT_TRANSITIONS = TransitionSet(
    workflow=COHORT_WORKFLOW,
    keyword="cohort",
    services=services.COHORT_SERVICES,
    queryset=cohorts_for,
    forms={"open_nominations": OpenCallForm},
    # The cohort's admin page edits the nomination window itself: the call opens with it.
    forms_not_in_admin=frozenset({"open_nominations"}),
)
PROGRAMME_TRANSITIONS = TransitionSet(
    workflow=PROGRAMME_WORKFLOW,
    keyword="programme",
    services=services.PROGRAMME_SERVICES,
    queryset=programmes_for,
)
AGREEMENT_TRANSITIONS = TransitionSet(
    workflow=AGREEMENT_WORKFLOW,
    keyword="agreement",
    services=services.AGREEMENT_SERVICES,
    queryset=agreements_for,
)
