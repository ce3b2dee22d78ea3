"""/api/v1/reports/: the reports page's figures over the API, counted independently here,
scoped for department HR, refused with a 400 naming the field for a bad choice."""

import datetime
from collections import Counter

import pytest

from placements.models import Placement
from tests.participants.factories import ParticipantFactory
from tests.placements.factories import PlacementFactory, SelectedNominationFactory
from tests.programmes.factories import CohortFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/reports/"


@pytest.fixture
def placed(epd, icac):
    """Officers of EPD and ICAC placed in two programmes and two years; some not counted."""
    gba, jpo = ProgrammeFactory(code="GBA"), ProgrammeFactory(code="JPO")
    made = []
    plan = [
        (gba, 2023, epd, Placement.Status.COMPLETED),
        (gba, 2023, epd, Placement.Status.COMPLETED),
        (gba, 2023, icac, Placement.Status.COMPLETED),
        (gba, 2024, icac, Placement.Status.CONFIRMED),
        (jpo, 2024, epd, Placement.Status.IN_PROGRESS),
        (jpo, 2024, icac, Placement.Status.WITHDRAWN),  # not counted
        (jpo, 2024, epd, Placement.Status.PROPOSED),  # not counted
    ]
    cohorts = {}
    for programme, year, department, status in plan:
        key = (programme.code, year)
        if key not in cohorts:
            start = datetime.date(year, 12, 1)
            cohorts[key] = CohortFactory(
                programme=programme, start_date=start, end_date=start + datetime.timedelta(90)
            )
        nomination = SelectedNominationFactory(
            cohort=cohorts[key], participant=ParticipantFactory(department=department)
        )
        made.append(PlacementFactory(nomination=nomination, status=status))
    return made


def counted(placements, *, department=None):
    live = {Placement.Status.CONFIRMED, Placement.Status.IN_PROGRESS, Placement.Status.COMPLETED}
    return [
        p
        for p in placements
        if p.status in live and (department is None or p.participant.department == department)
    ]


def test_figures_by_department_across_years_match_an_independent_count(api, placed):
    response = api("csb_viewer").get(URL, {"by": "department", "across": "year"})
    assert response.status_code == 200, response.content
    body = response.json()
    expected = Counter(
        (p.participant.department.code, str(p.start_date.year)) for p in counted(placed)
    )
    assert body["columns"] == ["2023", "2024"]
    got = {}
    for row in body["rows"]:
        code = "EPD" if "Environmental" in row["label"] else "ICAC"
        for column, cell in zip(body["columns"], row["cells"], strict=True):
            got[(code, column)] = cell
    assert {k: v for k, v in got.items() if v} == dict(expected)
    assert body["total"] == len(counted(placed))
    assert body["column_totals"] == [3, 2]


def test_hr_figures_hold_their_own_department_only(api, placed, epd):
    body = api("department_hr").get(URL, {"by": "programme"}).json()
    assert body["total"] == len(counted(placed, department=epd))
    assert sum(row["total"] for row in body["rows"]) == 3
    assert all("Independent Commission" not in row["label"] for row in body["rows"])


def test_programme_and_year_filters(api, placed):
    gba = placed[0].cohort.programme
    body = (
        api("csb_manager")
        .get(URL, {"by": "department", "programmes": [gba.pk], "year_from": 2024, "year_to": 2024})
        .json()
    )
    assert body["total"] == 1  # the confirmed ICAC officer of the GBA batch of 2024


@pytest.mark.parametrize(
    ("query", "field"),
    [({"by": "shoe-size"}, "by"), ({}, "by"), ({"by": "grade", "year_from": "1900"}, "year_from")],
)
def test_a_bad_choice_is_400_naming_the_field(api, placed, query, field):
    response = api("csb_viewer").get(URL, query)
    assert response.status_code == 400
    assert field in response.json()["errors"]


@pytest.mark.parametrize(
    ("role", "code"), [("anonymous", 401), ("participant", 403), ("host_contact", 403)]
)
def test_who_may_not_read_the_figures(api, placed, role, code):
    assert api(role).get(URL, {"by": "department"}).status_code == code


def test_a_programme_id_beyond_64_bits_is_400_not_500(api, placed):
    response = api("csb_viewer").get(URL, {"by": "department", "programmes": [2**64]})
    assert response.status_code == 400
    assert "programmes" in response.json()["errors"]
