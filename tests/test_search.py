"""Finding officers and hosts by any part of their names, in English or Chinese, on the staff
lists, the API and the admin; on PostgreSQL the trigram indexes answer it (decision 0025)."""

import pytest
from django.db import connection
from django.urls import reverse

from exchange_portal import search
from participants.models import Participant
from placements.filters import HostOrganisationFilter
from placements.models import HostOrganisation, HostUnit, Placement
from tests.conftest import make_user
from tests.participants.factories import ParticipantFactory
from tests.placements.factories import (
    HostOrganisationFactory,
    HostUnitFactory,
    PlacementFactory,
    SelectedNominationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client(client, django_user_model):
    client.force_login(make_user(django_user_model, "manager", "csb_manager"))
    return client


def listed(response):
    return {row["pk"] for row in response.context["rows"]}


@pytest.fixture
def officers():
    return {
        "chan": ParticipantFactory(
            name_en="CHAN Tai-man",
            name_zh_hant="陳大文",
            name_zh_hans="陈大文",
            staff_number="31234567",
        ),
        "wong": ParticipantFactory(
            name_en="WONG Siu-ling",
            name_zh_hant="黃小玲",
            name_zh_hans="黄小玲",
            email="sl@edb.gov.hk",
        ),
        "partner": ParticipantFactory(
            origin=Participant.Origin.PARTNER,
            department=None,
            name_en="LI Wei",
            name_zh_hant="李偉",
            name_zh_hans="李伟",
            home_organisation="Futian District Government",
            home_organisation_zh_hant="福田區人民政府",
            home_organisation_zh_hans="福田区人民政府",
        ),
    }


@pytest.mark.parametrize(
    "typed, found",
    [
        ("tai", {"chan"}),  # part of a word, any case
        ("AI-MA", {"chan"}),
        ("大文", {"chan"}),  # part of a Chinese name
        ("陳大", {"chan"}),
        ("陈大", {"chan"}),  # the Simplified name too
        ("黄小", {"wong"}),
        ("福田区", {"partner"}),  # home organisation in Chinese
        ("小玲", {"wong"}),
        ("edb.gov", {"wong"}),  # e-mail
        ("3123", {"chan"}),  # staff number
        ("futian", {"partner"}),  # home organisation
        ("wong 小玲", {"wong"}),  # every word must be found
        ("wong 大文", set()),
        ("n", {"chan", "wong", "partner"}),
        ("100%", set()),  # % and _ are letters, not wildcards
        ("t_i", set()),
    ],
)
def test_officers_are_found_by_any_part_of_their_names(manager_client, officers, typed, found):
    response = manager_client.get(reverse("staff:officers"), {"q": typed})
    assert listed(response) == {officers[key].pk for key in found}


def test_the_admin_and_the_api_find_the_same_officers(client, django_user_model, officers):
    manager = make_user(django_user_model, "manager", "csb_manager")
    client.force_login(manager)
    admin = client.get(reverse("admin:participants_participant_changelist"), {"q": "大文"})
    assert [o.pk for o in admin.context["cl"].result_list] == [officers["chan"].pk]
    api = client.get("/api/v1/participants/", {"q": "siu-l"}, HTTP_ACCEPT="application/json")
    assert [row["id"] for row in api.json()["results"]] == [officers["wong"].pk]


@pytest.fixture(params=["few keys read first", "keys as a subquery"])
def key_reading(request, monkeypatch):
    """Both ways a search through relations hands its keys to the list (a word matching few
    rows, a word matching many): the same rows either way."""
    if request.param == "keys as a subquery":
        monkeypatch.setattr(search, "EAGER_KEYS", 0)


def test_placements_are_found_by_officer_host_unit_or_organisation(manager_client, key_reading):
    futian = HostOrganisationFactory(
        name_en="Futian District Government", name_zh_hant="福田區政府"
    )
    unit = HostUnitFactory(organisation=futian, name_en="Investment Promotion Bureau")
    at_futian = PlacementFactory(
        nomination=SelectedNominationFactory(participant=ParticipantFactory(name_en="HO Ka-ki")),
        host_unit=unit,
    )
    elsewhere = PlacementFactory(
        nomination=SelectedNominationFactory(participant=ParticipantFactory(name_zh_hant="何家琪")),
    )
    url = reverse("staff:placements")
    assert listed(manager_client.get(url, {"q": "福田"})) == {at_futian.pk}
    assert listed(manager_client.get(url, {"q": "promotion"})) == {at_futian.pk}
    assert listed(manager_client.get(url, {"q": "ka-k"})) == {at_futian.pk}
    assert listed(manager_client.get(url, {"q": "家琪"})) == {elsewhere.pk}
    code = elsewhere.reference_code
    assert listed(manager_client.get(url, {"q": code[3:9].lower()})) == {elsewhere.pk}


def test_host_units_are_found_by_their_own_or_their_organisations_name(manager_client, key_reading):
    qianhai = HostOrganisationFactory(name_en="Qianhai Authority", name_zh_hant="前海管理局")
    unit = HostUnitFactory(organisation=qianhai, name_en="Legal Services Division", city="Shenzhen")
    other = HostUnitFactory(name_en="Trade Office", city="Geneva")
    url = reverse("staff:units")
    assert listed(manager_client.get(url, {"q": "前海"})) == {unit.pk}
    assert listed(manager_client.get(url, {"q": "legal serv"})) == {unit.pk}
    assert listed(manager_client.get(url, {"q": "genev"})) == {other.pk}
    hosts = manager_client.get(reverse("staff:hosts"), {"q": "管理"})
    assert listed(hosts) == {qianhai.pk}


def plan(queryset) -> str:
    """PostgreSQL's plan for `queryset` with sequential scans and whole-index scans priced out,
    so that a table can only be read through an index condition: the plan shows whether the
    trigram index *can* answer the search (on a test database of a few rows the planner would
    rightly read every row, by a scan or along the primary key, depending on what earlier tests
    left in the statistics). Words of three characters or more: trigrams need three."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        try:
            return queryset.explain()
        finally:
            cursor.execute("SET LOCAL enable_seqscan = on")
            cursor.execute("SET LOCAL enable_indexscan = on")


@pytest.mark.postgres
def test_postgresql_answers_name_searches_from_the_trigram_indexes(officers):
    """Each table's part of a search is read through that table's trigram index. (How the
    parts of a list that searches through relations are put together is the planner's choice
    by table size: on a test database of a few rows it may rightly look related rows up by key
    instead; `make bench` measures the lists at full size.)"""
    from participants.filters import ParticipantFilter

    officers_plan = plan(ParticipantFilter({"q": "陳大文 tai-m"}, Participant.objects.all()).qs)
    assert "participant_search_trgm" in officers_plan
    for model, word, index in (
        (Participant, "tai-m", "participant_search_trgm"),
        (HostUnit, "前海管理", "host_unit_search_trgm"),
        (HostOrganisation, "前海管理", "host_org_search_trgm"),
        (HostOrganisation, "authority", "host_org_search_trgm"),
        (Placement, "chan", "placement_search_trgm"),
    ):
        assert index in plan(search.matching(model, word)), (model.__name__, word)
    hosts_plan = plan(HostOrganisationFilter({"q": "管理局"}, HostOrganisation.objects.all()).qs)
    assert "host_org_search_trgm" in hosts_plan


@pytest.mark.postgres
def test_the_admin_search_is_answered_from_the_index_too(rf, officers):
    from django.contrib import admin

    model_admin = admin.site._registry[Participant]
    queryset, _ = model_admin.get_search_results(rf.get("/"), Participant.objects.all(), "陳大文")
    assert list(queryset) == [officers["chan"]]
    assert "participant_search_trgm" in plan(queryset)
