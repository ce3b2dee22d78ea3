"""Query strings the admin's filters, autocomplete and date hierarchy cannot use: a 400 or the
filter dropped, never a 500."""

import pytest
from django.urls import reverse

from tests.conftest import make_user
from tests.placements.factories import PlacementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(client, django_user_model):
    client.force_login(make_user(django_user_model, "csb.manager", "csb_manager"))
    return client


def test_a_nul_byte_in_a_changelist_filter_is_a_400(manager):
    response = manager.get(reverse("admin:placements_placement_changelist") + "?status__exact=%00")
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_a_nul_byte_in_an_autocomplete_term_is_a_400(manager):
    query = "?term=a%00b&app_label=placements&model_name=placement&field_name=nomination"
    response = manager.get(reverse("admin:autocomplete") + query)
    assert response.status_code == 400


def test_a_nul_byte_in_the_path_is_a_400(manager):
    response = manager.get("/admin/placements/placement/%00/change/")
    assert response.status_code == 400


def test_a_nul_byte_in_an_api_query_is_a_400_in_the_api_shape(manager):
    response = manager.get(reverse("api:placement-list") + "?search=%00")
    assert response.status_code == 400
    assert response.json()["code"] == "malformed"


@pytest.mark.parametrize(
    ("url_name", "field"),
    [
        ("admin:placements_placement_changelist", "start_date"),  # probed years (decision 0031)
    ],
)
@pytest.mark.parametrize(
    "query",
    [
        "?{f}__year=99999999999999999999999",
        "?{f}__year=2024&{f}__month=99999999999999999999999",
        "?{f}__year=2024&{f}__month=1&{f}__day=99999999999999999999999",
        "?{f}__year=0",
        "?{f}__year=9999",
        "?{f}__year=9999&{f}__month=12",
        "?{f}__year=1",
    ],
)
def test_an_impossible_year_in_the_date_hierarchy_is_no_500(manager, url_name, field, query):
    PlacementFactory()
    response = manager.get(reverse(url_name) + query.format(f=field))
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response["Location"].endswith("?e=1")  # Django's "bad filter" page
