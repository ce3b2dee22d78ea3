"""/api/v1/costs/: what each programme cost by financial year, as decimal strings exact to the
cent (equal to the hand sums), scoped for coordinators, refused to department HR and the roles
without the API, a 400 naming the field for a bad year, and the same queries for few or many
programmes."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.conftest import make_user
from tests.figures.factories import D, build_cost_world, committed_by_hand, cost, placement_in
from tests.programmes.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/costs/"


@pytest.fixture
def world():
    return build_cost_world()


def client_of(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_the_costs_of_2024_are_the_hand_sums_as_exact_decimal_strings(world, api):
    response = api("csb_viewer").get(URL, {"year_from": 2024, "year_to": 2024})
    assert response.status_code == 200, response.content
    body = response.json()
    expected = committed_by_hand(world["costs"])
    gba, jpo = world["programmes"]
    assert body["years"] == [2024]
    assert body["columns"] == ["2024-25"]
    assert [(row["programme"], row["label"]) for row in body["rows"]] == [
        (gba.pk, "GBA exchange"),
        (jpo.pk, "UN JPO"),
    ]
    for row in body["rows"]:
        assert row["cells"] == [str(expected[(row["programme"], 2024)])]
        assert Decimal(row["total"]) == expected[(row["programme"], 2024)]
    assert body["total"] == str(expected[(gba.pk, 2024)] + expected[(jpo.pk, 2024)])
    details = {line["programme"]: line for line in body["details"]}
    assert details[jpo.pk]["budget"] == "200000.00"
    assert Decimal(details[jpo.pk]["left"]) == Decimal("200000.00") - expected[(jpo.pk, 2024)]
    assert details[jpo.pk]["officer_months"] == "12.0"  # 365 days
    assert details[gba.pk]["per_officer_month"] == "2647.03"


def test_names_follow_the_requests_language(world, api):
    response = api("csb_manager").get(
        URL, {"year_from": 2024, "year_to": 2024}, HTTP_ACCEPT_LANGUAGE="zh-hant"
    )
    assert [row["label"] for row in response.json()["rows"]] == [
        "大灣區交流計劃",
        "聯合國初級專業人員計劃",
    ]


def test_a_coordinator_reads_only_their_departments_programmes(world, django_user_model):
    coordinator = make_user(
        django_user_model, "coord", "programme_coordinator", department=world["td"]
    )
    body = client_of(coordinator).get(URL).json()
    assert [row["label"] for row in body["rows"]] == ["UN JPO"]
    assert {line["label"] for line in body["details"]} == {"UN JPO"}


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 401), ("participant", 403), ("host_contact", 403), ("department_hr", 403)],
)
def test_other_roles_are_refused(world, api, role, status):
    response = api(role).get(URL)
    assert response.status_code == status
    assert "GBA exchange" not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"year_from": 2025, "year_to": 2024}, "year_to"),
        ({"year_from": "next"}, "year_from"),
        ({"programmes": [2**64]}, "programmes"),
    ],
)
def test_a_bad_choice_is_a_400_naming_the_field(api, query, field):
    response = api("csb_manager").get(URL, query)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_the_costs_take_the_same_queries_for_few_and_many_programmes(api):
    client = api("csb_manager")

    def add(count):
        for n in range(count):
            placement = placement_in(ProgrammeFactory(), D(2024, 1, 1), D(2024, 9, 30))
            cost(placement, "100.00", "CHF", "8.8731", D(2024 + n % 2, 5, 1))

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        return len(captured)

    add(2)
    few = queries()
    add(30)
    assert len(client.get(URL).json()["rows"]) == 32
    assert queries() == few
