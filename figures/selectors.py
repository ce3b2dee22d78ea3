"""Reads for the published figures: the public page's tables and the staff dashboard's
headline figures of the year."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from exchange_portal.disclosure import Group, SuppressedTable, suppress_small_groups
from exchange_portal.figures_cache import FRAGMENT_SECONDS, figures_version
from participants.models import Department, Grade
from placements.models import FocusArea, HostOrganisation, Placement
from placements.selectors import COUNTED_STATES
from programmes.models import Cohort, Programme

# The public page's cohort table lists the most recent cohorts only: the whole history (a
# thousand cohorts at the scale of issue 8) made a 160 KB page nobody reads to the end. Earlier
# cohorts still count in every other table (decision 0029).
RECENT_COHORTS = 30


@dataclass(frozen=True)
class Breakdown:
    key: str
    title: str
    table: SuppressedTable
    note: str = ""


def _labelled(rows, key, model=None, label=None):
    """Turn GROUP BY rows into Groups, naming each by one bulk lookup of `model`."""
    ids = [row[key] for row in rows if row[key] is not None]
    names = {}
    if model is not None:
        names = {obj.pk: label(obj) for obj in model.objects.filter(pk__in=ids)}
    groups = []
    for row in rows:
        value = row[key]
        if model is None:
            name = str(value) if value is not None else str(_("Not recorded"))
        elif value is None:
            name = str(_("Partner-government officers"))
        else:
            name = names.get(value, "")
        groups.append(Group(label=name, count=row["officers"], key=value))
    return groups


def _count_by(queryset: QuerySet, *fields):
    return (
        queryset.values(*fields).annotate(officers=Count("participant", distinct=True)).order_by()
    )


def public_figures() -> list[Breakdown]:
    """Officers placed, by programme, cohort, year, department, grade, destination and focus
    area: each a GROUP BY in the database, with every group under 3 suppressed."""
    counted = Placement.objects.filter(status__in=COUNTED_STATES)
    recent_cohorts = (
        Cohort.objects.filter(pk__in=counted.values("cohort"))
        .order_by("-start_date", "-pk")
        .values("pk")[:RECENT_COHORTS]
    )
    breakdowns = [
        (
            "programme",
            _("By programme"),
            _labelled(
                _count_by(counted, "cohort__programme"),
                "cohort__programme",
                Programme,
                lambda p: p.name,
            ),
        ),
        (
            "cohort",
            _("By cohort: the %(count)d most recent") % {"count": RECENT_COHORTS},
            _labelled(
                _count_by(counted.filter(cohort__in=recent_cohorts), "cohort"),
                "cohort",
                Cohort,
                lambda c: c.localised_name,
            ),
        ),
        (
            "year",
            _("By year of starting"),
            _labelled(_count_by(counted.annotate(year=ExtractYear("start_date")), "year"), "year"),
        ),
        (
            "department",
            _("By department"),
            _labelled(
                _count_by(counted, "participant__department"),
                "participant__department",
                Department,
                lambda d: d.name,
            ),
        ),
        (
            "grade",
            _("By grade"),
            _labelled(
                _count_by(counted, "participant__grade"),
                "participant__grade",
                Grade,
                lambda g: g.name,
            ),
        ),
        (
            "destination",
            _("By host organisation"),
            _labelled(
                _count_by(counted, "host_unit__organisation"),
                "host_unit__organisation",
                HostOrganisation,
                lambda o: o.name,
            ),
        ),
        (
            "focus_area",
            _("By focus area"),
            _labelled(
                _count_by(counted.filter(focus_areas__isnull=False), "focus_areas"),
                "focus_areas",
                FocusArea,
                lambda f: f.name,
            ),
        ),
    ]
    notes = {
        "cohort": _(
            "Earlier cohorts are counted in the tables by programme and by year of starting."
        )
    }
    return [
        Breakdown(
            key=key, title=title, table=suppress_small_groups(groups), note=notes.get(key, "")
        )
        for key, title, groups in breakdowns
    ]


def count_dashboard_figures(*, today=None) -> dict:
    """Headline figures for the current year, each one aggregate query."""
    today = today or timezone.localdate()
    year = today.year
    # Only the placements any figure can count (started this year, or under way today), so the
    # indexes on the dates serve it instead of a scan of every placement ever made.
    counted = Placement.objects.filter(status__in=COUNTED_STATES).filter(
        Q(start_date__year=year) | Q(start_date__lte=today, end_date__gte=today)
    )
    placements = counted.aggregate(
        started_this_year=Count("pk", filter=Q(start_date__year=year)),
        away_now=Count(
            "participant",
            distinct=True,
            filter=Q(
                start_date__lte=today,
                end_date__gte=today,
                status__in=[Placement.Status.CONFIRMED, Placement.Status.IN_PROGRESS],
            ),
        ),
        departments_this_year=Count(
            "participant__department", distinct=True, filter=Q(start_date__year=year)
        ),
        hosts_this_year=Count(
            "host_unit__organisation", distinct=True, filter=Q(start_date__year=year)
        ),
    )
    calls_open = Cohort.objects.filter(status=Cohort.Status.NOMINATIONS_OPEN).count()
    return {"year": year, "calls_open": calls_open, **placements}


# The staff dashboard's headline figures ----------------------------------------------------------

DASHBOARD_KEY = "dashboard-figures:{version}:{day}"


def dashboard_figures() -> dict:
    """The dashboard's figures of the year (`count_dashboard_figures`), counted once
    per version of the figures and per day: they count placements, officers' departments, host
    organisations and open calls, all among the models whose change makes a new version. The
    version is read before counting, so a change made meanwhile leaves the count under a
    version that is no longer current."""
    today = timezone.localdate()
    key = DASHBOARD_KEY.format(version=figures_version(), day=today.isoformat())
    figures = cache.get(key)
    if figures is None:
        figures = count_dashboard_figures(today=today)
        cache.set(key, figures, FRAGMENT_SECONDS)
    return figures
