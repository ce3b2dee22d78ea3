"""State tables of nominations, placements and reports (see exchange_portal.workflow)."""

from django.utils.translation import gettext_lazy as _

from exchange_portal.history import register_actions
from exchange_portal.workflow import Transition, Workflow

from .models import Nomination, Placement, PlacementAmendment, PlacementReport

DECIDE = "placements.decide_nomination"

N = Nomination.Status
NOMINATION_WORKFLOW = Workflow(
    "placements.Nomination",
    N,
    [
        Transition("shortlist", [N.SUBMITTED], N.SHORTLISTED, _("Shortlist"), permission=DECIDE),
        Transition(
            "recommend",
            [N.SHORTLISTED],
            N.RECOMMENDED,
            _("Record recommendation"),
            permission=DECIDE,
        ),
        Transition(
            "select", [N.SHORTLISTED, N.RECOMMENDED], N.SELECTED, _("Select"), permission=DECIDE
        ),
        Transition(
            "reserve",
            [N.SHORTLISTED, N.RECOMMENDED],
            N.RESERVE,
            _("Put on the reserve list"),
            permission=DECIDE,
        ),
        Transition(
            "offer_place", [N.RESERVE], N.SELECTED, _("Offer a vacant place"), permission=DECIDE
        ),
        Transition(
            "decline",
            [N.SUBMITTED, N.SHORTLISTED, N.RECOMMENDED, N.RESERVE],
            N.NOT_SELECTED,
            _("Mark not selected"),
            permission=DECIDE,
            reason_required=True,
            irreversible=True,
        ),
        Transition(
            "withdraw",
            [N.SUBMITTED, N.SHORTLISTED, N.RECOMMENDED, N.RESERVE, N.SELECTED],
            N.WITHDRAWN,
            _("Withdraw"),
            reason_required=True,
            irreversible=True,
        ),
    ],
    default_permission="placements.change_nomination",
)

S = Placement.Status
PLACEMENT_WORKFLOW = Workflow(
    "placements.Placement",
    S,
    [
        Transition("confirm", [S.PROPOSED], S.CONFIRMED, _("Confirm")),
        Transition("start", [S.CONFIRMED], S.IN_PROGRESS, _("Start")),
        Transition("complete", [S.IN_PROGRESS], S.COMPLETED, _("Complete"), irreversible=True),
        Transition(
            "withdraw",
            [S.PROPOSED, S.CONFIRMED, S.IN_PROGRESS],
            S.WITHDRAWN,
            _("Withdraw"),
            reason_required=True,
            irreversible=True,
        ),
        Transition(
            "cancel",
            [S.PROPOSED, S.CONFIRMED, S.IN_PROGRESS],
            S.CANCELLED,
            _("Cancel"),
            reason_required=True,
            irreversible=True,
        ),
    ],
    default_permission="placements.change_placement",
)

R = PlacementReport.Status
REPORT_WORKFLOW = Workflow(
    "placements.PlacementReport",
    R,
    [
        Transition("submit", [R.DRAFT], R.SUBMITTED, _("Submit")),
        Transition("return", [R.SUBMITTED], R.DRAFT, _("Return for changes"), reason_required=True),
    ],
    default_permission="placements.change_placementreport",
)

AM = PlacementAmendment.Status
AMENDMENT_WORKFLOW = Workflow(
    "placements.PlacementAmendment",
    AM,
    [
        Transition("approve", [AM.REQUESTED], AM.APPROVED, _("Approve"), irreversible=True),
        Transition(
            "reject",
            [AM.REQUESTED],
            AM.REJECTED,
            _("Reject"),
            reason_required=True,
            irreversible=True,
        ),
        Transition(
            "withdraw",
            [AM.REQUESTED],
            AM.WITHDRAWN,
            _("Withdraw the request"),
            reason_required=True,
            irreversible=True,
        ),
    ],
    default_permission="placements.decide_placementamendment",
)

# The steps the services record that are not transitions (exchange_portal.history).
register_actions("placements.Nomination", {"submit": _("Nominated")})
register_actions(
    "placements.Placement",
    {"propose": _("Proposed"), "amendment_approved": _("Amendment approved and applied")},
)
register_actions("placements.PlacementAmendment", {"request": _("Amendment requested")})
register_actions(
    "placements.RenewalDecision",
    {"renew": _("Renewal decided"), "not_renew": _("Decided not to renew")},
)
