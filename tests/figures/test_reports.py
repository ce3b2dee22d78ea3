"""The reports page: figures checked against counts made by hand from the factory objects,
totals, shareable addresses, bad input, scoping for department HR, downloads, and a query count
that does not grow with the number of placements."""

import csv
import datetime
import io
from collections import defaultdict

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from figures.reports import breakdown
from participants.models import UserProfile
from placements.models import Nomination, Placement
from tests.conftest import make_user
from tests.participants.factories import DepartmentFactory, GradeFactory, ParticipantFactory
from tests.placements.factories import (
    FocusAreaFactory,
    HostUnitFactory,
    NominationFactory,
    PlacementFactory,
    SelectedNominationFactory,
)
from tests.programmes.factories import CohortFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db
URL = "/staff/reports/"
COUNTED = {Placement.Status.CONFIRMED, Placement.Status.IN_PROGRESS, Placement.Status.COMPLETED}


def cohort_in(programme, year, **extra):
    start = datetime.date(year, 3, 1)
    return CohortFactory(
        programme=programme, start_date=start, end_date=start + datetime.timedelta(days=90), **extra
    )


@pytest.fixture
def known():
    """Two programmes over 2023-2025, three departments, every placement status; one officer
    placed twice (2023 and 2024) and one placement with two focus areas."""
    gba = ProgrammeFactory(name_en="GBA exchange")
    jpo = ProgrammeFactory(name_en="UN JPO")
    epd, td, hyd = (DepartmentFactory(code=c) for c in ("EPD", "TD", "HyD"))
    units = [HostUnitFactory(), HostUnitFactory()]
    areas = [FocusAreaFactory(code="transport"), FocusAreaFactory(code="planning")]
    cohorts = {
        (gba, 2023): cohort_in(gba, 2023),
        (gba, 2024): cohort_in(gba, 2024),
        (jpo, 2024): cohort_in(jpo, 2024),
        (jpo, 2025): cohort_in(jpo, 2025),
    }
    plan = [
        # (programme, year, department, status, unit)
        (gba, 2023, epd, "completed", 0),
        (gba, 2023, epd, "completed", 1),
        (gba, 2023, td, "completed", 0),
        (gba, 2023, hyd, "withdrawn", 0),
        (gba, 2024, td, "confirmed", 1),
        (gba, 2024, hyd, "cancelled", 1),
        (jpo, 2024, epd, "in_progress", 0),
        (jpo, 2024, td, "proposed", 0),
        (jpo, 2025, hyd, "confirmed", 1),
        (jpo, 2025, hyd, "confirmed", 1),
    ]
    placements = []
    for programme, year, department, status, unit in plan:
        officer = ParticipantFactory(department=department)
        placements.append(
            PlacementFactory(
                nomination=SelectedNominationFactory(
                    participant=officer, cohort=cohorts[(programme, year)]
                ),
                host_unit=units[unit],
                status=status,
            )
        )
    # One officer placed twice: TD's 2023 officer goes again with the GBA in 2024.
    twice = placements[2].participant
    placements.append(
        PlacementFactory(
            nomination=SelectedNominationFactory(participant=twice, cohort=cohorts[(gba, 2024)]),
            host_unit=units[0],
            status="completed",
        )
    )
    placements[0].focus_areas.add(*areas)
    placements[4].focus_areas.add(areas[0])
    return {"placements": placements, "programmes": (gba, jpo), "departments": (epd, td, hyd)}


def by_hand(placements, key, statuses=COUNTED):
    """Distinct officers per key(placement), counted in Python over the factory objects."""
    groups = defaultdict(set)
    for p in placements:
        if p.status in statuses:
            for value in key(p):
                groups[value].add(p.participant_id)
    return {value: len(officers) for value, officers in groups.items()}


@pytest.fixture
def manager(django_user_model):
    return make_user(django_user_model, "manager", "csb_manager")


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


def test_officers_by_department_match_a_count_by_hand(known, manager):
    report = breakdown(user=manager, by="department")
    expected = by_hand(known["placements"], lambda p: [p.participant.department.name])
    assert {row.label: row.total for row in report.rows} == expected
    # The officer placed twice counts once in the total.
    officers = {p.participant_id for p in known["placements"] if p.status in COUNTED}
    assert report.total == len(officers)


def test_programmes_by_year_have_row_column_and_grand_totals_by_hand(known, manager):
    report = breakdown(user=manager, by="programme", across="year")
    placements = known["placements"]
    cells = by_hand(placements, lambda p: [(p.cohort.programme.name, p.start_date.year)])
    rows = by_hand(placements, lambda p: [p.cohort.programme.name])
    columns = by_hand(placements, lambda p: [p.start_date.year])
    assert report.columns == ["2023", "2024", "2025"]
    for row in report.rows:
        assert row.cells == [cells.get((row.label, year), 0) for year in (2023, 2024, 2025)]
        assert row.total == rows[row.label]
    assert report.column_totals == [columns.get(year, 0) for year in (2023, 2024, 2025)]
    assert report.total == len({p.participant_id for p in placements if p.status in COUNTED})


def test_placement_status_counts_every_status_and_nomination_status_counts_nominations(
    known, manager
):
    report = breakdown(user=manager, by="status")
    statuses = {s.value for s in Placement.Status}
    expected = by_hand(known["placements"], lambda p: [p.get_status_display()], statuses)
    assert {row.label: row.total for row in report.rows} == expected
    NominationFactory(status=Nomination.Status.SUBMITTED)
    nominations = breakdown(user=manager, by="nomination_status")
    selected = {p.participant_id for p in known["placements"]}  # each came from a selection
    assert {row.label: row.total for row in nominations.rows} == {
        "Submitted": 1,
        "Selected": len(selected),
    }


def test_focus_areas_count_an_officer_in_each_of_theirs_and_say_so(known, manager):
    report = breakdown(user=manager, by="focus_area")
    expected = by_hand(
        known["placements"],
        lambda p: [a.name for a in p.focus_areas.all()] or ["No focus area recorded"],
    )
    assert {row.label: row.total for row in report.rows} == expected
    assert report.overlapping


def test_programme_and_year_choices_narrow_the_figures(known, manager):
    gba, _jpo = known["programmes"]
    report = breakdown(user=manager, by="department", programmes=[gba], years=(2024, 2024))
    expected = by_hand(
        [p for p in known["placements"] if p.cohort.programme == gba and p.start_date.year == 2024],
        lambda p: [p.participant.department.name],
    )
    assert {row.label: row.total for row in report.rows} == expected


def test_the_page_shows_the_table_with_totals_and_a_chart_with_a_name(known, manager_client):
    response = manager_client.get(URL, {"by": "department", "across": "programme"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<table class="table table-sm" id="report-table">' in html
    assert "<caption>Officers by Department, across Programme</caption>" in html
    assert 'role="img" aria-labelledby="chart-report-title"' in html
    report = response.context["report"]
    assert [row.label for row in report.rows] == [
        "Department EPD",
        "Department HyD",
        "Department TD",
    ]


def test_a_bare_address_shows_programmes_year_by_year(known, manager_client):
    report = manager_client.get(URL).context["report"]
    assert (report.by, report.across) == ("programme", "year")


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"by": "department", "year_from": "2025", "year_to": "2023"}, "To the year"),
        ({"by": "shoe_size"}, "Count officers by"),
        ({"by": "department", "year_from": "last year"}, "From the year"),
        ({"by": "year", "across": "year"}, "Across the columns"),
        ({"by": "department", "programmes": "999999"}, "Programmes"),
    ],
)
def test_bad_input_is_refused_with_a_message_naming_the_field(manager_client, query, field):
    response = manager_client.get(URL, query)
    assert response.status_code == 200
    assert response.context["report"] is None
    assert f"<li>{field}: " in response.content.decode()


def downloaded(response):
    if response["Content-Type"].startswith("text/csv"):
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        return list(csv.reader(io.StringIO(text)))
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    return [["" if c.value is None else str(c.value) for c in row] for row in sheet.iter_rows()]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_downloads_hold_exactly_the_table_with_its_totals(known, manager_client, kind):
    response = manager_client.get(URL, {"by": "programme", "across": "year", "export": kind})
    rows = downloaded(response)
    assert rows[0] == ["Programme", "2023", "2024", "2025", "Total"]
    assert rows[1:] == [
        ["GBA exchange", "3", "2", "0", "4"],
        ["UN JPO", "0", "1", "2", "3"],
        ["Total", "3", "3", "2", "7"],
    ]


def test_department_hr_see_only_their_own_department(known, client, django_user_model):
    epd = known["departments"][0]
    hr = make_user(django_user_model, "hr", "department_hr")
    UserProfile.objects.create(user=hr, department=epd)
    client.force_login(hr)
    response = client.get(URL, {"by": "department"})
    assert [row.label for row in response.context["report"].rows] == ["Department EPD"]
    expected = by_hand(
        [p for p in known["placements"] if p.participant.department == epd], lambda p: ["all"]
    )
    assert response.context["report"].total == expected["all"]
    text = "\n".join(
        ",".join(row) for row in downloaded(client.get(URL, {"by": "department", "export": "csv"}))
    )
    assert "Department TD" not in text and "Department HyD" not in text
    # Crossed by programme, the grand total is still their officers only.
    crossed = client.get(URL, {"by": "status", "across": "programme"}).context["report"]
    assert crossed.total == len(
        {p.participant_id for p in known["placements"] if p.participant.department == epd}
    )


def make_placements(n):
    cohort = CohortFactory(programme=ProgrammeFactory())
    unit = HostUnitFactory()
    department, grade = DepartmentFactory(code="X1"), GradeFactory(code="G1")
    PlacementFactory.create_batch(
        n,
        nomination__cohort=cohort,
        nomination__participant__department=department,
        nomination__participant__grade=grade,
        host_unit=unit,
        status=Placement.Status.CONFIRMED,
    )


@pytest.mark.parametrize(
    "query",
    [{}, {"by": "department"}, {"by": "focus_area", "across": "programme"}],
    ids=["default", "department", "focus-by-programme"],
)
def test_the_reports_page_costs_the_same_queries_at_5_and_500_placements(
    manager_client, django_assert_num_queries, query
):
    make_placements(5)
    manager_client.get(URL, query)  # warm the session
    with CaptureQueriesContext(connection) as five:
        manager_client.get(URL, query)
    make_placements(495)
    with django_assert_num_queries(len(five.captured_queries)):
        response = manager_client.get(URL, query)
    assert response.context["report"].total == 500


def test_countries_are_named_in_the_readers_script_and_grouped_by_the_english(manager):
    """Two organisations in one country, one without its Chinese forms: one group, named in
    the reader's script."""
    from django.utils import translation

    geneva = HostUnitFactory(
        organisation__country="Switzerland",
        organisation__country_zh_hant="瑞士",
        organisation__country_zh_hans="瑞士",
    )
    bern = HostUnitFactory(organisation__country="Switzerland")
    vienna = HostUnitFactory(
        organisation__country="Austria",
        organisation__country_zh_hant="奧地利",
        organisation__country_zh_hans="奥地利",
    )
    for unit in (geneva, bern, vienna):
        PlacementFactory(host_unit=unit, status=Placement.Status.COMPLETED)
    expected = {
        "en": {"Switzerland": 2, "Austria": 1},
        "zh-hant": {"瑞士": 2, "奧地利": 1},
        "zh-hans": {"瑞士": 2, "奥地利": 1},
    }
    for language, labels in expected.items():
        with translation.override(language):
            report = breakdown(user=manager, by="country")
        assert {row.label: row.total for row in report.rows} == labels, language
