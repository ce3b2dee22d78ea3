"""A cohort's factsheet: the sentences the bureau writes about a batch, e.g. "The first batch
comprising 10 participants from 8 departments and grades went to Futian and Qianhai, Shenzhen
in December 2023 for a three-month exchange.", generated from the data in English,
Traditional Chinese and Simplified Chinese.

`facts_for_cohort()` reads: every figure is an aggregate (COUNT DISTINCT, MIN, MAX, and the
batch's cost as a whole: figures/costs.py), plus the names of the host organisations, focus
areas and cities involved, in a fixed number of queries.
`sentences()` writes, in the language active when it is called: each sentence is one
translatable message with named placeholders, assembled from translatable pieces (ordinals,
durations, counted nouns), so a translator can reorder them. Officers of a general grade
(Grade.is_general: Administrative, Executive Officers) count under their grade and others under
their department, as the LegCo reply counts "eight departments and grades".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Max, Min, Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from exchange_portal.disclosure import THRESHOLD
from exchange_portal.money import format_amount
from exchange_portal.names import list_separator, localised_name, name_fields
from participants.models import Participant
from placements.models import Nomination, Placement
from placements.selectors import COUNTED_STATES
from programmes.models import Direction, DurationUnit, Programme, ProgrammeSuspension
from programmes.periods import programme_suspension_sentence

from .costs import CohortCosts, cohort_costs

HONG_KONG = Participant.Origin.HONG_KONG
PARTNER = Participant.Origin.PARTNER

# The languages a factsheet is written in: (language code, the HTML lang attribute).
LANGUAGES = (("en", "en"), ("zh-hant", "zh-Hant"), ("zh-hans", "zh-Hans"))


@dataclass(frozen=True)
class Balance:
    sent: int
    received: int


@dataclass(frozen=True)
class Recommendations:
    body: tuple[str, str, str]  # the recommending body's names in en, zh-Hant, zh-Hans
    recommended: int  # in this batch
    selected: int  # in this batch
    batches_so_far: int  # batches of the programme with recommended officers, up to this one
    recommended_so_far: int


@dataclass(frozen=True)
class CohortFacts:
    cohort: object
    officers: int
    departments_and_grades: int  # Hong Kong officers: general grades + other departments
    partner_organisations: int  # partner-government officers' home organisations
    host_count: int
    hosts: list[tuple[str, str, str]]  # names in en, zh-Hant, zh-Hans
    focus_areas: list[tuple[str, str, str]]
    cities: list[tuple[str, str, str]]  # English, Traditional, Simplified
    first_start: datetime.date | None
    agreement: Balance | None = None
    recommendations: Recommendations | None = None
    # The programme's suspensions that began before the cohort ended: context for its figures
    # (the Mainland exchange, suspended during the epidemic, resumed with this batch).
    suspensions: list = field(default_factory=list)
    today: datetime.date = field(default_factory=timezone.localdate)
    # What the batch cost (figures/costs.py): aggregates only, never an officer's own amounts.
    costs: CohortCosts | None = None


def facts_for_cohort(cohort, *, today: datetime.date | None = None) -> CohortFacts:
    """The cohort's figures, from the placements that went ahead (confirmed, in progress,
    completed): one aggregate, the host, focus-area and city names, and for an exchange under
    an agreement or a programme with an external recommendation, one aggregate each."""
    placements = Placement.objects.filter(cohort=cohort, status__in=COUNTED_STATES).order_by()
    general = Q(participant__grade__is_general=True)
    figures = placements.aggregate(
        officers=Count("participant", distinct=True),
        general_grades=Count(
            "participant__grade", distinct=True, filter=Q(participant__origin=HONG_KONG) & general
        ),
        departments=Count(
            "participant__department",
            distinct=True,
            filter=Q(participant__origin=HONG_KONG) & ~general,
        ),
        partner_organisations=Count(
            "participant__home_organisation",
            distinct=True,
            filter=Q(participant__origin=PARTNER),
        ),
        hosts=Count("host_unit__organisation", distinct=True),
        first_start=Min("start_date"),
    )
    hosts = [
        tuple(row)
        for row in placements.values_list(*name_fields("host_unit__organisation"))
        .distinct()
        .order_by("host_unit__organisation__name_en")
    ]
    focus_areas = [
        tuple(row)
        for row in placements.filter(focus_areas__isnull=False)
        .values_list(*name_fields("focus_areas"))
        .distinct()
        .order_by("focus_areas__name_en")
    ]
    # Grouped by the English name, with the greatest Chinese forms of each (decision 0043).
    city = "host_unit__organisation__city"
    cities = [
        (row[city], row["city_zh_hant"], row["city_zh_hans"])
        for row in placements.exclude(**{city: ""})
        .values(city)
        .annotate(city_zh_hant=Max(f"{city}_zh_hant"), city_zh_hans=Max(f"{city}_zh_hans"))
        .order_by(city)
    ]
    return CohortFacts(
        cohort=cohort,
        officers=figures["officers"],
        departments_and_grades=figures["general_grades"] + figures["departments"],
        partner_organisations=figures["partner_organisations"],
        host_count=figures["hosts"],
        hosts=hosts,
        focus_areas=focus_areas,
        cities=cities,
        first_start=figures["first_start"],
        agreement=_agreement_balance(cohort),
        recommendations=_recommendations(cohort),
        suspensions=list(
            ProgrammeSuspension.objects.filter(
                programme=cohort.programme_id, starts_on__lte=cohort.end_date
            ).order_by("starts_on")
        ),
        today=today or timezone.localdate(),
        costs=cohort_costs(cohort),
    )


def _agreement_balance(cohort) -> Balance | None:
    """Officers sent and received under the cohort's partner agreement so far (one GROUP BY
    over the agreement's placements that went ahead, by the direction of their batch)."""
    if cohort.agreement_id is None:
        return None
    figures = Placement.objects.filter(
        cohort__agreement=cohort.agreement_id, status__in=COUNTED_STATES
    ).aggregate(
        received=Count("participant", distinct=True, filter=Q(cohort__direction=Direction.INBOUND)),
        sent=Count("participant", distinct=True, filter=~Q(cohort__direction=Direction.INBOUND)),
    )
    return Balance(sent=figures["sent"], received=figures["received"])


def _recommendations(cohort) -> Recommendations | None:
    """For a programme whose officers are recommended outside the government (UN JPO): how
    many this batch had recommended and selected, and the programme's batches so far."""
    programme: Programme = cohort.programme
    if not programme.requires_external_recommendation:
        return None
    recommended = Q(recommended_on__isnull=False)
    this_batch = Q(cohort=cohort)
    figures = Nomination.objects.filter(
        cohort__programme=programme, cohort__start_date__lte=cohort.start_date
    ).aggregate(
        recommended=Count("participant", distinct=True, filter=this_batch & recommended),
        selected=Count(
            "participant", distinct=True, filter=this_batch & Q(status=Nomination.Status.SELECTED)
        ),
        batches=Count("cohort", distinct=True, filter=recommended),
        recommended_so_far=Count("participant", distinct=True, filter=recommended),
    )
    return Recommendations(
        body=(
            programme.recommending_body,
            programme.recommending_body_zh_hant,
            programme.recommending_body_zh_hans,
        ),
        recommended=figures["recommended"],
        selected=figures["selected"],
        batches_so_far=figures["batches"],
        recommended_so_far=figures["recommended_so_far"],
    )


# --- Words ----------------------------------------------------------------------------------


def ordinal(number: int) -> str:
    """ "first" … "tenth", then "11th"; in Chinese the numeral the sentence puts in 第…批."""
    words = {
        1: pgettext("ordinal: the first batch", "first"),
        2: pgettext("ordinal: the second batch", "second"),
        3: pgettext("ordinal: the third batch", "third"),
        4: pgettext("ordinal: the fourth batch", "fourth"),
        5: pgettext("ordinal: the fifth batch", "fifth"),
        6: pgettext("ordinal: the sixth batch", "sixth"),
        7: pgettext("ordinal: the seventh batch", "seventh"),
        8: pgettext("ordinal: the eighth batch", "eighth"),
        9: pgettext("ordinal: the ninth batch", "ninth"),
        10: pgettext("ordinal: the tenth batch", "tenth"),
    }
    if number in words:
        return words[number]
    if number % 100 in (11, 12, 13) or number % 10 not in (1, 2, 3):
        return pgettext("ordinal in figures, e.g. 11th", "%(number)sth") % {"number": number}
    return {
        1: pgettext("ordinal in figures, e.g. 21st", "%(number)sst"),
        2: pgettext("ordinal in figures, e.g. 22nd", "%(number)snd"),
        3: pgettext("ordinal in figures, e.g. 23rd", "%(number)srd"),
    }[number % 10] % {"number": number}


def duration_number(number: int) -> str:
    """A length of time's count as a word up to twelve ("three-month"), else in figures."""
    words = {
        1: pgettext("duration: a one-month exchange", "one"),
        2: pgettext("duration: a two-month exchange", "two"),
        3: pgettext("duration: a three-month exchange", "three"),
        4: pgettext("duration: a four-month exchange", "four"),
        5: pgettext("duration: a five-month exchange", "five"),
        6: pgettext("duration: a six-month exchange", "six"),
        7: pgettext("duration: a seven-month exchange", "seven"),
        8: pgettext("duration: an eight-month exchange", "eight"),
        9: pgettext("duration: a nine-month exchange", "nine"),
        10: pgettext("duration: a ten-month exchange", "ten"),
        11: pgettext("duration: an eleven-month exchange", "eleven"),
        12: pgettext("duration: a twelve-month exchange", "twelve"),
    }
    return words.get(number, str(number))


def duration(start: datetime.date, end: datetime.date) -> str:
    """ "three-month", "two-year" or "four-week": the cohort's planned length, rounded."""
    days = (end - start).days + 1
    months = max(round(days / 30.4375), 1)
    if days % 7 == 0 and days <= 8 * 7:  # "the past four weeks"
        return pgettext("duration", "%(number)s-week") % {"number": duration_number(days // 7)}
    if months >= 12 and months % 12 == 0:
        return pgettext("duration", "%(number)s-year") % {"number": duration_number(months // 12)}
    return pgettext("duration", "%(number)s-month") % {"number": duration_number(months)}


def stated_duration(value: int, unit: str) -> str:
    """ "three-month", "four-week", "ten-day": a length as an agreement states it."""
    number = duration_number(value)
    if unit == DurationUnit.WEEK:
        return pgettext("duration", "%(number)s-week") % {"number": number}
    if unit == DurationUnit.DAY:
        return pgettext("duration", "%(number)s-day") % {"number": number}
    if value >= 12 and value % 12 == 0:
        return pgettext("duration", "%(number)s-year") % {"number": duration_number(value // 12)}
    return pgettext("duration", "%(number)s-month") % {"number": number}


def _length(cohort) -> str:
    """The stay's length as its agreement states it (in days, weeks or months), else as the
    cohort's dates give it."""
    agreement = cohort.agreement if cohort.agreement_id else None
    if agreement is not None and agreement.duration_value:
        return stated_duration(agreement.duration_value, agreement.duration_unit)
    return duration(cohort.start_date, cohort.end_date)


def joined(items: list[str]) -> str:
    """ "A", "A and B", "A, B and C" (in Chinese "A、B及C")."""
    if len(items) < 2:
        return "".join(items)
    return _("%(items)s and %(last)s") % {
        "items": list_separator().join(items[:-1]),
        "last": items[-1],
    }


def _names(triples) -> list[str]:
    return [localised_name(*names) for names in triples]


def _in_a_sentence(name: str) -> str:
    """ "Urban planning" as it reads mid-sentence in English: "urban planning"."""
    if (translation.get_language() or "en").startswith("en") and name[1:2].islower():
        return name[:1].lower() + name[1:]
    return name


def _batch(cohort) -> str:
    if cohort.batch is None:  # a one-off call: no phase or batch to count, its own name
        return cohort.localised_name
    if cohort.phase and cohort.phase > 1:
        return _("The %(ordinal)s batch of phase %(phase)s") % {
            "ordinal": ordinal(cohort.batch),
            "phase": cohort.phase,
        }
    return _("The %(ordinal)s batch") % {"ordinal": ordinal(cohort.batch)}


def _origins(facts: CohortFacts) -> str:
    parts = []
    if facts.departments_and_grades:
        parts.append(
            ngettext(
                "%(count)s department or grade",
                "%(count)s departments and grades",
                facts.departments_and_grades,
            )
            % {"count": facts.departments_and_grades}
        )
    if facts.partner_organisations:
        parts.append(
            ngettext(
                "%(count)s partner organisation",
                "%(count)s partner organisations",
                facts.partner_organisations,
            )
            % {"count": facts.partner_organisations}
        )
    return joined(parts)


def _destination(facts: CohortFacts) -> str:
    return facts.cohort.localised_destination or joined(
        [localised_name(*city) for city in facts.cities]
    )


def _stay(cohort) -> str:
    length = _length(cohort)
    kind = cohort.programme.kind
    if kind == Programme.Kind.SECRETARIAT_ATTACHMENT:
        return _("a %(duration)s attachment") % {"duration": length}
    if kind in (
        Programme.Kind.INTERNATIONAL_SECONDMENT,
        Programme.Kind.UN_JPO,
        Programme.Kind.PUBLIC_BODY_SECONDMENT,
    ):
        return _("a %(duration)s secondment") % {"duration": length}
    return _("a %(duration)s exchange") % {"duration": length}


def _officers(count: int) -> str:
    return ngettext("%(count)s officer", "%(count)s officers", count) % {"count": count}


def _batch_sentence(facts: CohortFacts) -> str:
    cohort = facts.cohort
    started = cohort.start_date <= facts.today
    values = {
        "batch": _batch(cohort),
        "participants": ngettext("%(count)s participant", "%(count)s participants", facts.officers)
        % {"count": facts.officers},
        "origins": _origins(facts),
        "place": _destination(facts),
        "month": date_format(facts.first_start or cohort.start_date, "YEAR_MONTH_FORMAT"),
        "stay": _stay(cohort),
    }
    if started:
        return (
            _(
                "%(batch)s comprising %(participants)s from %(origins)s went to %(place)s in "
                "%(month)s for %(stay)s."
            )
            % values
        )
    return (
        _(
            "%(batch)s comprising %(participants)s from %(origins)s will go to %(place)s in "
            "%(month)s for %(stay)s."
        )
        % values
    )


def sentences(facts: CohortFacts) -> list[str]:
    """The factsheet's sentences in the active language."""
    cohort = facts.cohort
    if facts.officers:
        result = [_batch_sentence(facts)]
    else:
        result = [_("%(batch)s has no confirmed placements yet.") % {"batch": _batch(cohort)}]
    if facts.hosts:
        result.append(
            ngettext(
                "They were placed with %(count)s host organisation: %(names)s.",
                "They were placed with %(count)s host organisations: %(names)s.",
                facts.host_count,
            )
            % {"count": facts.host_count, "names": joined(_names(facts.hosts))}
        )
    if facts.focus_areas:
        result.append(
            _("Their work covered %(areas)s.")
            % {"areas": joined([_in_a_sentence(name) for name in _names(facts.focus_areas)])}
        )
    if facts.agreement is not None:
        result.append(
            ngettext(
                "Under the agreement “%(agreement)s”, %(sent)s officer has been sent so far "
                "and %(received)s received.",
                "Under the agreement “%(agreement)s”, %(sent)s officers have been sent so far "
                "and %(received)s received.",
                facts.agreement.sent,
            )
            % {
                "agreement": cohort.agreement.localised_title,
                "sent": facts.agreement.sent,
                "received": facts.agreement.received,
            }
        )
    result.extend(programme_suspension_sentence(period) for period in facts.suspensions)
    # What the batch cost, in the words that may be copied out: only for a batch of at least
    # THRESHOLD officers, so that no officer's own allowances can be read from it.
    if facts.costs is not None and facts.costs.cost and facts.costs.officers >= THRESHOLD:
        result.append(_cost_sentence(facts.costs))
    recommendations = facts.recommendations
    if recommendations is not None and recommendations.recommended:
        body = localised_name(*recommendations.body) or _("the recommending body")
        recommended = ngettext(
            "%(count)s officer was recommended by %(body)s",
            "%(count)s officers were recommended by %(body)s",
            recommendations.recommended,
        ) % {"count": recommendations.recommended, "body": body}
        selected = ngettext(
            "%(count)s was selected",
            "%(count)s were selected",
            recommendations.selected,
        ) % {"count": recommendations.selected}
        result.append(
            _("In this batch, %(recommended)s; %(selected)s.")
            % {"recommended": recommended, "selected": selected}
        )
        result.append(
            ngettext(
                "So far the first batch comprising %(officers)s has been recommended by %(body)s.",
                "So far the first %(batches)s batches comprising %(officers)s have been "
                "recommended by %(body)s.",
                recommendations.batches_so_far,
            )
            % {
                "batches": recommendations.batches_so_far,
                "officers": _officers(recommendations.recommended_so_far),
                "body": body,
            }
        )
    return result


def _cost_sentence(costs: CohortCosts) -> str:
    values = {"cost": format_amount(costs.cost)}
    if costs.per_officer is None or costs.per_officer_month is None:
        return _("The batch has cost HK$%(cost)s so far.") % values
    return _(
        "The batch has cost HK$%(cost)s so far: HK$%(per_officer)s per officer and "
        "HK$%(per_month)s per officer month."
    ) % {
        **values,
        "per_officer": format_amount(costs.per_officer),
        "per_month": format_amount(costs.per_officer_month),
    }


@dataclass(frozen=True)
class LanguageBlock:
    language: str  # Django's code
    lang: str  # the HTML lang attribute
    name: str  # the language's own name
    sentences: list[str]


def sentences_in_every_language(facts: CohortFacts) -> list[LanguageBlock]:
    from django.utils.translation import get_language_info

    blocks = []
    for code, lang in LANGUAGES:
        with translation.override(code):
            blocks.append(
                LanguageBlock(code, lang, get_language_info(code)["name_local"], sentences(facts))
            )
    return blocks
