"""Reads for officers."""

import re
from dataclasses import dataclass

from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Lower, Replace
from django.utils.translation import gettext_lazy as _

from exchange_portal.names import list_separator, to_simplified, to_traditional
from exchange_portal.roles import PARTNER_COORDINATORS, partner_scope, role_of

from .models import Department, Participant

# How many likely duplicates a screen or a message names at most.
MATCHES_SHOWN = 5


def participants_for(user) -> QuerySet[Participant]:
    """The officers a user may see (`visible_to`), with what the lists print."""
    return Participant.objects.visible_to(user).select_related("department", "grade")


def departments_for(request) -> QuerySet[Department]:
    """The departments a filter offers: those the user may see; all when there is no request
    (a filter built outside a page, e.g. for the schema)."""
    queryset = Department.objects.order_by("code")
    return queryset if request is None else queryset.visible_to(request.user)


def find_partner_officer(*, partner, partner_reference="", home_organisation="", email=""):
    """The partner's officer named by its reference, else by home organisation and e-mail
    (case-insensitive); never a Hong Kong officer or another partner's."""
    if partner is None:
        return None
    officers = Participant.objects.filter(partner=partner, origin=Participant.Origin.PARTNER)
    reference = (partner_reference or "").strip()
    if reference:
        found = officers.filter(partner_reference__iexact=reference).first()
        if found is not None:
            return found
    home_organisation = (home_organisation or "").strip()
    email = (email or "").strip()
    if home_organisation and email:
        return officers.filter(
            home_organisation__iexact=home_organisation, email__iexact=email
        ).first()
    return None


# Likely duplicates (one record per person; docs/decisions/0042-one-record-per-person.md) -----

# What a match is found by, as the user reads it.
SAME_STAFF_NUMBER = _("staff number")
SAME_EMAIL = _("e-mail address")
SAME_NAME_AND_BIRTH = _("name and date of birth")
SAME_NAME_AND_REFERENCE = _("name and partner reference")

# What names are compared without, for duplicates: ONE list for name_key (Python) and
# _name_key_expression (SQL), so that a stored name the key matches is one the query finds.
# White space as typed (space, tab, line breaks, no-break, narrow no-break and ideographic
# spaces), hyphens and dashes, underscores, dots, commas, apostrophes and middle dots.
NAME_NOISE = (
    " ",
    "\t",
    "\n",
    "\r",
    "\u00a0",  # no-break space
    "\u202f",  # narrow no-break space
    "\u3000",  # ideographic space
    "-",
    "\u2010",  # hyphen
    "\u2011",  # non-breaking hyphen
    "\u2013",  # en dash
    "\u2014",  # em dash
    "_",
    ".",
    ",",
    "'",
    "\u2019",  # right single quotation mark, the apostrophe of Tai’man
    "\u00b7",  # middle dot
    "\u30fb",  # katakana middle dot
)
_NAME_NOISE = re.compile("[" + re.escape("".join(NAME_NOISE)) + "]+")


def name_key(name: str) -> str:
    """A name as compared for duplicates: case and NAME_NOISE left out, so that
    'CHAN Tai-man', 'Chan Tai Man', 'CHAN_TAI·MAN' and 'chan taiman' are one name ('陳 大文'
    and '陳大文' too)."""
    return _NAME_NOISE.sub("", (name or "").casefold())


def _name_key_expression(field: str):
    """name_key in SQL: lower case without NAME_NOISE."""
    expression = Lower(field)
    for noise in NAME_NOISE:
        expression = Replace(expression, Value(noise), Value(""))
    return expression


@dataclass(frozen=True)
class LikelyMatch:
    """A recorded officer who is likely the same person as one about to be recorded.
    `officer` is None when the record is out of the asker's reach: then only what matched is
    told, never who it is."""

    pk: int
    reasons: tuple
    officer: Participant | None = None

    @property
    def in_reach(self) -> bool:
        return self.officer is not None

    @property
    def what_matched(self) -> str:
        return list_separator().join(str(reason) for reason in self.reasons)

    def describe(self) -> str:
        if self.officer is None:
            return str(
                _(
                    "An officer with the same %(what)s is already recorded in another "
                    "department or organisation: ask CSB."
                )
                % {"what": self.what_matched}
            )
        officer = self.officer
        return str(
            _("%(name)s (%(affiliation)s), the same %(what)s")
            % {
                "name": officer.display_name,
                "affiliation": officer.affiliation_code or officer.get_origin_display(),
                "what": self.what_matched,
            }
        )


def _pool_for(user):
    """The officers a duplicate may be looked for among: a partner coordinator learns only of
    their own government's officers (not even that another exists); everyone else is told of
    every match, and of those out of reach only that they exist (LikelyMatch.describe)."""
    pool = Participant.objects.all()
    if role_of(user) in PARTNER_COORDINATORS:
        pool = pool.filter(partner_id=partner_scope(user), origin=Participant.Origin.PARTNER)
    return pool


def likely_duplicates(
    candidate: Participant, *, user, limit: int = MATCHES_SHOWN
) -> list[LikelyMatch]:
    """Recorded officers likely to be the same person as `candidate` (not yet saved, or being
    saved): the same staff number; the same e-mail address (case-insensitive); or the same
    name (English or Chinese, compared by name_key) with the same date of birth or the same
    partner reference. Those `user` may not read are returned without the officer."""
    staff_number = (candidate.staff_number or "").strip()
    email = (candidate.email or "").strip()
    chinese = {candidate.name_zh_hant or "", candidate.name_zh_hans or ""}
    # The same Chinese name written in the other script is the same name (陳大文, 陈大文).
    chinese |= {to_simplified(n) for n in chinese} | {to_traditional(n) for n in chinese}
    names = {name_key(candidate.name_en), *(name_key(n) for n in chinese)} - {""}
    reference = (candidate.partner_reference or "").strip()
    birth = candidate.date_of_birth
    found = Q(pk__in=[])
    if staff_number:
        found |= Q(staff_number__iexact=staff_number)
    if email:
        found |= Q(email__iexact=email)
    same_name = Q(en_key__in=names) | Q(hant_key__in=names) | Q(hans_key__in=names)
    if names and birth:
        found |= same_name & Q(date_of_birth=birth)
    if names and reference:
        found |= same_name & Q(partner_reference__iexact=reference)
    pool = _pool_for(user)
    if candidate.pk is not None:
        pool = pool.exclude(pk=candidate.pk)
    rows = list(
        pool.annotate(
            en_key=_name_key_expression("name_en"),
            hant_key=_name_key_expression("name_zh_hant"),
            hans_key=_name_key_expression("name_zh_hans"),
        )
        .filter(found)
        .select_related("department", "partner")
        .order_by("pk")[:limit]
    )
    if not rows:
        return []
    reachable = set(
        Participant.objects.visible_to(user)
        .filter(pk__in=[row.pk for row in rows])
        .values_list("pk", flat=True)
    )
    matches = []
    for row in rows:
        reasons = []
        if staff_number and row.staff_number.casefold() == staff_number.casefold():
            reasons.append(SAME_STAFF_NUMBER)
        if email and row.email.casefold() == email.casefold():
            reasons.append(SAME_EMAIL)
        name_matches = bool(names & {row.en_key, row.hant_key, row.hans_key} - {""})
        if name_matches and birth and row.date_of_birth == birth:
            reasons.append(SAME_NAME_AND_BIRTH)
        if name_matches and reference and row.partner_reference.casefold() == reference.casefold():
            reasons.append(SAME_NAME_AND_REFERENCE)
        matches.append(
            LikelyMatch(
                pk=row.pk, reasons=tuple(reasons), officer=row if row.pk in reachable else None
            )
        )
    return matches


def officers_with_emails(emails, *, user) -> dict[str, list[LikelyMatch]]:
    """For an import: the recorded officers with each of `emails` (case-insensitive), by the
    lower-cased address, in one query per thousand addresses."""
    wanted = sorted({(e or "").strip().casefold() for e in emails} - {""})
    found: dict[str, list[Participant]] = {}
    pool = (
        _pool_for(user).annotate(email_key=Lower("email")).select_related("department", "partner")
    )
    for start in range(0, len(wanted), 1000):
        for officer in pool.filter(email_key__in=wanted[start : start + 1000]).order_by("pk"):
            found.setdefault(officer.email_key, []).append(officer)
    pks = [officer.pk for officers in found.values() for officer in officers]
    reachable = set()
    for start in range(0, len(pks), 1000):
        reachable |= set(
            Participant.objects.visible_to(user)
            .filter(pk__in=pks[start : start + 1000])
            .values_list("pk", flat=True)
        )
    return {
        email: [
            LikelyMatch(pk=o.pk, reasons=(SAME_EMAIL,), officer=o if o.pk in reachable else None)
            for o in officers[:MATCHES_SHOWN]
        ]
        for email, officers in found.items()
    }
