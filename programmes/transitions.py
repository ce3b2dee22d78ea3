"""The steps of a programme, a cohort and a partner agreement, each with its service: opening a
cohort's call asks for its closing time. Read by the staff screens, the admin and the API."""

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
