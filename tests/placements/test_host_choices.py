"""The host units offered when proposing a placement: those the programme allows, narrowed to the
cohort's destination when some of them are there."""

import pytest
from django.urls import reverse

from tests.conftest import make_user
from tests.placements.factories import HostUnitFactory, SelectedNominationFactory
from tests.programmes.factories import CohortFactory

pytestmark = pytest.mark.django_db


def offered(client, nomination) -> str:
    page = client.get(reverse("staff:propose_placement", args=[nomination.pk]))
    assert page.status_code == 200
    return page.text


def test_the_units_at_the_cohorts_destination_are_offered(client, django_user_model):
    client.force_login(make_user(django_user_model, "manager", "csb_manager"))
    HostUnitFactory(name_en="Futian Administration", city="Shenzhen")
    HostUnitFactory(name_en="Qianhai Authority Office", organisation__city="Shenzhen")
    HostUnitFactory(name_en="Financial Crime Centre", city="Lyon", organisation__city="Lyon")
    cohort = CohortFactory(destination="Futian and Qianhai, Shenzhen")
    html = offered(client, SelectedNominationFactory(cohort=cohort))
    assert "Futian Administration" in html and "Qianhai Authority Office" in html
    assert "Financial Crime Centre" not in html


def test_every_allowed_unit_is_offered_when_none_is_at_the_destination(client, django_user_model):
    client.force_login(make_user(django_user_model, "manager", "csb_manager"))
    HostUnitFactory(name_en="Futian Administration", city="Shenzhen")
    HostUnitFactory(name_en="Transport Division", city="")
    cohort = CohortFactory(destination="Policy bureaux, Central Government Offices")
    html = offered(client, SelectedNominationFactory(cohort=cohort))
    assert "Futian Administration" in html and "Transport Division" in html
