"""The queries behind the charts: the right officers counted, each function's number of
queries fixed whatever the number of placements."""

import datetime
from collections import Counter, defaultdict
from itertools import chain

import pytest
from django.utils import timezone, translation

from exchange_portal.disclosure import Group, suppress_small_groups
from figures import chart_data
from participants.models import Participant
from placements.models import HostOrganisation, Placement
from placements.selectors import exchange_by_batch
from programmes.models import Direction
from tests.participants.factories import (
    DepartmentFactory,
    GradeFactory,
    ParticipantFactory,
    PartnerOfficerFactory,
)
from tests.placements.factories import (
    FocusAreaFactory,
    HostOrganisationFactory,
    HostUnitFactory,
    PlacementFactory,
    SelectedNominationFactory,
)
from tests.programmes.factories import (
    CohortFactory,
    PartnerAgreementFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db

S = Placement.Status
D = datetime.date


@pytest.fixture(autouse=True)
def _english():
    """These tests read the English wording; another test may leave a language active."""
    with translation.override("en"):
        yield


def place(*, officer=None, cohort=None, unit=None, start=None, days=90, status=S.COMPLETED):
    """A placement of `officer` in `cohort` at `unit` (each made up when not given)."""
    cohort = cohort or CohortFactory()
    officer = officer or ParticipantFactory()
    start = start or cohort.start_date
    return PlacementFactory(
        nomination=SelectedNominationFactory(cohort=cohort, participant=officer),
        host_unit=unit or HostUnitFactory(),
        start_date=start,
        end_date=start + datetime.timedelta(days=days),
        status=status,
    )


def as_counts(table):
    return {group.label: group.count for group in table.shown}


# --- Timelines ------------------------------------------------------------------------------


def test_a_cohorts_timeline_shows_each_placement_but_cancelled_ones():
    cohort = CohortFactory(start_date=D(2025, 1, 1), end_date=D(2025, 4, 1))
    unit = HostUnitFactory(name_en="Policy Unit", organisation__name_en="Futian District")
    kept = {
        status: place(cohort=cohort, unit=unit, status=status)
        for status in (S.PROPOSED, S.CONFIRMED, S.IN_PROGRESS, S.COMPLETED, S.WITHDRAWN)
    }
    place(cohort=cohort, status=S.CANCELLED)
    place(status=S.CONFIRMED)  # another cohort
    data = chart_data.timeline_for_cohort(cohort)
    assert data.total == 5
    assert sorted(item.label for item in data.items) == sorted(
        p.participant.display_name for p in kept.values()
    )
    assert {item.detail for item in data.items} == {"Policy Unit, Futian District"}
    assert {item.spans[0].status for item in data.items} == set(kept)


def test_a_timeline_runs_in_order_of_starting():
    cohort = CohortFactory(start_date=D(2025, 1, 1), end_date=D(2025, 12, 1))
    late = place(cohort=cohort, start=D(2025, 6, 1))
    early = place(cohort=cohort, start=D(2025, 2, 1))
    data = chart_data.timeline_for_cohort(cohort)
    assert [item.spans[0].start for item in data.items] == [early.start_date, late.start_date]


def test_a_host_organisations_timeline_includes_the_units_of_organisations_within_it():
    shenzhen = HostOrganisationFactory(name_en="Shenzhen")
    futian = HostOrganisationFactory(name_en="Futian", parent=shenzhen)
    street_office = HostOrganisationFactory(name_en="Street office", parent=futian)
    elsewhere = HostOrganisationFactory(name_en="Guangzhou")
    at_shenzhen = place(unit=HostUnitFactory(organisation=shenzhen))
    at_futian = place(unit=HostUnitFactory(organisation=futian))
    at_street = place(unit=HostUnitFactory(organisation=street_office))
    place(unit=HostUnitFactory(organisation=elsewhere))

    names = {p.participant.display_name for p in (at_shenzhen, at_futian, at_street)}
    assert {i.label for i in chart_data.timeline_for_host_organisation(shenzhen).items} == names
    assert {i.label for i in chart_data.timeline_for_host_organisation(futian).items} == {
        at_futian.participant.display_name,
        at_street.participant.display_name,
    }


def test_a_timeline_of_more_than_the_cap_says_how_many_more(django_assert_num_queries):
    cohort = CohortFactory(start_date=D(2025, 1, 1), end_date=D(2025, 4, 1))
    unit = HostUnitFactory()
    for _ in range(chart_data.CAP + 3):
        place(cohort=cohort, unit=unit)
    with django_assert_num_queries(1):
        data = chart_data.timeline_for_cohort(cohort)
    assert len(data.items) == chart_data.CAP
    assert data.total == chart_data.CAP + 3


@pytest.mark.parametrize("rows", [5, 50])
def test_timelines_cost_the_same_queries_for_few_or_many_placements(
    rows, django_assert_num_queries
):
    organisation = HostOrganisationFactory()
    unit = HostUnitFactory(organisation=HostOrganisationFactory(parent=organisation))
    cohort = CohortFactory()
    for _ in range(rows):
        place(cohort=cohort, unit=unit)
    with django_assert_num_queries(1):
        assert len(chart_data.timeline_for_cohort(cohort).items) == rows
    with django_assert_num_queries(2):
        assert len(chart_data.timeline_for_host_organisation(organisation).items) == rows


# --- Department coverage --------------------------------------------------------------------


def away_by_month(placements, months, end):
    """Officers away in each month, worked out one placement and one day range at a time."""
    counts = []
    for month in months:
        month_end = min(
            (month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1),
            end,
        )
        counts.append(
            len(
                {
                    p.participant_id
                    for p in placements
                    if p.start_date <= month_end and p.end_date >= month
                }
            )
        )
    return counts


def test_the_coverage_calendar_counts_the_departments_officers_away_each_month(department):
    start, end = D(2025, 1, 1), D(2025, 12, 31)
    chan = ParticipantFactory(department=department, name_en="CHAN Tai-man")
    lee = ParticipantFactory(department=department, name_en="LEE Siu-ming")
    wong = ParticipantFactory(department=department, name_en="WONG Ka-yan")
    away = [
        place(officer=chan, start=D(2024, 11, 15), days=80, status=S.COMPLETED),
        place(officer=chan, start=D(2025, 6, 1), days=60, status=S.CONFIRMED),
        place(officer=lee, start=D(2025, 3, 10), days=200, status=S.IN_PROGRESS),
    ]
    place(officer=wong, start=D(2025, 2, 1), status=S.PROPOSED)  # not decided yet
    place(officer=wong, start=D(2025, 8, 1), status=S.WITHDRAWN)
    place(start=D(2025, 2, 1), status=S.CONFIRMED)  # another department's officer

    data = chart_data.coverage_for_department(department, start, end)

    months = [month for month, _count in data.months]
    assert months[0] == D(2025, 1, 1) and months[-1] == D(2025, 12, 1) and len(months) == 12
    assert [count for _month, count in data.months] == away_by_month(away, months, end)
    assert data.total == 2
    assert [item.label for item in data.items] == ["CHAN Tai-man", "LEE Siu-ming"]
    assert [len(item.spans) for item in data.items] == [2, 1]


def test_the_coverage_calendar_covers_this_month_and_the_next_eleven_by_default(department):
    data = chart_data.coverage_for_department(department)
    today = timezone.localdate()
    assert data.start == today.replace(day=1)
    assert len(data.months) == 12
    assert (data.end + datetime.timedelta(days=1)).day == 1


@pytest.mark.parametrize("rows", [5, 50])
def test_the_coverage_calendar_costs_two_queries_for_few_or_many_officers(
    rows, department, django_assert_num_queries
):
    cohort = CohortFactory(start_date=D(2025, 3, 1), end_date=D(2025, 9, 1))
    for _ in range(rows):
        place(officer=ParticipantFactory(department=department), cohort=cohort, status=S.CONFIRMED)
    with django_assert_num_queries(2):
        data = chart_data.coverage_for_department(department, D(2025, 1, 1), D(2025, 12, 31))
    assert data.total == rows and len(data.items) == rows


# --- Officers counted for the bar charts ----------------------------------------------------


@pytest.fixture
def placed_officers():
    """Placements in every state, some officers placed twice; returns the counted ones."""
    epd, td = DepartmentFactory(code="EPD"), DepartmentFactory(code="TD")
    ao, eo = GradeFactory(code="AO"), GradeFactory(code="EO")
    shenzhen = HostUnitFactory(
        organisation__country="Mainland China", organisation__city="Shenzhen"
    )
    geneva = HostUnitFactory(organisation__country="Switzerland", organisation__city="Geneva")
    paris = HostUnitFactory(organisation__country="France", organisation__city="")
    urban, transport = FocusAreaFactory(code="urban"), FocusAreaFactory(code="transport")
    gba, sas = ProgrammeFactory(name_en="GBA exchange"), ProgrammeFactory(name_en="SAS")
    counted = []
    layout = [
        # department, grade, rank level, unit, programme, year, focus areas, how many
        (epd, ao, "senior", shenzhen, gba, 2024, [urban, transport], 4),
        (epd, eo, "junior", geneva, sas, 2024, [urban], 2),
        (td, eo, "middle", shenzhen, gba, 2025, [], 3),
        (td, ao, "", paris, sas, 2025, [transport], 1),
    ]
    for department, grade, level, unit, programme, year, areas, many in layout:
        cohort = CohortFactory(
            programme=programme, start_date=D(year, 3, 1), end_date=D(year, 6, 1)
        )
        for _ in range(many):
            officer = ParticipantFactory(department=department, grade=grade, rank_level=level)
            p = place(officer=officer, cohort=cohort, unit=unit)
            p.focus_areas.set(areas)
            counted.append(p)
    # An officer placed twice is counted once per group.
    twice = counted[0]
    again = place(
        officer=twice.participant,
        cohort=CohortFactory(programme=gba, start_date=D(2025, 3, 1), end_date=D(2025, 6, 1)),
        unit=shenzhen,
        status=S.IN_PROGRESS,
    )
    again.focus_areas.set([urban])
    counted.append(again)
    # A partner officer, and placements that do not count.
    counted.append(place(officer=PartnerOfficerFactory(), unit=shenzhen, status=S.CONFIRMED))
    place(officer=ParticipantFactory(department=epd), status=S.PROPOSED)
    place(officer=ParticipantFactory(department=td), status=S.WITHDRAWN)
    place(officer=ParticipantFactory(department=td), status=S.CANCELLED)
    return counted


def distinct_officers(placements, key):
    """Officers per group, counted in Python from the placements themselves."""
    officers = defaultdict(set)
    for p in placements:
        for group in key(p):
            officers[group].add(p.participant_id)
    return {group: len(ids) for group, ids in officers.items()}


def test_officers_by_department_counts_each_officer_once(placed_officers):
    expected = distinct_officers(
        placed_officers,
        lambda p: [p.participant.department.name if p.participant.department else None],
    )
    expected["Partner-government officers"] = expected.pop(None)
    assert as_counts(chart_data.officers_by_department()) == expected
    assert expected["Department EPD"] == 6  # the officer placed twice counts once


def test_officers_by_grade_and_rank_level_count_only_placements_that_went_ahead(placed_officers):
    by_grade = distinct_officers(
        placed_officers, lambda p: [p.participant.grade.name if p.participant.grade else None]
    )
    by_grade["Grade not recorded"] = by_grade.pop(None)
    assert as_counts(chart_data.officers_by_grade()) == by_grade

    levels = chart_data.officers_by_rank_level()
    by_level = distinct_officers(placed_officers, lambda p: [p.participant.rank_level])
    labels = dict(Participant.RankLevel.choices) | {"": "Rank level not recorded"}
    assert as_counts(levels) == {labels[k]: v for k, v in by_level.items()}
    # Junior to senior, as staff read them, not biggest first.
    assert [g.label for g in levels.shown] == [
        "Junior",
        "Middle",
        "Senior",
        "Rank level not recorded",
    ]
    assert levels.total == len({p.participant_id for p in placed_officers})


def test_officers_by_destination_name_the_city_and_country(placed_officers):
    counts = as_counts(chart_data.officers_by_destination())
    assert counts == {"Shenzhen, Mainland China": 8, "Geneva, Switzerland": 2, "France": 1}
    assert counts == {
        (f"{city}, {country}" if city else country): n
        for (country, city), n in distinct_officers(
            placed_officers,
            lambda p: [(p.host_unit.organisation.country, p.host_unit.organisation.city)],
        ).items()
    }


def test_officers_by_focus_area_count_an_officer_in_each_of_their_areas(placed_officers):
    expected = distinct_officers(placed_officers, lambda p: [a.name for a in p.focus_areas.all()])
    assert (
        as_counts(chart_data.officers_by_focus_area())
        == expected
        == {
            "Urban": 6,
            "Transport": 5,
        }
    )


def test_officers_by_programme_and_year_fill_a_cell_per_programme_and_year(placed_officers):
    cross = chart_data.officers_by_programme_and_year()
    expected = distinct_officers(
        placed_officers, lambda p: [(p.cohort.programme.name, str(p.start_date.year))]
    )
    assert cross.columns == sorted({year for _name, year in expected})
    for name, cells in zip(cross.rows, cross.cells, strict=True):
        for year, value in zip(cross.columns, cells, strict=True):
            assert value == expected.get((name, year), 0), (name, year)
    assert not cross.suppressed


def test_the_public_can_have_the_same_figures_with_small_groups_hidden(placed_officers):
    exact = chart_data.officers_by_department()
    public = chart_data.officers_by_department(suppress=True)
    assert public == suppress_small_groups([Group(g.label, g.count, g.key) for g in exact.shown])
    assert all(group.count >= 3 for group in public.shown)
    staff_levels = chart_data.officers_by_rank_level()
    assert any(g.count < 3 for g in staff_levels.shown)  # staff see exact small figures
    assert all(g.count >= 3 for g in chart_data.officers_by_rank_level(suppress=True).shown)


def test_public_programme_by_year_figures_hide_small_cells_and_any_that_would_reveal_them(
    placed_officers,
):
    cross = chart_data.officers_by_programme_and_year(suppress=True)
    exact = chart_data.officers_by_programme_and_year()
    shown = [v for row in cross.cells for v in row if v is not None]
    assert all(v == 0 or v >= 3 for v in shown)
    # Wherever a cell is hidden, its row and its column hide at least 3 officers together,
    # so no hidden figure is the difference between a published total and the cells shown.
    for lines in (
        list(zip(cross.cells, exact.cells, strict=True)),
        list(zip(zip(*cross.cells, strict=True), zip(*exact.cells, strict=True), strict=True)),
    ):
        for public_line, exact_line in lines:
            hidden = [e for p, e in zip(public_line, exact_line, strict=True) if p is None]
            nothing_else_shown = all(p in (None, 0) for p in public_line)
            # A line with nothing else shown totals under 3: its total is hidden too.
            assert not hidden or sum(hidden) >= 3 or nothing_else_shown
    assert cross.suppressed
    # SAS's 2 in 2024 alone would be the year's total minus GBA's 4: GBA's 4 is hidden too.
    pairs = zip(chain(*cross.cells), chain(*exact.cells), strict=True)
    assert any(public is None and value >= 3 for public, value in pairs)


COUNTS_OF_OFFICERS = [
    chart_data.officers_by_department,
    chart_data.officers_by_grade,
    chart_data.officers_by_rank_level,
    chart_data.officers_by_destination,
    chart_data.officers_by_focus_area,
    chart_data.officers_by_programme_and_year,
]


@pytest.mark.parametrize("rows", [5, 50])
def test_each_count_of_officers_is_one_query_for_few_or_many(rows, django_assert_num_queries):
    area = FocusAreaFactory(code="urban")
    for _ in range(rows):
        place().focus_areas.add(area)
    for count_officers in COUNTS_OF_OFFICERS:
        with django_assert_num_queries(1):
            count_officers()
        with django_assert_num_queries(1):
            count_officers(suppress=True)


@pytest.mark.parametrize("rows", [5, 50])
def test_the_figures_page_charts_cost_one_query_each(rows, django_assert_num_queries):
    for _ in range(rows):
        place()
    with django_assert_num_queries(6):
        made = chart_data.figure_charts()
    assert [chart.id for chart in made] == [
        "chart-programme-year",
        "chart-department",
        "chart-grade",
        "chart-rank-level",
        "chart-destination",
        "chart-focus-area",
    ]


# --- The balance of each agreement ----------------------------------------------------------


def exchange(agreement, *, phase, batch, direction, placed, status=S.COMPLETED):
    cohort = CohortFactory(
        programme=agreement.programme,
        agreement=agreement,
        phase=phase,
        batch=batch,
        direction=direction,
    )
    for _ in range(placed):
        officer = PartnerOfficerFactory() if direction == Direction.INBOUND else None
        place(officer=officer, cohort=cohort, status=status)
    return cohort


def test_each_agreement_shows_officers_sent_and_received_as_its_exchange_table_does():
    gba = PartnerAgreementFactory(title="GBA exchange")
    exchange(gba, phase=1, batch=1, direction=Direction.OUTBOUND, placed=3)
    exchange(gba, phase=2, batch=1, direction=Direction.INBOUND, placed=2)
    exchange(gba, phase=2, batch=2, direction=Direction.OUTBOUND, placed=2, status=S.PROPOSED)
    quiet = PartnerAgreementFactory(title="Signed, nothing yet")

    balances = {b.label: b for b in chart_data.agreement_balances()}

    assert set(balances) == {"GBA exchange", "Signed, nothing yet"}
    table = exchange_by_batch(gba)
    assert (
        [(p.sent, p.received) for p in balances["GBA exchange"].parts]
        == [(row["sent"], row["received"]) for row in table]
        == [(3, 0), (0, 2), (0, 0)]
    )
    assert [p.label for p in balances["GBA exchange"].parts] == [
        "Phase 1, batch 1",
        "Phase 2, batch 1",
        "Phase 2, batch 2",
    ]
    assert (balances["GBA exchange"].sent, balances["GBA exchange"].received) == (3, 2)
    assert balances["Signed, nothing yet"].parts == []
    assert balances["GBA exchange"].key == gba.pk and quiet.pk in {b.key for b in balances.values()}


def test_balances_can_be_asked_for_some_agreements_only():
    wanted = PartnerAgreementFactory(title="Wanted")
    PartnerAgreementFactory(title="Other")
    exchange(wanted, phase=1, batch=1, direction=Direction.OUTBOUND, placed=1)
    from programmes.models import PartnerAgreement

    balances = chart_data.agreement_balances(PartnerAgreement.objects.filter(pk=wanted.pk))
    assert [b.label for b in balances] == ["Wanted"]


@pytest.mark.parametrize("rows", [5, 50])
def test_balances_of_all_agreements_cost_three_queries(rows, django_assert_num_queries):
    for n in range(2):
        agreement = PartnerAgreementFactory()
        exchange(agreement, phase=1, batch=1, direction=Direction.OUTBOUND, placed=rows // 2)
        exchange(agreement, phase=n + 2, batch=1, direction=Direction.INBOUND, placed=rows // 5)
    with django_assert_num_queries(3):
        balances = chart_data.agreement_balances()
    assert sum(b.sent for b in balances) == 2 * (rows // 2)
    assert Counter(len(b.parts) for b in balances) == {2: 2}


def test_officers_by_destination_name_places_in_the_readers_script(placed_officers):
    HostOrganisation.objects.filter(country="Mainland China").update(
        country_zh_hant="中國內地",
        country_zh_hans="中国内地",
        city_zh_hant="深圳",
        city_zh_hans="深圳",
    )
    # Another organisation in Shenzhen, its Chinese forms not yet filled: the same group.
    place(
        unit=HostUnitFactory(organisation__country="Mainland China", organisation__city="Shenzhen")
    )
    with translation.override("zh-hant"):
        counts = as_counts(chart_data.officers_by_destination())
        place_in = translation.gettext("%(city)s, %(country)s")
        shenzhen = place_in % {"city": "深圳", "country": "中國內地"}
        geneva = place_in % {"city": "Geneva", "country": "Switzerland"}  # no Chinese forms
    assert counts == {shenzhen: 9, geneva: 2, "France": 1}
