"""The staff lists' filter options are rendered once per figures version and language
(exchange_portal.filters, decision 0047): a renamed reference record shows in the filter on the
next request, in every language, and the kept markup is the markup crispy and the select widget
write afresh."""

import re

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from exchange_portal import filters
from exchange_portal.figures_cache import figures_changed, figures_version
from participants.models import Department
from placements.filters import NominationFilter, PlacementFilter
from programmes.models import Programme
from tests.conftest import make_user
from tests.participants.factories import DepartmentFactory, GradeFactory
from tests.placements.factories import HostOrganisationFactory, PlacementFactory
from tests.programmes.factories import CohortFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "zh-hant", "zh-hans"]


@pytest.fixture
def manager_client(client, django_user_model):
    client.force_login(make_user(django_user_model, "manager", "csb_manager"))
    return client


def options_of(html: str, name: str) -> list[str]:
    """The labels of the <select name=...>'s options."""
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no <select> named {name}"
    return re.findall(r"<option[^>]*>([^<]*)</option>", select.group(1))


def page(client, language="en", **query):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("staff:placements"), query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_renamed_department_shows_in_the_filter_at_once_in_each_language(
    manager_client, language
):
    department = DepartmentFactory(code="EPD", name_en="Environmental Protection Department")
    department.name_zh_hant = "環境保護署"
    department.save()
    page(manager_client, language)  # the options are kept now
    department.name_en = "Environment and Ecology Bureau"
    department.name_zh_hant = "環境及生態局"
    department.name_zh_hans = "环境及生态局"
    department.save()
    shown = options_of(page(manager_client, language), "department")
    expected = {
        "en": "EPD – Environment and Ecology Bureau",
        "zh-hant": "EPD – 環境及生態局",
        "zh-hans": "EPD – 环境及生态局",
    }[language]
    assert expected in shown
    assert not any("Environmental Protection" in label or "環境保護署" in label for label in shown)


@pytest.mark.parametrize("language", LANGUAGES)
def test_renamed_programmes_cohorts_and_hosts_show_in_the_filter_at_once(manager_client, language):
    programme = ProgrammeFactory(name_en="Mainland exchange", name_zh_hant="內地交流")
    cohort = CohortFactory(programme=programme, name="Batch one", name_zh_hant="第一批")
    host = HostOrganisationFactory(name_en="Shenzhen bureau", name_zh_hant="深圳局")
    page(manager_client, language)
    page(manager_client, language, programme=programme.pk)
    programme.name_en, programme.name_zh_hant = "GBA exchange", "大灣區交流"
    programme.name_zh_hans = "大湾区交流"
    programme.save()
    cohort.name, cohort.name_zh_hant, cohort.name_zh_hans = "Batch two", "第二批", "第二批次"
    cohort.save()
    host.name_en = "Qianhai authority"
    host.name_zh_hant = host.name_zh_hans = "前海管理局"
    host.save()
    for query in ({}, {"programme": programme.pk}):
        html = page(manager_client, language, **query)
        programmes = options_of(html, "programme")
        cohorts = options_of(html, "cohort")
        hosts = options_of(html, "host_organisation")
        new = {
            "en": ("GBA exchange", "Batch two", "Qianhai authority"),
            "zh-hant": ("大灣區交流", "第二批", "前海管理局"),
            "zh-hans": ("大湾区交流", "第二批次", "前海管理局"),
        }[language]
        assert new[0] in programmes
        assert any(new[1] in label for label in cohorts)
        assert new[2] in hosts
        assert "Mainland exchange" not in programmes and "內地交流" not in programmes
        assert not any("Batch one" in label or "第一批" in label for label in cohorts)


def test_a_change_made_on_another_instance_shows_in_the_filter_at_once(manager_client):
    """Another instance's change reaches this process through the shared version alone: here a
    write that sends no signal in this process, then the version made new as that instance
    does."""
    ProgrammeFactory(name_en="Secretariat attachment")
    assert "Secretariat attachment" in options_of(page(manager_client), "programme")
    Programme.objects.update(name_en="Secretariat attachment scheme")
    figures_changed()
    assert "Secretariat attachment scheme" in options_of(page(manager_client), "programme")


def test_a_new_grade_and_a_new_country_are_offered_at_once(manager_client):
    GradeFactory(code="AO")
    page(manager_client)
    GradeFactory(code="EO")
    HostOrganisationFactory(country="Singapore")
    html = page(manager_client)
    assert any(label.startswith("EO") for label in options_of(html, "grade"))
    assert "Singapore" in options_of(html, "country")


def test_the_chosen_option_is_marked_on_kept_options(manager_client):
    chosen = ProgrammeFactory(name_en="Chosen programme")
    ProgrammeFactory(name_en="Another programme")
    page(manager_client)  # kept without a choice
    html = page(manager_client, programme=chosen.pk, status="completed")
    assert f'<option value="{chosen.pk}" selected>Chosen programme</option>' in html
    assert '<option value="completed" selected>' in html
    for name in ("programme", "status", "cohort", "department"):
        select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
        assert select.group(1).count(" selected") == 1


def test_department_hr_is_offered_only_their_own_department_after_a_manager(
    manager_client, django_user_model
):
    from django.test import Client

    epd = DepartmentFactory(code="EPD")
    DepartmentFactory(code="TD")
    page(manager_client)  # a manager's options (every department) kept
    hr = make_user(django_user_model, "hr.epd", "department_hr", department=epd)
    hr_client = Client()
    hr_client.force_login(hr)
    shown = options_of(page(hr_client), "department")
    assert [label.split(" – ")[0] for label in shown if label != "All"] == ["EPD"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_kept_fields_are_the_markup_crispy_writes(language):
    """filter_field_html gives what `{{ field|as_crispy_field }}` gives, for every field of the
    two officer filters, empty, chosen and with an error, the second time as the first."""
    programme = ProgrammeFactory()
    PlacementFactory(nomination__cohort__programme=programme)
    Department.objects.update(name_zh_hant="部門")
    version = figures_version()
    datasets = [
        {},
        {"programme": str(programme.pk), "status": "completed", "q": "陳", "rank_level": "junior"},
        {"status": "no-such-status", "start_date_after": "2026-01-01"},
    ]
    with translation.override(language):
        for filterset_class in (PlacementFilter, NominationFilter):
            for data in datasets:
                for _round in range(2):
                    kept = filterset_class(data or None, queryset=None)
                    filters.plain_selects(
                        kept.form,
                        kept_choices=kept.kept_choices(None),
                        version=version,
                        owner=filterset_class,
                    )
                    fresh = filterset_class(data or None, queryset=None)
                    filters.plain_selects(fresh.form)
                    for name in kept.form.fields:
                        assert str(filters.filter_field_html(kept.form[name])) == str(
                            as_crispy_field(fresh.form[name])
                        ), (filterset_class.__name__, data, name)
