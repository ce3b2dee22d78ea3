"""Writes for a partner government putting forward its own officers for an inbound batch: the
officer is found (by the partner's reference, else by home organisation and e-mail) or
recorded, and nominated through `nomination_create`, so the call's rules are the same as for a
Hong Kong department's nomination."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from exchange_portal.roles import PARTNER_COORDINATORS, partner_scope, role_of
from exchange_portal.services import require
from participants.models import Participant, PartnerGovernment
from participants.selectors import find_partner_officer
from participants.services import participant_save
from programmes.models import Cohort, Direction

from ..models import Nomination
from .nominations import nomination_create

# What a put-forward form or an import row may say of the officer.
OFFICER_FIELDS = (
    "name_en",
    "name_zh_hant",
    "name_zh_hans",
    "email",
    "phone",
    "home_organisation",
    "home_organisation_zh_hant",
    "home_organisation_zh_hans",
    "partner_reference",
    "rank",
    "language",
)


def check_partner_batch(*, cohort: Cohort, partner: PartnerGovernment, actor) -> None:
    """A partner's officers go to an inbound batch of its own agreement; a partner coordinator
    acts only for their own government."""
    if role_of(actor) in PARTNER_COORDINATORS:
        require(
            partner.pk == partner_scope(actor),
            _("You can only put forward officers of your own government."),
            field="partner",
        )
    agreement = cohort.agreement
    require(
        cohort.direction == Direction.INBOUND
        and agreement is not None
        and agreement.partner_id == partner.pk,
        _("%(cohort)s is not an inbound batch of %(partner)s's agreement.")
        % {"cohort": cohort, "partner": partner},
        field="cohort",
    )


def partner_officer_save(
    *,
    partner: PartnerGovernment,
    actor,
    officer: Participant | None = None,
    duplicate_choice: str = "",
    **fields,
) -> Participant:
    """Record or update one of the partner's officers (the fields of OFFICER_FIELDS); the mail
    language defaults to the partner's. A new officer likely already recorded waits for
    `duplicate_choice` (participant_save)."""
    officer = officer or Participant(origin=Participant.Origin.PARTNER, partner=partner)
    require(
        officer.origin == Participant.Origin.PARTNER and officer.partner_id == partner.pk,
        _("This officer is not one of %(partner)s's officers.") % {"partner": partner},
        field="partner_reference",
    )
    values = {k: (v or "").strip() for k, v in fields.items() if k in OFFICER_FIELDS}
    if not values.get("language"):
        values["language"] = officer.language or partner.language
    return participant_save(
        participant=officer, actor=actor, duplicate_choice=duplicate_choice, **values
    )


@transaction.atomic
def partner_officer_nominate(
    *,
    cohort: Cohort,
    partner: PartnerGovernment,
    officer: Participant,
    actor,
    statement="",
    host_preferences=None,
) -> Nomination:
    """Nominate one of the partner's recorded officers for its inbound batch, with the host
    units the officer prefers in order where the batch takes them."""
    check_partner_batch(cohort=cohort, partner=partner, actor=actor)
    return nomination_create(
        cohort=cohort,
        participant=officer,
        actor=actor,
        nominating_department=None,
        statement=statement,
        host_preferences=host_preferences,
    )


@transaction.atomic
def partner_officer_put_forward(
    *,
    cohort: Cohort,
    partner: PartnerGovernment,
    actor,
    statement: str = "",
    duplicate_choice: str = "",
    host_preferences=None,
    **fields,
) -> Nomination:
    """Put one officer of `partner` forward for its inbound batch `cohort` (with the host
    units the officer prefers in order, where the batch takes them), in one
    transaction: the officer found or recorded, then nominated (no nominating department).
    An officer not found by reference or by home organisation and e-mail, but likely recorded
    (the same e-mail elsewhere, the same name and reference), waits for `duplicate_choice`:
    one of the partner's officers (nominated) or a different person (recorded)."""
    check_partner_batch(cohort=cohort, partner=partner, actor=actor)
    officer = find_partner_officer(
        partner=partner,
        partner_reference=fields.get("partner_reference", ""),
        home_organisation=fields.get("home_organisation", ""),
        email=fields.get("email", ""),
    )
    officer = partner_officer_save(
        partner=partner,
        actor=actor,
        officer=officer,
        duplicate_choice=duplicate_choice,
        **fields,
    )
    return partner_officer_nominate(
        cohort=cohort,
        partner=partner,
        officer=officer,
        actor=actor,
        statement=statement,
        host_preferences=host_preferences,
    )
