"""The public pages: programme facts, aggregate figures and the status enquiry. Never personal
data; small groups suppressed; enquiries throttled and uninformative when wrong."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import translation

from placements.models import Placement
from programmes.models import Programme
from tests.participants.factories import DepartmentFactory, ParticipantFactory
from tests.placements.factories import PlacementFactory, SelectedNominationFactory
from tests.programmes.factories import CohortFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

CANARY_NAME = "ZZYZX Canary-Officer"
CANARY_ZH = "金絲雀測試"
CANARY_EMAIL = "canary.zzyzx@example.gov.hk"


@pytest.fixture
def canary_placement():
    """A confirmed placement of an officer whose name and e-mail must never leak."""
    officer = ParticipantFactory(
        name_en=CANARY_NAME,
        name_zh_hant=CANARY_ZH,
        email=CANARY_EMAIL,
        phone="+852 9999 0000",
        staff_number="S9999999",
    )
    return PlacementFactory(
        nomination=SelectedNominationFactory(participant=officer),
        status=Placement.Status.CONFIRMED,
        supervisor_name="Supervisor Qwertyuiop",
    )


def public_urls(placement):
    return [
        reverse("public:home"),
        reverse("public:programmes"),
        reverse("public:programme", args=[placement.cohort.programme.code]),
        reverse("public:figures"),
        reverse("public:status_enquiry"),
    ]


def strip_csrf(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


@pytest.mark.parametrize("language", ["en", "zh-hant", "zh-hans"])
def test_no_public_page_or_enquiry_answer_shows_personal_data(client, canary_placement, language):
    client.cookies["django_language"] = language
    pages = [client.get(url) for url in public_urls(canary_placement)]
    answer = client.post(
        reverse("public:status_enquiry"),
        {"reference_code": canary_placement.reference_code, "email": CANARY_EMAIL},
    )
    assert canary_placement.host_unit.name_en in answer.content.decode()  # it did answer
    for response in [*pages, answer]:
        assert response.status_code == 200
        html = response.content.decode()
        for secret in (
            CANARY_NAME,
            "Canary-Officer",
            CANARY_ZH,
            CANARY_EMAIL,
            "9999 0000",
            "S9999999",
            "Qwertyuiop",
        ):
            assert secret not in html, (response.request["PATH_INFO"], secret)


def test_programmes_being_planned_are_not_public(client):
    planned = ProgrammeFactory(status=Programme.Status.PLANNING, name_en="Secret pilot")
    active = ProgrammeFactory(status=Programme.Status.ACTIVE, name_en="Open exchange")
    CohortFactory(programme=active, destination="Futian and Qianhai, Shenzhen")
    html = client.get(reverse("public:programmes")).content.decode()
    assert "Open exchange" in html
    assert "Futian and Qianhai, Shenzhen" in html
    assert "Secret pilot" not in html
    assert client.get(reverse("public:programme", args=[planned.code])).status_code == 404


def test_programme_names_follow_the_page_language(client):
    ProgrammeFactory(
        name_en="Mainland staff exchange", name_zh_hant="內地交流計劃", name_zh_hans="内地交流计划"
    )
    client.cookies["django_language"] = "zh-hans"
    html = client.get(reverse("public:programmes")).content.decode()
    assert "内地交流计划" in html
    assert 'lang="zh-hans"' in html


def test_figures_show_groups_of_three_and_hide_smaller_ones(client):
    cohort = CohortFactory(places=10)
    big = DepartmentFactory(code="EPD", name_en="Environmental Protection Department")
    middle = DepartmentFactory(code="PlanD", name_en="Planning Department")
    small = DepartmentFactory(code="TD", name_en="Transport Department")
    for department in [big] * 4 + [middle] * 3 + [small]:
        PlacementFactory(
            nomination=SelectedNominationFactory(
                cohort=cohort, participant=ParticipantFactory(department=department)
            ),
            status=Placement.Status.COMPLETED,
        )
    with translation.override("en"):
        html = client.get(reverse("public:figures")).content.decode()
    assert "Environmental Protection Department" in html
    assert "Transport Department" not in html
    # TD's single officer must not be derivable from the total: PlanD's 3 join it in "other".
    assert "Planning Department" not in html
    assert "Other (groups of fewer than 3 combined)" in html


def figures_section(html, key):
    """The text of one table of the figures page (its <section>), tags removed."""
    section = re.search(rf'aria-labelledby="figures-{key}">(.*?)</section>', html, re.S).group(1)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", section))


def test_the_cohort_table_lists_the_most_recent_cohorts_and_earlier_ones_still_count(
    client, monkeypatch
):
    from figures import selectors

    monkeypatch.setattr(selectors, "RECENT_COHORTS", 2)
    programme = ProgrammeFactory(name_en="Long-running Attachment Scheme")
    today = datetime.date.today()
    for years_ago, name in [(3, "Oldest Batch"), (2, "Middle Batch"), (1, "Newest Batch")]:
        start = today.replace(year=today.year - years_ago)
        cohort = CohortFactory(programme=programme, name=name, start_date=start)
        PlacementFactory.create_batch(
            3, nomination__cohort=cohort, status=Placement.Status.COMPLETED
        )
    with translation.override("en"):
        html = client.get(reverse("public:figures")).content.decode()
    cohorts = figures_section(html, "cohort")
    assert "By cohort: the 2 most recent" in cohorts
    assert "Newest Batch 3" in cohorts and "Middle Batch 3" in cohorts
    assert "Oldest Batch" not in cohorts
    assert "Total 6" in cohorts
    assert "Earlier cohorts are counted in the tables by programme" in cohorts
    assert "Long-running Attachment Scheme 9" in figures_section(html, "programme")


def test_figures_count_only_placements_that_are_going_ahead(client):
    cohort = CohortFactory(places=10)
    department = DepartmentFactory(code="PlanD", name_en="Planning Department")
    for status in ["proposed", "withdrawn", "cancelled"] * 2:
        PlacementFactory(
            nomination=SelectedNominationFactory(
                cohort=cohort, participant=ParticipantFactory(department=department)
            ),
            status=status,
        )
    html = client.get(reverse("public:figures")).content.decode()
    assert "Planning Department" not in html


def test_a_wrong_code_and_a_wrong_email_get_the_same_answer(client, canary_placement):
    url = reverse("public:status_enquiry")
    wrong_code = client.post(url, {"reference_code": "EX-0000-0000-0000", "email": CANARY_EMAIL})
    wrong_email = client.post(
        url, {"reference_code": canary_placement.reference_code, "email": "someone@else.hk"}
    )
    assert wrong_code.status_code == wrong_email.status_code == 200
    assert "No placement matches" in wrong_code.content.decode()
    assert strip_csrf(wrong_code.content.decode()) == strip_csrf(wrong_email.content.decode())


def test_the_enquiry_accepts_a_code_typed_loosely(client, canary_placement):
    typed = canary_placement.reference_code.lower().replace("-", " ")
    response = client.post(
        reverse("public:status_enquiry"),
        {"reference_code": typed, "email": CANARY_EMAIL.upper()},
    )
    assert canary_placement.get_status_display() in response.content.decode()


def test_a_malformed_code_gets_a_message_naming_the_format(client):
    response = client.post(
        reverse("public:status_enquiry"), {"reference_code": "12", "email": "a@b.hk"}
    )
    assert response.status_code == 200
    assert "12 letters and digits" in response.content.decode()


def test_enquiries_are_throttled_per_reference_code(client, canary_placement, settings):
    settings.STATUS_ENQUIRY_LIMITS = {
        "address": {"limit": 100, "window": 900},
        "code": {"limit": 100, "window": 900},
        "code_all_addresses": {"limit": 3, "window": 900},
    }
    url = reverse("public:status_enquiry")
    data = {"reference_code": canary_placement.reference_code, "email": "guess@example.hk"}
    statuses = [client.post(url, data, REMOTE_ADDR=f"10.0.0.{n}").status_code for n in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.post(url, data, REMOTE_ADDR="10.0.0.99")
    assert "Too many enquiries" in refused.content.decode()
    assert refused["Retry-After"]


def test_enquiries_are_throttled_per_address(client, settings):
    settings.STATUS_ENQUIRY_LIMITS = {
        "address": {"limit": 2, "window": 900},
        "code": {"limit": 100, "window": 900},
        "code_all_addresses": {"limit": 100, "window": 900},
    }
    url = reverse("public:status_enquiry")
    codes = ["EX-0000-0000-0001", "EX-0000-0000-0002", "EX-0000-0000-0003"]
    statuses = [
        client.post(url, {"reference_code": c, "email": "a@b.hk"}).status_code for c in codes
    ]
    assert statuses == [200, 200, 429]
    assert (
        client.post(
            url, {"reference_code": codes[0], "email": "a@b.hk"}, REMOTE_ADDR="192.0.2.7"
        ).status_code
        == 200
    )


def test_a_wrong_code_and_a_wrong_email_cost_the_same_work(
    client, canary_placement, django_assert_num_queries
):
    """Same answer in the same time: both paths make the same database round trips."""
    url = reverse("public:status_enquiry")
    client.get(url)  # session and CSRF set up outside the count
    with django_assert_num_queries(1):
        client.post(url, {"reference_code": "EX-0000-0000-0000", "email": CANARY_EMAIL})
    with django_assert_num_queries(1):
        client.post(url, {"reference_code": canary_placement.reference_code, "email": "x@else.hk"})


def test_an_answered_enquiry_is_one_query(client, canary_placement, django_assert_num_queries):
    """The answer reads only what it shows, all in one query (placement_for_enquiry)."""
    url = reverse("public:status_enquiry")
    client.get(url)
    with django_assert_num_queries(1):
        response = client.post(
            url, {"reference_code": canary_placement.reference_code, "email": CANARY_EMAIL}
        )
    html = response.content.decode()
    assert canary_placement.get_status_display() in html
    assert canary_placement.cohort.programme.name in html
    assert canary_placement.host_unit.name in html


def test_each_answer_page_is_in_its_visitors_language_with_their_own_working_token(
    canary_placement, settings
):
    """The page around the answer is kept once per language (public/frames.py): visitors in
    each language get it in theirs, their own answer in it, and a CSRF token that lets them
    ask again."""
    settings.STATUS_ENQUIRY_LIMITS = {
        name: {"limit": 100, "window": 900} for name in ["address", "code", "code_all_addresses"]
    }
    url = reverse("public:status_enquiry")
    right = {"reference_code": canary_placement.reference_code, "email": CANARY_EMAIL}
    wrong = {**right, "email": "someone.else@example.gov.hk"}
    headings = {
        language: f'<h2 class="h4">{heading}</h2>'
        for language, heading in [
            ("en", "Your placement"),
            ("zh-hant", "你的派駐"),
            ("zh-hans", "您的派驻"),
        ]
    }
    for language in ["zh-hant", "en", "zh-hans", "en"]:
        client = Client(enforce_csrf_checks=True)
        client.cookies["django_language"] = language
        client.get(url)
        token = client.cookies["csrftoken"].value
        first = client.post(url, {**right, "csrfmiddlewaretoken": token}).content.decode()
        assert f'<html lang="{language}">' in first
        assert headings[language] in first and canary_placement.reference_code not in first
        # The token the answer page gave is the one the next enquiry sends.
        given = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', first)
        assert len(given) == 2 and given[0] == given[1]
        second = client.post(url, {**wrong, "csrfmiddlewaretoken": given[1]})
        assert second.status_code == 200
        assert headings[language] not in second.content.decode()


def test_a_signed_in_visitor_and_a_waiting_message_get_the_whole_page(
    client, canary_placement, csb_manager
):
    """Only a visitor not signed in, with no message waiting, gets the kept page: a signed-in
    one still sees their own navigation."""
    url = reverse("public:status_enquiry")
    right = {"reference_code": canary_placement.reference_code, "email": CANARY_EMAIL}
    assert "Sign in" in client.post(url, right).content.decode()  # the kept page is made
    client.force_login(csb_manager)
    html = client.post(url, right).content.decode()
    assert "Sign out" in html and "My pages" in html and "Your placement" in html


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_enquiry_still_answers_when_its_prepared_statement_is_gone(client, canary_placement):
    """On PostgreSQL the lookup is a prepared statement of the connection; a connection that
    lost it (a pooler, DEALLOCATE, a changed schema) answers from the plain query."""
    url = reverse("public:status_enquiry")
    right = {"reference_code": canary_placement.reference_code, "email": CANARY_EMAIL}
    assert "Your placement" in client.post(url, right).content.decode()
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    for _ in range(2):
        assert "Your placement" in client.post(url, right).content.decode()
