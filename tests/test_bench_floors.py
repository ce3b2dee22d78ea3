"""Each floor of `make bench` (bench/floors.py, decision 0046) shows the same rows as its page on
a small seeded world, so a floor cannot quietly do less work than the page it is the floor of."""

import json
import re

import pytest
from django.core.management import call_command
from django.db import models
from django.test import Client

from bench.floors import dashboard_lists, first_and_waiting
from bench.seed import seed
from exchange_portal.roles import Role
from placements.models import Nomination, Placement
from programmes.models import Cohort, Programme
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

CODE = re.compile(r"EX-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}")


@pytest.fixture
def world(settings, django_user_model):
    """The bench's data set, small, with a few records in the states the dashboard lists."""
    settings.ROOT_URLCONF = "bench.urls"
    seed(
        participants=40,
        placements=70,
        host_units=10,
        programmes=3,
        cohorts=8,
        departments=3,
        grades=2,
    )
    # Proposed (awaiting the host, declined, accepted), past their start: in the dashboard's
    # host, declined and confirm lists and among the stale records.
    answers = [Placement.HostResponse.AWAITING, Placement.HostResponse.DECLINED, ""]
    for placement, answer in zip(Placement.objects.order_by("pk")[:6], answers * 2, strict=True):
        Placement.objects.filter(pk=placement.pk).update(
            status=Placement.Status.PROPOSED,
            host_response=answer,
            host_response_reason="Too far." if answer else "",
        )
    Nomination.objects.filter(pk__in=Nomination.objects.order_by("-pk").values("pk")[:3]).update(
        status=Nomination.Status.SUBMITTED
    )
    Cohort.objects.filter(pk=Cohort.objects.order_by("-pk").first().pk).update(
        status=Cohort.Status.PLANNED
    )
    return make_user(django_user_model, "floor.manager", Role.CSB_MANAGER)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def codes(response) -> set[str]:
    return set(CODE.findall(response.content.decode()))


def test_staff_list_floor_shows_the_pages_rows_and_count(world):
    client = signed_in(world)
    programme = Programme.objects.order_by("code").first()
    query = f"?programme={programme.pk}&status=completed"
    page = client.get("/staff/placements/" + query)
    floor = client.get("/bench/floor/staff/placements/" + query)
    assert page.status_code == floor.status_code == 200
    shown = {p["reference_code"] for p in page.context["object_list"]}
    assert shown and codes(floor) == shown
    count = page.context["paginator"].count
    assert f"<p>{count} placements</p>" in floor.content.decode()
    # Every programme the page's filter offers, the floor offers.
    for other in Programme.objects.all():
        assert f'<option value="{other.pk}">' in floor.content.decode()


def test_dashboard_floor_reads_the_pages_lists(world):
    client = signed_in(world)
    page = client.get("/staff/")
    floor = client.get("/bench/floor/staff/")
    assert page.status_code == floor.status_code == 200
    lists = dict(dashboard_lists())
    for action in page.context["lists"]:
        first, waiting = first_and_waiting(lists[action.key])
        assert [r[0] for r in first] == [row.pk for row in action.rows], action.key
        assert waiting == action.total, action.key
    stale = [s.record for s in page.context["stale"]]
    assert {c.pk for c in stale if isinstance(c, Cohort)} == {r[0] for r in lists["stale cohorts"]}
    stale_placements = {p["reference_code"] for p in stale if isinstance(p, dict)}
    assert stale_placements == {r[1] for r in lists["stale placements"]}
    # The world has rows in some lists, so the comparison compared something.
    assert stale_placements and any(action.rows for action in page.context["lists"])
    assert codes(page) and codes(page) <= codes(floor)


def test_api_floor_gives_the_same_placements_and_fields(world):
    client = signed_in(world)
    page = client.get("/api/v1/placements/?page_size=50").json()
    floor = json.loads(client.get("/bench/floor/api/placements/").content)
    assert floor["count"] == page["count"] == 70
    assert [r["id"] for r in floor["results"]] == [r["id"] for r in page["results"]]
    assert set(floor["results"][0]) == set(page["results"][0])
    assert [r["reference_code"] for r in floor["results"]] == [
        r["reference_code"] for r in page["results"]
    ]


def test_admin_floor_shows_the_changelists_rows_and_years(world):
    client = signed_in(world)
    page = client.get("/admin/placements/placement/")
    floor = client.get("/bench/floor/admin/placements/")
    assert page.status_code == floor.status_code == 200
    changelist = page.context["cl"]
    assert codes(floor) == {p.reference_code for p in changelist.result_list}
    assert f"<p>{changelist.result_count} placements</p>" in floor.content.decode()
    years = {d.year for d in Placement.objects.dates("start_date", "year")}
    assert years and all(f"<a>{year}</a>" in floor.content.decode() for year in years)


def test_enquiry_floor_answers_as_the_page_does(world):
    placement = Placement.objects.select_related("participant").order_by("pk").first()
    right = {"reference_code": placement.reference_code, "email": placement.participant.email}
    wrong = {**right, "email": "someone.else@example.gov.hk"}
    client = Client()
    assert "Your placement" in client.post("/status/", right).content.decode()
    assert codes(client.post("/bench/floor/status/", right)) == {placement.reference_code}
    assert "Your placement" not in client.post("/status/", wrong).content.decode()
    assert not codes(client.post("/bench/floor/status/", wrong))


def test_figures_floor_serves_the_stored_page(world):
    client = Client()
    page = client.get("/figures/")  # computes and stores the page
    stored = client.get("/figures/")  # served from the store
    floor = client.get("/bench/floor/figures/")
    assert page.status_code == stored.status_code == floor.status_code == 200
    token = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
    assert token.sub(b"", floor.content) == token.sub(b"", stored.content)


def test_floors_are_not_in_the_products_urls(client):
    """The floors are served by the bench's URLconf only."""
    assert client.get("/bench/floor/figures/").status_code == 404


@pytest.mark.postgres
def test_seeding_by_copy_and_growing_keeps_every_row_valid_and_every_index():
    """PostgreSQL's path of bench/seed.py (COPY from rows of values, the plain indexes set aside
    and built again) and `grow()` (--scale): the rows, their history and the indexes."""
    from django.db import connection

    from bench.seed import grow
    from participants.models import Participant

    def indexes():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
            )
            return dict(cursor.fetchall())

    before = indexes()
    seed(participants=30, placements=50, host_units=10, programmes=3, cohorts=6)
    grow(participants=30, placements=50, cohorts=6)
    assert indexes() == before
    assert Placement.objects.count() == Placement.history.count() == 100
    assert Nomination.objects.count() == Nomination.history.count() == 100
    assert Participant.objects.count() == Participant.history.count() == 60
    assert Cohort.objects.filter(name__startswith="Bench cohort").count() == 12
    codes = set(Placement.objects.values_list("reference_code", flat=True))
    assert len(codes) == 100 and all(CODE.fullmatch(code) for code in codes)
    # Each placement is its nomination's, for the same officer and cohort, with its dates.
    assert not Placement.objects.exclude(
        participant=models.F("nomination__participant"),
        cohort=models.F("nomination__cohort"),
        start_date=models.F("cohort__start_date"),
    ).exists()
    history = Placement.history.first()
    assert history.history_type == "+" and history.history_change_reason


def test_the_bench_urls_admin_sites_pass_djangos_checks():
    """`make bench` migrates with its own URLs, whose admin sites (Django's default placement
    admin, the portal's made afresh) Django checks like any other: an error there stops the
    benchmark before it starts."""
    import bench.urls  # noqa: F401 (makes the sites)

    call_command("check", "--fail-level", "ERROR")
