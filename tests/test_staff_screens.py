"""The staff screens: lists with filters, sorting, paging and export; record pages with history
and the actions the user may take."""

import csv
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from participants.models import UserProfile
from placements.models import Nomination, Placement
from tests.conftest import make_user
from tests.participants.factories import DepartmentFactory, GradeFactory, ParticipantFactory
from tests.placements.factories import (
    HostOrganisationFactory,
    HostUnitFactory,
    NominationFactory,
    PlacementFactory,
    SelectedNominationFactory,
)
from tests.programmes.factories import CohortFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(django_user_model):
    return make_user(django_user_model, "manager", "csb_manager")


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


def names_in(response):
    return [row["pk"] for row in response.context["rows"]]


def test_the_placement_list_filters_by_status_programme_and_department(manager_client):
    epd = DepartmentFactory(code="EPD")
    programme = ProgrammeFactory(name_en="GBA exchange")
    cohort = CohortFactory(programme=programme)
    wanted = PlacementFactory(
        nomination=SelectedNominationFactory(
            cohort=cohort, participant=ParticipantFactory(department=epd)
        ),
        status=Placement.Status.CONFIRMED,
    )
    PlacementFactory(
        nomination=SelectedNominationFactory(cohort=cohort), status=Placement.Status.CONFIRMED
    )  # other department
    PlacementFactory(
        nomination=SelectedNominationFactory(participant=ParticipantFactory(department=epd)),
        status=Placement.Status.CONFIRMED,
    )  # other programme
    response = manager_client.get(
        reverse("staff:placements"),
        {"status": "confirmed", "programme": programme.pk, "department": epd.pk},
    )
    assert names_in(response) == [wanted.pk]


def test_text_search_finds_chinese_and_english_names(manager_client):
    chan = ParticipantFactory(name_en="CHAN Siu-ming", name_zh_hant="陳小明")
    ParticipantFactory(name_en="WONG Ka-yan", name_zh_hant="黃嘉欣")
    url = reverse("staff:officers")
    assert names_in(manager_client.get(url, {"q": "小明"})) == [chan.pk]
    assert names_in(manager_client.get(url, {"q": "siu-ming"})) == [chan.pk]


def test_columns_sort_both_ways_and_say_so(manager_client):
    early = CohortFactory(name="Early batch")
    late = CohortFactory(
        name="Late batch",
        start_date=early.start_date.replace(year=2031),
        end_date=early.end_date.replace(year=2031),
    )
    url = reverse("staff:cohorts")
    assert names_in(manager_client.get(url, {"sort": "start"})) == [early.pk, late.pk]
    response = manager_client.get(url, {"sort": "-start"})
    assert names_in(response) == [late.pk, early.pk]
    assert 'aria-sort="descending"' in response.content.decode()


def test_long_lists_come_in_pages_of_fifty(manager_client):
    HostOrganisationFactory.create_batch(55)
    url = reverse("staff:hosts")
    assert len(manager_client.get(url).context["rows"]) == 50
    assert len(manager_client.get(url, {"page": 2}).context["rows"]) == 5


def test_export_gives_exactly_the_filtered_rows_with_formulas_neutralised(manager_client):
    cohort = CohortFactory()
    risky = ParticipantFactory(name_en='=HYPERLINK("http://evil")', name_zh_hant="陳大文")
    wanted = PlacementFactory(
        nomination=SelectedNominationFactory(participant=risky, cohort=cohort)
    )
    PlacementFactory(
        nomination=SelectedNominationFactory(cohort=cohort), status=Placement.Status.WITHDRAWN
    )
    url = reverse("staff:placements")
    response = manager_client.get(url, {"status": "proposed", "export": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 2  # header + the one proposed placement
    assert rows[1][0] == wanted.reference_code
    assert rows[1][1] == '\'=HYPERLINK("http://evil")'
    xlsx = manager_client.get(url, {"status": "proposed", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.getvalue())).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert len(values) == 2
    assert values[1][1] == '\'=HYPERLINK("http://evil")'


def test_hr_lists_and_exports_hold_only_their_department(client, django_user_model):
    epd, td = DepartmentFactory(code="EPD"), DepartmentFactory(code="TD")
    hr = make_user(django_user_model, "hr", "department_hr")
    UserProfile.objects.create(user=hr, department=epd)
    ours = NominationFactory(participant=ParticipantFactory(department=epd))
    theirs = NominationFactory(participant=ParticipantFactory(department=td))
    client.force_login(hr)
    url = reverse("staff:nominations")
    assert names_in(client.get(url)) == [ours.pk]
    # Another department is not even a choice: the filter is refused, the list stays theirs.
    refused = client.get(url, {"department": td.pk})
    assert refused.context["filter"].errors
    assert names_in(refused) == [ours.pk]
    text = b"".join(client.get(url, {"export": "csv"}).streaming_content).decode("utf-8-sig")
    assert theirs.participant.name_en not in text and ours.participant.name_en in text
    assert client.get(reverse("staff:nomination", args=[theirs.pk])).status_code == 404


LISTS = [
    (
        "staff:placements",
        lambda n: PlacementFactory.create_batch(
            n, nomination__cohort=CohortFactory(), host_unit=HostUnitFactory()
        ),
    ),
    (
        "staff:nominations",
        lambda n: NominationFactory.create_batch(
            n,
            cohort=CohortFactory(),
            participant__department=DepartmentFactory(code="X1"),
            participant__grade=GradeFactory(code="G1"),
        ),
    ),
    (
        "staff:officers",
        lambda n: ParticipantFactory.create_batch(
            n, department=DepartmentFactory(code="X2"), grade=GradeFactory(code="G2")
        ),
    ),
    ("staff:programmes", lambda n: ProgrammeFactory.create_batch(n)),
    (
        "staff:cohorts",
        lambda n: CohortFactory.create_batch(n, programme=ProgrammeFactory()),
    ),
    ("staff:hosts", lambda n: HostOrganisationFactory.create_batch(n)),
    (
        "staff:units",
        lambda n: HostUnitFactory.create_batch(n, organisation=HostOrganisationFactory()),
    ),
]


def page_queries(captured) -> int:
    return sum("django_session" not in query["sql"] for query in captured.captured_queries)


# The most reference tables a list's filter offers choices from (the placement list: programmes,
# cohorts, departments, grades, host organisations, countries, focus areas).
FILTER_CHOICE_QUERIES = 7


@pytest.mark.parametrize(("url_name", "make"), LISTS, ids=[name for name, _ in LISTS])
def test_each_list_costs_the_same_queries_at_5_and_500_rows(
    manager_client, django_assert_num_queries, url_name, make
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make(5)
    url = reverse(url_name)
    manager_client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as five:
        manager_client.get(url)
    make(495)
    # New records make a new figures version: the first request after them renders the kept
    # filter options afresh (no more queries than before they were kept, tested below); then
    # the list costs what it cost at 5 rows.
    with CaptureQueriesContext(connection) as first:
        manager_client.get(url)
    # (not counting the session: on a slow machine making 495 rows can outlast the minute
    # after which a request writes the session's last-seen time)
    assert page_queries(first) <= page_queries(five) + FILTER_CHOICE_QUERIES
    with django_assert_num_queries(len(five.captured_queries)):
        response = manager_client.get(url)
    assert len(response.context["rows"]) == 50


def test_a_placement_page_shows_its_history_and_the_actions_of_a_manager(manager_client, manager):
    placement = PlacementFactory()
    from placements import services

    services.placement_update(placement=placement, actor=manager, duties="Transport policy.")
    html = manager_client.get(placement.get_staff_url()).content.decode()
    assert "Transport policy." in html
    assert "History" in html and "Duty statement" in html
    assert reverse("staff:placement_transition", args=[placement.pk, "confirm"]) in html
    # When it last changed, in words; not the edit counter behind stale-edit checks.
    assert "Last changed" in html and ">Version<" not in html


def test_a_viewer_sees_the_record_but_no_actions(client, django_user_model):
    client.force_login(make_user(django_user_model, "viewer", "csb_viewer"))
    placement = PlacementFactory()
    html = client.get(placement.get_staff_url()).content.decode()
    assert placement.reference_code in html
    assert "/do/" not in html


def test_confirming_from_the_placement_page_changes_it_and_says_so(manager_client):
    placement = PlacementFactory()
    response = manager_client.post(
        reverse("staff:placement_transition", args=[placement.pk, "confirm"]),
        follow=True,
    )
    placement.refresh_from_db()
    assert placement.status == Placement.Status.CONFIRMED
    assert "it is now confirmed" in response.content.decode()


def test_withdrawing_asks_for_a_reason_and_shows_the_error_next_to_it(manager_client):
    nomination = NominationFactory()
    url = reverse("staff:nomination_transition", args=[nomination.pk, "withdraw"])
    assert "Reason" in manager_client.get(url).content.decode()
    response = manager_client.post(url, {"reason": ""})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    manager_client.post(url, {"reason": "Posted overseas."})
    nomination.refresh_from_db()
    assert (nomination.status, nomination.status_reason) == ("withdrawn", "Posted overseas.")


def test_a_refused_action_is_explained_on_the_record_page(manager_client):
    placement = PlacementFactory(status=Placement.Status.WITHDRAWN)
    response = manager_client.post(
        reverse("staff:placement_transition", args=[placement.pk, "confirm"]),
        follow=True,
    )
    assert "possible only when it is proposed" in response.content.decode()
    placement.refresh_from_db()
    assert placement.status == Placement.Status.WITHDRAWN


def test_the_dashboard_shows_what_needs_action_and_this_years_figures(manager_client):
    NominationFactory(participant=ParticipantFactory(name_en="WAITING Officer"))
    response = manager_client.get(reverse("staff:dashboard"))
    html = response.content.decode()
    assert "WAITING Officer" in html
    assert "Officers away now" in html
    assert Nomination.objects.count() == 1


def test_a_manager_proposes_a_placement_for_a_selected_officer(manager_client):
    nomination = SelectedNominationFactory()
    unit = HostUnitFactory(name_en="Futian Administration")
    url = reverse("staff:propose_placement", args=[nomination.pk])
    assert "Propose a placement" in manager_client.get(nomination.get_staff_url()).content.decode()
    response = manager_client.post(url, {"host_unit": unit.pk, "role_title": "Special Assistant"})
    placement = Placement.objects.get(nomination=nomination)
    assert response.status_code == 302 and response["Location"] == placement.get_staff_url()
    assert (placement.start_date, placement.host_unit) == (nomination.cohort.start_date, unit)


def test_proposing_dates_that_clash_shows_the_error_by_the_dates(manager_client):
    busy = PlacementFactory(status=Placement.Status.CONFIRMED)
    nomination = SelectedNominationFactory(
        participant=busy.participant,
        cohort=CohortFactory(start_date=busy.end_date.replace(year=busy.end_date.year + 5)),
    )
    response = manager_client.post(
        reverse("staff:propose_placement", args=[nomination.pk]),
        {
            "host_unit": HostUnitFactory().pk,
            "start_date": busy.start_date.isoformat(),
            "end_date": busy.end_date.isoformat(),
        },
    )
    assert response.status_code == 200
    assert busy.reference_code in str(response.context["form"].errors["start_date"])
    assert not Placement.objects.filter(nomination=nomination).exists()


def test_pictures_come_with_their_figures_as_a_table(manager_client):
    cohort = CohortFactory()
    placement = PlacementFactory(
        nomination=SelectedNominationFactory(cohort=cohort), status=Placement.Status.CONFIRMED
    )
    for url in (
        cohort.get_staff_url(),
        placement.host_unit.organisation.get_staff_url(),
        reverse("staff:figures"),
    ):
        html = manager_client.get(url).content.decode()
        assert 'role="img"' in html, url
        assert "<table" in html and "<caption" in html, url
        assert "<script" not in html, url
    cohort_page = manager_client.get(cohort.get_staff_url()).content.decode()
    assert placement.participant.display_name in cohort_page


def test_the_department_calendar_is_for_csb_and_the_departments_own_hr(client, django_user_model):
    epd, td = DepartmentFactory(code="EPD"), DepartmentFactory(code="TD")
    hr = make_user(django_user_model, "hr", "department_hr")
    UserProfile.objects.create(user=hr, department=epd)
    away = PlacementFactory(
        nomination=SelectedNominationFactory(participant=ParticipantFactory(department=epd)),
        status=Placement.Status.CONFIRMED,
    )
    client.force_login(hr)
    own = client.get(reverse("staff:department_calendar", args=[epd.pk]))
    assert own.status_code == 200
    assert away.participant.display_name in own.content.decode()
    assert client.get(reverse("staff:department_calendar", args=[td.pk])).status_code == 404


def test_the_figures_page_costs_a_fixed_number_of_queries(
    manager_client, django_assert_max_num_queries
):
    PlacementFactory.create_batch(3, status=Placement.Status.COMPLETED)
    with django_assert_max_num_queries(20):
        manager_client.get(reverse("staff:figures"))
    PlacementFactory.create_batch(30, status=Placement.Status.COMPLETED)
    with django_assert_max_num_queries(20):
        manager_client.get(reverse("staff:figures"))


# A host's city and country in the reader's language and script ---------------------------


def geneva_host(**kwargs):
    return HostOrganisationFactory(
        name_en="World Health Organization",
        name_zh_hant="世界衞生組織",
        name_zh_hans="世界卫生组织",
        kind="un_body",
        country="Switzerland",
        country_zh_hant="瑞士",
        country_zh_hans="瑞士",
        city="Geneva",
        city_zh_hant="日內瓦",
        city_zh_hans="日内瓦",
        **kwargs,
    )


def page(client, url, language, **params):
    client.cookies["django_language"] = language
    return client.get(url, params).content.decode()


def cells(html):
    return [text.strip() for text in re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)]


@pytest.mark.parametrize(
    ("language", "place", "city", "country"),
    [
        ("en", "Geneva, Switzerland", "Geneva", "Switzerland"),
        ("zh-hant", "瑞士日內瓦", "日內瓦", "瑞士"),
        ("zh-hans", "瑞士日内瓦", "日内瓦", "瑞士"),
    ],
)
def test_hosts_city_and_country_read_in_the_readers_language(
    manager_client, language, place, city, country
):
    host = geneva_host()
    HostUnitFactory(organisation=host, city="Geneva", city_zh_hant="日內瓦", city_zh_hans="日内瓦")
    host_page = page(manager_client, host.get_staff_url(), language)
    assert f"· {place}" in host_page
    hosts = page(manager_client, reverse("staff:hosts"), language)
    assert country in cells(hosts) and city in cells(hosts)
    units = page(manager_client, reverse("staff:units"), language)
    assert city in cells(units)
    if language != "en":
        for text in (host_page, hosts, units):
            shown = re.sub(r"<[^>]*>", "", text)  # the country filter's values stay English
            assert "Geneva" not in shown and "Switzerland" not in shown


def test_a_chinese_place_without_its_chinese_forms_falls_back_to_english(manager_client):
    host = HostOrganisationFactory(country="Singapore", city="Singapore")
    assert "· Singapore<" in page(manager_client, host.get_staff_url(), "zh-hant")


@pytest.mark.parametrize(
    ("url_name", "factory"),
    [
        ("staff:hosts", lambda: geneva_host()),
        ("staff:units", lambda: HostUnitFactory(organisation=geneva_host())),
        ("staff:placements", lambda: PlacementFactory(host_unit__organisation=geneva_host())),
    ],
)
def test_the_country_filter_names_countries_in_the_readers_script_by_their_english_value(
    manager_client, url_name, factory
):
    factory()
    url = reverse(url_name)
    # English first: the placement list keeps its rendered choices per language, and the
    # Chinese pages must not be given the English ones.
    assert '<option value="Switzerland">Switzerland</option>' in page(manager_client, url, "en")
    assert '<option value="Switzerland">瑞士</option>' in page(manager_client, url, "zh-hant")
    chosen = page(manager_client, url, "zh-hans", country="Switzerland")
    assert '<option value="Switzerland" selected>瑞士</option>' in chosen
