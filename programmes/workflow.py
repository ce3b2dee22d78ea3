"""State tables of programmes, partner agreements and cohorts (see exchange_portal.workflow)."""

from django.utils.translation import gettext_lazy as _

from exchange_portal.workflow import Transition, Workflow

from .models import Cohort, PartnerAgreement, Programme

P = Programme.Status
PROGRAMME_WORKFLOW = Workflow(
    "programmes.Programme",
    P,
    [
        Transition("activate", [P.PLANNING], P.ACTIVE, _("Launch")),
        Transition("suspend", [P.ACTIVE], P.SUSPENDED, _("Suspend"), reason_required=True),
        Transition("resume", [P.SUSPENDED], P.ACTIVE, _("Resume")),
        Transition(
            "close",
            [P.PLANNING, P.ACTIVE, P.SUSPENDED],
            P.CLOSED,
            _("Close"),
            reason_required=True,
            irreversible=True,
        ),
    ],
    default_permission="programmes.change_programme",
)

A = PartnerAgreement.Status
AGREEMENT_WORKFLOW = Workflow(
    "programmes.PartnerAgreement",
    A,
    [
        Transition("bring_into_force", [A.DRAFT], A.IN_FORCE, _("Bring into force")),
        Transition("expire", [A.IN_FORCE], A.EXPIRED, _("Mark expired"), irreversible=True),
        Transition(
            "terminate",
            [A.DRAFT, A.IN_FORCE],
            A.TERMINATED,
            _("Terminate"),
            reason_required=True,
            irreversible=True,
        ),
    ],
    default_permission="programmes.change_partneragreement",
)

C = Cohort.Status
COHORT_WORKFLOW = Workflow(
    "programmes.Cohort",
    C,
    [
        Transition("open_nominations", [C.PLANNED], C.NOMINATIONS_OPEN, _("Open nominations")),
        Transition("start_selection", [C.NOMINATIONS_OPEN], C.SELECTION, _("Start selection")),
        Transition("confirm", [C.SELECTION], C.CONFIRMED, _("Confirm")),
        Transition("start", [C.CONFIRMED], C.IN_PROGRESS, _("Start")),
        Transition("complete", [C.IN_PROGRESS], C.COMPLETED, _("Complete"), irreversible=True),
        Transition(
            "cancel",
            [C.PLANNED, C.NOMINATIONS_OPEN, C.SELECTION, C.CONFIRMED],
            C.CANCELLED,
            _("Cancel"),
            reason_required=True,
            irreversible=True,
        ),
    ],
    default_permission="programmes.change_cohort",
)
