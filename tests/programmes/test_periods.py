"""A programme's founding year, its suspensions as dated periods and its usual length in days,
weeks or months (issue 17, point 2), in the reader's language."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from exchange_portal.roles import Role
from programmes.models import Programme
from tests.conftest import make_user
from tests.programmes.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db

LANGUAGES = ("en", "zh-hant", "zh-hans")


@pytest.fixture
def manager(client, django_user_model):
    user = make_user(django_user_model, "manager", Role.CSB_MANAGER)
    client.force_login(user)
    return user


def page(client, url, language):
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# The founding year ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "public", "staff"),
    [
        ("en", "Began in", "Began in 2002."),
        ("zh-hant", "開辦年份", "於2002年開辦。"),
        ("zh-hans", "开办年份", "于2002年开办。"),
    ],
)
def test_the_founding_year_reads_as_a_year_on_both_pages(client, manager, language, public, staff):
    programme = ProgrammeFactory(established_year=2002)
    html = page(client, reverse("public:programme", args=[programme.code]), language)
    assert public in html and "2002" in html and "2,002" not in html
    assert staff in page(client, reverse("staff:programme", args=[programme.pk]), language)


def test_a_year_outside_the_plausible_range_is_refused_by_the_database():
    programme = ProgrammeFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Programme.objects.filter(pk=programme.pk).update(established_year=1066)
    programme.established_year = 2300
    with pytest.raises(ValidationError) as error:
        programme.full_clean()
    assert "established_year" in error.value.message_dict


def test_the_programme_edit_screen_takes_a_year_and_names_a_bad_one(client, manager):
    programme = ProgrammeFactory(established_year=2002)
    url = reverse("staff:programme_edit", args=[programme.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "organiser"}
    data |= {"organiser": programme.organiser.pk, "established_year": "1066"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "established_year" in response.context["form"].errors
    programme.refresh_from_db()
    assert programme.established_year == 2002
