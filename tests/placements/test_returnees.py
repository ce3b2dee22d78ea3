"""The list of returnees (/staff/returnees/): each filter, the reach of each role, the exports
of exactly the filtered rows, the query count at two sizes, the officers' working languages,
and the headings in three languages."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from placements.models import Placement
from tests.conftest import make_user
from tests.participants.factories import (
    DepartmentFactory,
    GradeFactory,
    ParticipantFactory,
    language,
)
from tests.placements.factories import (
    CompletedPlacementFactory,
    FocusAreaFactory,
    HostUnitFactory,
    PlacementFactory,
    ReturnFollowUpFactory,
)
from tests.programmes.factories import CohortFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

URL = "/staff/returnees/"


@pytest.fixture
def world(django_user_model):
    """Two EPD returnees and one HyD returnee who differ in every filtered field; one EPD
    officer still away."""
    epd, hyd = DepartmentFactory(code="EPD"), DepartmentFactory(code="HYD")
    eo, ao = GradeFactory(code="EO"), GradeFactory(code="AO")
    gba = ProgrammeFactory(name_en="GBA Exchange")
    un = ProgrammeFactory(name_en="UN Secondment")
    water, transport = FocusAreaFactory(name_en="Water"), FocusAreaFactory(name_en="Transport")
    futian, geneva = HostUnitFactory(), HostUnitFactory()

    def returnee(name, department, grade, programme, unit, area, languages, end):
        officer = ParticipantFactory(name_en=name, department=department, grade=grade)
        officer.languages.set([language(code) for code in languages])
        placement = CompletedPlacementFactory(
            nomination__participant=officer,
            nomination__cohort=CohortFactory(programme=programme),
            host_unit=unit,
            start_date=end - datetime.timedelta(days=90),
            end_date=end,
        )
        placement.focus_areas.add(area)
        return placement

    chan = returnee(
        "CHAN Mei-ling", epd, eo, gba, futian, water, ["cmn", "yue"], datetime.date(2024, 3, 31)
    )
    ho = returnee(
        "HO Ka-wai", epd, ao, un, geneva, transport, ["fr", "en"], datetime.date(2025, 6, 30)
    )
    lam = returnee("LAM Siu-fung", hyd, eo, gba, futian, water, ["cmn"], datetime.date(2024, 3, 31))
    PlacementFactory(
        nomination__participant=ParticipantFactory(name_en="AWAY Still", department=epd),
        status=Placement.Status.IN_PROGRESS,
    )
    return {
        "epd": epd,
        "hyd": hyd,
        "chan": chan,
        "ho": ho,
        "lam": lam,
        "gba": gba,
        "ao": ao,
        "transport": transport,
        "geneva": geneva,
        "hr": make_user(django_user_model, "hr.epd", "department_hr", department=epd),
        "coordinator": make_user(
            django_user_model, "coordinator.epd", "programme_coordinator", department=epd
        ),
        "viewer": make_user(django_user_model, "csb.viewer", "csb_viewer"),
    }


def names(client, query=""):
    html = client.get(URL + query).content.decode()
    return {n for n in ("CHAN Mei-ling", "HO Ka-wai", "LAM Siu-fung", "AWAY Still") if n in html}


def test_csb_sees_every_returnee_and_no_one_still_away(client, world):
    client.force_login(world["viewer"])
    assert names(client) == {"CHAN Mei-ling", "HO Ka-wai", "LAM Siu-fung"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (lambda w: f"?programme={w['gba'].pk}", {"CHAN Mei-ling", "LAM Siu-fung"}),
        (lambda w: f"?focus_area={w['transport'].pk}", {"HO Ka-wai"}),
        (lambda w: f"?host_organisation={w['geneva'].organisation_id}", {"HO Ka-wai"}),
        (lambda w: f"?language={language('cmn').pk}", {"CHAN Mei-ling", "LAM Siu-fung"}),
        (lambda w: f"?language={language('fr').pk}", {"HO Ka-wai"}),
        (lambda w: f"?grade={w['ao'].pk}", {"HO Ka-wai"}),
        (lambda w: "?year=2024", {"CHAN Mei-ling", "LAM Siu-fung"}),
        (lambda w: "?year=2025", {"HO Ka-wai"}),
        (lambda w: f"?department={w['hyd'].pk}", {"LAM Siu-fung"}),
    ],
    ids=[
        "programme",
        "focus_area",
        "host",
        "language-putonghua",
        "language-french",
        "grade",
        "year-2024",
        "year-2025",
        "department",
    ],
)
def test_each_filter(client, world, query, expected):
    client.force_login(world["viewer"])
    assert names(client, query(world)) == expected


@pytest.mark.parametrize("role", ["hr", "coordinator"])
def test_a_department_sees_its_own_returnees_only(client, world, role):
    client.force_login(world[role])
    assert names(client) == {"CHAN Mei-ling", "HO Ka-wai"}
    # Even when asked for the other department's officers by filter.
    assert names(client, f"?department={world['hyd'].pk}") <= {"CHAN Mei-ling", "HO Ka-wai"}


def test_another_departments_returnee_and_follow_up_are_404(client, world):
    follow_up = ReturnFollowUpFactory(placement=world["lam"])
    client.force_login(world["hr"])
    assert client.get(follow_up.get_staff_url()).status_code == 404
    assert (
        client.get(reverse("staff:officer", args=[world["lam"].participant_id])).status_code == 404
    )
    url = reverse("staff:officer_languages", args=[world["lam"].participant_id])
    assert client.get(url).status_code == 404
    assert client.post(url, {"languages": [language("en").pk]}).status_code == 404


def test_the_follow_up_state_shows_in_the_list(client, world):
    ReturnFollowUpFactory(placement=world["chan"])
    client.force_login(world["viewer"])
    html = client.get(URL).content.decode()
    assert "6 months: Overdue. Waiting for: officer&#x27;s account, department&#x27;s view" in html
    assert "Not open yet" in html


def test_the_csv_export_holds_the_filtered_rows_and_no_more(client, world):
    client.force_login(world["hr"])
    response = client.get(URL + f"?programme={world['gba'].pk}&export=csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:3] == ["Officer", "Department", "Grade"]
    assert [row[0] for row in rows[1:]] == ["CHAN Mei-ling"]
    assert "Putonghua" in rows[1][7] and "Cantonese" in rows[1][7]


def test_the_xlsx_export_holds_the_filtered_rows_and_no_more(client, world):
    client.force_login(world["viewer"])
    response = client.get(URL + "?year=2024&export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    officers = sorted(row[0] for row in sheet.iter_rows(min_row=2, values_only=True))
    assert officers == ["CHAN Mei-ling", "LAM Siu-fung"]


def test_names_are_in_the_readers_script(client, world):
    chan = world["chan"].participant
    chan.name_zh_hant, chan.name_zh_hans = "陳美玲", "陈美玲"
    chan.save()
    client.force_login(world["viewer"])
    client.cookies["django_language"] = "zh-hans"
    html = client.get(URL, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "陈美玲" in html


@pytest.mark.parametrize(
    ("language_code", "heading"),
    [("en", "Returnees"), ("zh-hant", "回任人員"), ("zh-hans", "回任人员")],
)
def test_the_headings_in_three_languages(client, world, language_code, heading):
    client.force_login(world["viewer"])
    follow_up = ReturnFollowUpFactory(placement=world["chan"])
    from django.utils import translation

    with translation.override(language_code):
        html = client.get(URL, HTTP_ACCEPT_LANGUAGE=language_code).content.decode()
        assert f"<h1>{heading}</h1>" in html or f">{heading}</h1>" in html
        page = client.get(follow_up.get_staff_url(), HTTP_ACCEPT_LANGUAGE=language_code)
        expected = {
            "en": "Follow-up after return",
            "zh-hant": "回任後跟進",
            "zh-hans": "回任后跟进",
        }
        assert expected[language_code] in page.content.decode()


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_list_costs_the_same_queries_at_two_sizes(client, world):
    client.force_login(world["viewer"])

    def more(n):
        for _ in range(n):
            placement = CompletedPlacementFactory()
            placement.focus_areas.add(world["transport"])
            placement.participant.languages.set([language("en"), language("yue")])
            ReturnFollowUpFactory(placement=placement)

    more(2)
    few = queries(client, URL)
    more(55)
    assert queries(client, URL) == few
    # The list's filters do not change the count.
    assert queries(client, URL + f"?language={language('en').pk}") <= few + 1


def test_hr_records_their_officers_languages_shown_on_the_officer_page(client, world):
    officer = world["chan"].participant
    client.force_login(world["hr"])
    url = reverse("staff:officer_languages", args=[officer.pk])
    assert url in client.get(officer.get_staff_url()).content.decode()
    response = client.post(url, {"languages": [language("ja").pk, language("en").pk]})
    assert response.status_code == 302
    assert set(officer.languages.values_list("code", flat=True)) == {"ja", "en"}
    page = client.get(officer.get_staff_url()).content.decode()
    assert "Japanese" in page
    assert officer.history.count() >= 1


def test_a_csb_viewer_cannot_change_languages(client, world):
    client.force_login(world["viewer"])
    url = reverse("staff:officer_languages", args=[world["chan"].participant_id])
    assert client.post(url, {"languages": [language("ja").pk]}).status_code == 403
    assert not world["chan"].participant.languages.filter(code="ja").exists()
