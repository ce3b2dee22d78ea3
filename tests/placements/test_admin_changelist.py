"""The portal's placement changelist near its floor (issue 18): rows written in Python, filter
choices kept per figures version, the sidebar kept per user and sign-in version. Each shows what
Django's own admin shows, and a change shows on the next request."""

import re

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import results
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from exchange_portal.admin_rows import python_results
from exchange_portal.roles import Role
from placements.models import Placement
from tests.conftest import make_user
from tests.participants.factories import ParticipantFactory
from tests.placements.factories import FocusAreaFactory, PlacementFactory
from tests.programmes.factories import CohortFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

URL = "admin:placements_placement_changelist"
LANGUAGES = ["en", "zh-hant", "zh-hans"]


def get(client, language="en", **query):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse(URL), query)
    assert response.status_code == 200
    return response


def filter_links(html: str, parameter: str) -> list[str]:
    """The labels of the changelist filter's links that set `parameter`."""
    return re.findall(rf'<a href="\?{parameter}=[^"]*">([^<]*)</a>', html)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("query", [{}, {"status__exact": "confirmed", "o": "-2"}])
def test_the_rows_are_djangos_markup(admin_client, language, query):
    """Every cell as Django's items_for_result writes it: links with the list's preserved
    filters, names in the reader's language and script, dates, labels and checkboxes."""
    officer = ParticipantFactory(
        name_en="Chan Tai Man", name_zh_hant="陳大文", name_zh_hans="陈大文"
    )
    PlacementFactory(nomination__participant=officer, status=Placement.Status.CONFIRMED)
    PlacementFactory.create_batch(3, status=Placement.Status.CONFIRMED)
    response = get(admin_client, language, **query)
    changelist = response.context["cl"]
    written = python_results(changelist)
    django = list(results(changelist))
    assert len(written) == len(django) == 4
    assert all(len(row) == 1 for row in written)  # written here, not left to Django
    assert ["".join(row) for row in written] == ["".join(row) for row in django]
    html = response.content.decode()
    assert "".join(written[0]) in html
    name = {"en": "Chan Tai Man (陳大文)", "zh-hant": "陳大文 (Chan Tai Man)"}
    assert name.get(language, "陈大文 (Chan Tai Man)") in html
    if query:
        assert "_changelist_filters=status__exact%3Dconfirmed" in html


def test_the_filter_choices_are_read_once_a_version_and_a_renamed_programme_shows_at_once(
    admin_client,
):
    programme = ProgrammeFactory(name_en="Mainland exchange", name_zh_hant="內地交流")
    ProgrammeFactory(name_en="Secretariat attachment")  # a filter of one choice is not shown
    FocusAreaFactory(code="urban-planning")
    PlacementFactory(nomination__cohort=CohortFactory(programme=programme))
    get(admin_client)
    with CaptureQueriesContext(connection) as read:
        html = get(admin_client).content.decode()
    tables = " ".join(query["sql"] for query in read.captured_queries)
    assert "programmes_programme" not in tables and "placements_focusarea" not in tables
    assert "Mainland exchange" in filter_links(html, "cohort__programme__id__exact")
    programme.name_en, programme.name_zh_hant = "GBA exchange", "大灣區交流"
    programme.save()
    assert "GBA exchange" in filter_links(
        get(admin_client).content.decode(), "cohort__programme__id__exact"
    )
    assert "大灣區交流" in filter_links(
        get(admin_client, "zh-hant").content.decode(), "cohort__programme__id__exact"
    )
    assert "Mainland exchange" not in filter_links(
        get(admin_client).content.decode(), "cohort__programme__id__exact"
    )


def test_the_sidebar_follows_the_users_rights_on_the_next_request(client, django_user_model):
    """The sidebar's list of models is kept per user and sign-in version: a permission given
    puts its model in the sidebar on the next request, and taken away takes it out."""
    user = make_user(django_user_model, "viewer", Role.CSB_VIEWER)
    client.force_login(user)
    groups = reverse("admin:auth_group_changelist")
    sidebar = re.compile(r'<nav class="sticky" id="nav-sidebar".*?</nav>', re.S)
    html = get(client).content.decode()
    assert groups not in sidebar.search(html).group(0)  # a CSB viewer does not see groups
    assert 'aria-current="page"' in sidebar.search(html).group(0)  # the page's own model
    view_group = Permission.objects.get(codename="view_group")
    user.user_permissions.add(view_group)
    assert groups in sidebar.search(get(client).content.decode()).group(0)
    user.user_permissions.remove(view_group)
    assert groups not in sidebar.search(get(client).content.decode()).group(0)


def test_the_sidebar_is_djangos(admin_client, rf):
    """The kept sidebar is the markup Django's own nav_sidebar.html writes for the page."""
    from django.template.loader import render_to_string

    response = get(admin_client)
    html = response.content.decode()
    request = response.wsgi_request
    context = admin.site.each_context(request)
    django = render_to_string("admin/nav_sidebar.html", context, request=request)
    assert django.strip() and django.strip() in html
