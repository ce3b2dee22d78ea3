"""Placements' state tables bound to their services and the forms their transitions ask for:
the staff screens, the admin's actions and the API are built from these."""

from exchange_portal.transitions import TransitionSet

from . import services
from .forms import RecommendationForm
from .selectors import nominations_for, placements_for
from .workflow import NOMINATION_WORKFLOW, PLACEMENT_WORKFLOW

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
