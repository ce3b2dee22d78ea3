"""Which service carries out each step of a nomination, a placement, an amendment and a report,
and what a step asks for (a reason, a confirmation, the recommendation's details). The staff
screens' buttons, the admin's actions and the API's transition endpoints all read these."""

from django.utils.translation import gettext as _

from exchange_portal.transitions import TransitionSet

from . import services
from .forms import RecommendationForm
from .models import Placement
from .selectors import amendments_for, nominations_for, placements_for, reports_for
from .workflow import AMENDMENT_WORKFLOW, NOMINATION_WORKFLOW, PLACEMENT_WORKFLOW, REPORT_WORKFLOW

NOMINATION_TRANSITIONS = TransitionSet(
    workflow=NOMINATION_WORKFLOW,
    keyword="nomination",
    services=services.NOMINATION_SERVICES,
    queryset=nominations_for,
    forms={"recommend": RecommendationForm},
)


def confirm_waits_for(placement: Placement) -> str | None:
    """A placement whose programme asks the host unit first is confirmed only once the unit
    has accepted (placements.services.placement_confirm refuses before)."""
    if not placement.cohort.programme.requires_host_acceptance:
        return None
    unit = placement.host_unit.name_with_organisation
    if placement.host_response == Placement.HostResponse.DECLINED:
        return _("%(unit)s declined: propose another unit or withdraw the proposal.") % {
            "unit": unit
        }
    if placement.host_response != Placement.HostResponse.ACCEPTED:
        return _("Waiting for %(unit)s to accept.") % {"unit": unit}
    return None


PLACEMENT_TRANSITIONS = TransitionSet(
    workflow=PLACEMENT_WORKFLOW,
    keyword="placement",
    services=services.PLACEMENT_SERVICES,
    queryset=placements_for,
    waiting={"confirm": confirm_waits_for},
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
