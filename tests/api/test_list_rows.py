"""The placement list is read as plain rows (api/rows.py, decision 0048): every record in it is
what the single-record answer shows, field for field; and its pages count exactly up to 1,000
records, PostgreSQL's estimate beyond, with links and the end of the list exact either way."""

import pytest
from django.urls import reverse

from api import pagination
from api.rows import RowReader
from api.serializers import NominationSerializer, PlacementSerializer
from placements.models import Placement
from tests.participants.factories import ParticipantFactory
from tests.placements.factories import FocusAreaFactory, HostUnitFactory, PlacementFactory
from tests.programmes.factories import CohortFactory

pytestmark = pytest.mark.django_db


def test_each_listed_placement_is_what_its_own_address_shows(api, epd, icac):
    cohort = CohortFactory()
    made = PlacementFactory.create_batch(
        4,
        nomination__cohort=cohort,
        nomination__participant__department=epd,
        host_unit=HostUnitFactory(),
        role_title="Policy officer",
        role_title_zh_hant="政策主任",
    )
    made[0].focus_areas.add(FocusAreaFactory(name_en="Water"), FocusAreaFactory(name_en="Air"))
    PlacementFactory(
        nomination__cohort=cohort,
        nomination__participant=ParticipantFactory(department=icac),
        status=Placement.Status.WITHDRAWN,
    )
    for role, expected in (("csb_manager", 5), ("department_hr", 4)):
        client = api(role)
        listed = client.get(reverse("api:placement-list")).json()
        assert listed["count"] == expected and listed["count_is_exact"]
        for row in listed["results"]:
            single = client.get(reverse("api:placement-detail", args=[row["id"]]))
            assert row == single.json()
    # Two focus areas, in their names' order, as the single record shows them.
    with_areas = api("csb_manager").get(reverse("api:placement-detail", args=[made[0].pk])).json()
    assert len(with_areas["focus_areas"]) == 2


def test_the_list_still_filters_and_orders(api):
    cohort = CohortFactory()
    PlacementFactory.create_batch(3, nomination__cohort=cohort, status=Placement.Status.CONFIRMED)
    PlacementFactory(nomination__cohort=cohort, status=Placement.Status.WITHDRAWN)
    client = api("csb_manager")
    listed = client.get(reverse("api:placement-list"), {"status": "withdrawn"}).json()
    assert [row["status"] for row in listed["results"]] == ["withdrawn"]
    codes = [
        row["reference_code"]
        for row in client.get(reverse("api:placement-list"), {"ordering": "reference_code"}).json()[
            "results"
        ]
    ]
    assert codes == sorted(codes)


def test_a_serializer_with_a_field_rows_cannot_give_keeps_the_serializer():
    class Computed(PlacementSerializer):
        shown = PlacementSerializer().fields["participant_name"].__class__(source="status_label")

        class Meta(PlacementSerializer.Meta):
            fields = [*PlacementSerializer.Meta.fields, "shown"]

    assert RowReader.for_serializer(PlacementSerializer) is not None
    # A nomination's host preferences are a list in rank order, which rows cannot give (their
    # lists of references come in the related model's order): nominations keep the serializer.
    assert RowReader.for_serializer(NominationSerializer) is None
    assert RowReader.for_serializer(Computed) is None


def test_pages_beyond_the_exact_count_keep_exact_links(api, monkeypatch, settings):
    monkeypatch.setattr(pagination, "EXACT_COUNT_UP_TO", 3)
    PlacementFactory.create_batch(5, nomination__cohort=CohortFactory())
    client = api("csb_manager")
    url = reverse("api:placement-list")
    first = client.get(url, {"page_size": 2}).json()
    seen = [row["id"] for row in first["results"]]
    page = first
    while page["next"]:
        page = client.get(page["next"]).json()
        seen += [row["id"] for row in page["results"]]
    assert len(seen) == len(set(seen)) == 5  # every record once, the last page says no next
    assert page["previous"]
    assert client.get(url, {"page_size": 2, "page": 4}).status_code == 404
    assert client.get(url, {"page_size": 2, "page": 0}).status_code == 404
    assert client.get(url, {"page_size": 2, "page": "x"}).status_code == 404
    last = client.get(url, {"page_size": 2, "page": "last"}).json()
    assert last["count"] == 5 and last["count_is_exact"] and len(last["results"]) == 1
    if first["count_is_exact"]:  # SQLite: no planner estimate, so an exact count
        assert first["count"] == 5
    else:  # PostgreSQL: the planner's estimate, never below what was counted
        assert first["count"] >= 4


@pytest.mark.postgres
def test_on_postgresql_a_long_list_gives_the_planners_estimate(api, monkeypatch):
    monkeypatch.setattr(pagination, "EXACT_COUNT_UP_TO", 3)
    PlacementFactory.create_batch(5, nomination__cohort=CohortFactory())
    listed = api("csb_manager").get(reverse("api:placement-list"), {"page_size": 2}).json()
    assert listed["count_is_exact"] is False
    assert listed["count"] >= 4
    assert listed["next"] and len(listed["results"]) == 2


@pytest.mark.postgres
def test_on_postgresql_pages_past_a_low_estimate_are_still_served(api, monkeypatch):
    """The planner's estimate may be below the true number: the pages beyond it are still
    there, found by their number, and `next` stops at the true end."""
    monkeypatch.setattr(pagination, "EXACT_COUNT_UP_TO", 3)
    monkeypatch.setattr(pagination, "planned_rows", lambda queryset: 4)
    PlacementFactory.create_batch(7, nomination__cohort=CohortFactory())
    client = api("csb_manager")
    url = reverse("api:placement-list")
    third = client.get(url, {"page_size": 2, "page": 3}).json()
    assert third["count"] == 4 and third["count_is_exact"] is False
    assert len(third["results"]) == 2 and third["next"]
    fourth = client.get(third["next"]).json()
    assert len(fourth["results"]) == 1 and fourth["next"] is None
    assert client.get(url, {"page_size": 2, "page": 5}).status_code == 404
