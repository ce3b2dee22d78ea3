"""Which service carries out each step of a nomination, a placement, an amendment and a report,
and what a step asks for (a reason, a confirmation, the recommendation's details). The staff
screens' buttons, the admin's actions and the API's transition endpoints all read these."""

from exchange_portal.transitions import TransitionSet

from . import services
from .forms import RecommendationForm
from .selectors import amendments_for, nominations_for, placements_for, reports_for
from .workflow import AMENDMENT_WORKFLOW, NOMINATION_WORKFLOW, PLACEMENT_WORKFLOW, REPORT_WORKFLOW

NOMINATION_TRANSITIONS = TransitionSet(
    workflow=NOMINATION_WORKFLOW,
    keyword="nomination",
    services=services.NOMINATION_SERVICES,
    queryset=nominations_for,
    forms={"recommend": RecommendationForm},
)
PLACEMENT_TRANSITIONS = TransitionSet(
    workflow=PLACEMENT_WORKFLOW,
    keyword="placement",
    services=services.PLACEMENT_SERVICES,
    queryset=placements_for,
)
AMENDMENT_TRANSITIONS = TransitionSet(
    workflow=AMENDMENT_WORKFLOW,
    keyword="amendment",
    services=services.AMENDMENT_SERVICES,
    queryset=amendments_for,
)
REPORT_TRANSITIONS = TransitionSet(
    workflow=REPORT_WORKFLOW,
    keyword="report",
    services=services.REPORT_SERVICES,
    queryset=reports_for,
)
