"""Staff lists and the dashboard kept whole between changes (exchange_portal/kept_pages.py,
decision 0058): served again without a query while nothing under them changed, and never once
anything they show, or their reader's rights, changed."""

import re

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.http import HttpRequest
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from exchange_portal import kept_pages
from exchange_portal.figures_cache import RECORDS
from exchange_portal.roles import GROUP_NAMES
from placements import services
from tests.conftest import make_user
from tests.participants.factories import DepartmentFactory, ParticipantFactory
from tests.placements.factories import FocusAreaFactory, PlacementFactory
from tests.programmes.factories import CohortFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _kept_pages_on(settings):
    settings.KEPT_PAGES = True
    kept_pages.forget_all()
    yield
    kept_pages.forget_all()


def page_queries(client, url) -> tuple[str, int]:
    """The page's text and its queries (those of the session aside)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    queries = [q for q in captured.captured_queries if "django_session" not in q["sql"]]
    return response.text, len(queries)


def without_tokens(html: str) -> str:
    return TOKEN.sub("", html)


@pytest.fixture
def manager(client, csb_manager):
    client.force_login(csb_manager)
    return client


def placements_url(**query) -> str:
    url = reverse("staff:placements")
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.mark.parametrize("page", ["staff:placements", "staff:dashboard", "staff:nominations"])
def test_a_page_read_again_is_served_kept_without_a_query(manager, page):
    PlacementFactory.create_batch(3)
    url = reverse(page)
    manager.get(url)  # the session's first request writes its last-seen time
    kept_pages.forget_all()
    first, made = page_queries(manager, url)
    again, served = page_queries(manager, url)
    assert made > 0
    assert served == 0
    assert without_tokens(again) == without_tokens(first)


def test_a_change_through_a_service_shows_at_once(manager, csb_manager):
    placement = PlacementFactory()
    url = placements_url(status="confirmed")
    assert placement.reference_code not in manager.get(url).text
    services.placement_confirm(placement=placement, actor=csb_manager)
    assert placement.reference_code in manager.get(url).text


def test_a_renamed_record_shown_in_a_row_shows_at_once(manager):
    programme = ProgrammeFactory(name_en="Before The Rename")
    PlacementFactory(nomination__cohort=CohortFactory(programme=programme))
    assert "Before The Rename" in manager.get(placements_url()).text
    programme.name_en = "After The Rename"
    programme.save()
    html = manager.get(placements_url()).text
    assert "After The Rename" in html
    assert "Before The Rename" not in html


def test_a_deleted_row_goes_at_once(manager):
    placement = PlacementFactory()
    assert placement.reference_code in manager.get(placements_url()).text
    placement.delete()
    assert placement.reference_code not in manager.get(placements_url()).text


def test_a_link_between_records_changing_sets_the_kept_pages_aside(manager):
    placement = PlacementFactory()
    manager.get(placements_url())
    before = RECORDS.current()
    placement.focus_areas.add(FocusAreaFactory())
    assert RECORDS.current() != before
    assert page_queries(manager, placements_url())[1] > 0  # made again


def test_bulk_writes_without_signals_set_the_kept_pages_aside(manager):
    """Retention writes with update() and delete(): no model signal, yet the next page is new."""
    from operations.retention import purge

    ParticipantFactory(name_en="Chan Tai Man")
    manager.get(reverse("staff:officers"))
    assert page_queries(manager, reverse("staff:officers"))[1] == 0  # kept
    before = RECORDS.current()
    purge()
    assert RECORDS.current() != before
    assert page_queries(manager, reverse("staff:officers"))[1] > 0


def test_another_reader_is_never_served_someone_elses_page(client, django_user_model):
    ours, theirs = DepartmentFactory(code="OURS"), DepartmentFactory(code="THEIRS")
    mine = PlacementFactory(nomination__participant__department=ours)
    other = PlacementFactory(nomination__participant__department=theirs)
    hr_ours = make_user(django_user_model, "hr.ours", "department_hr", department=ours)
    hr_theirs = make_user(django_user_model, "hr.theirs", "department_hr", department=theirs)
    client.force_login(hr_ours)
    client.get(placements_url())
    html = client.get(placements_url()).text  # kept for hr.ours
    assert mine.reference_code in html and other.reference_code not in html
    other_client = Client()
    other_client.force_login(hr_theirs)
    html = other_client.get(placements_url()).text
    assert other.reference_code in html and mine.reference_code not in html


def test_a_reader_whose_role_is_taken_away_is_refused_at_once(client, django_user_model):
    hr = make_user(
        django_user_model, "hr", "department_hr", department=DepartmentFactory(code="HRD")
    )
    client.force_login(hr)
    assert client.get(placements_url()).status_code == 200
    assert client.get(placements_url()).status_code == 200  # kept
    hr.groups.remove(Group.objects.get(name=GROUP_NAMES["department_hr"]))
    assert client.get(placements_url()).status_code in (403, 404)


def test_a_message_waiting_is_shown_not_a_kept_page(manager):
    """A message left by the last action (here put in the reader's message cookie, with no
    record changed) shows on the next page, which is then made afresh."""
    url = reverse("staff:dashboard")
    manager.get(url)
    assert page_queries(manager, url)[1] == 0  # kept
    storage = CookieStorage(HttpRequest())
    manager.cookies[storage.cookie_name] = storage._encode(
        [Message(constants.SUCCESS, "The placement is confirmed.")]
    )
    html = manager.get(url).text
    assert "The placement is confirmed." in html
    assert "The placement is confirmed." not in manager.get(url).text  # shown once


def test_each_language_is_kept_apart(manager):
    PlacementFactory()
    manager.get(placements_url())
    assert "Placements" in manager.get(placements_url()).text
    chinese = manager.get(placements_url(), headers={"accept-language": "zh-hant"}).text
    assert "派駐" in chinese or "借調" in chinese
    assert 'lang="zh-Hant"' in chinese or 'lang="zh-hant"' in chinese


def test_a_kept_pages_forms_post_with_the_visitors_own_token(csb_manager):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(csb_manager)
    url = reverse("staff:dashboard")
    browser.get(url)
    html = browser.get(url).text  # kept
    token = TOKEN.search(html).group(1)
    response = browser.post(
        reverse("set_language"), {"language": "zh-hans", "next": url, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


def test_a_page_is_kept_at_most_a_minute_as_to_the_clock(manager, monkeypatch):
    url = reverse("staff:dashboard")
    manager.get(url)
    assert page_queries(manager, url)[1] == 0
    now = kept_pages.time.monotonic()
    monkeypatch.setattr(kept_pages.time, "monotonic", lambda: now + kept_pages.KEPT_SECONDS + 1)
    assert page_queries(manager, url)[1] > 0


def test_a_process_keeps_a_bounded_number_of_pages(manager, monkeypatch):
    monkeypatch.setattr(kept_pages, "LIMIT", 3)
    for page in range(1, 6):
        manager.get(placements_url(sort="start", page=1, status=f"x{page}"))
    assert len(kept_pages._kept) == 3


def test_nothing_is_kept_when_turned_off(manager, settings):
    settings.KEPT_PAGES = False
    url = reverse("staff:dashboard")
    manager.get(url)
    assert page_queries(manager, url)[1] > 0


NONCE = re.compile(r'nonce="([^"]+)"')


def test_the_admins_changelist_is_kept_with_the_requests_own_nonce(manager):
    """The admin's stylesheets and scripts carry the response's CSP nonce: a kept changelist
    carries the new request's, and the header allows exactly that one."""
    placement = PlacementFactory()
    url = reverse("admin:placements_placement_changelist")
    manager.get(url)
    first = manager.get(url)
    with CaptureQueriesContext(connection) as captured:
        again = manager.get(url)
    assert not [q for q in captured.captured_queries if "django_session" not in q["sql"]]
    assert placement.reference_code in again.text
    nonces = set(NONCE.findall(again.text))
    assert len(nonces) == 1
    (nonce,) = nonces
    assert f"'nonce-{nonce}'" in again["Content-Security-Policy"]
    assert nonces != set(NONCE.findall(first.text))  # a fresh nonce each response


def test_an_admin_changelist_outside_the_portals_records_is_not_kept(manager):
    """The outbox's rows change without a new records version: its changelist is made afresh."""
    url = reverse("admin:notifications_outboundemail_changelist")
    manager.get(url)
    assert page_queries(manager, url)[1] > 0


def test_the_admins_changelist_checks_the_permission_before_a_kept_page(client, django_user_model):
    coordinator = make_user(
        django_user_model, "coord", "programme_coordinator", department=DepartmentFactory()
    )
    client.force_login(coordinator)
    url = reverse("admin:placements_placement_changelist")
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200  # kept
    coordinator.groups.clear()  # still staff, no longer allowed to view placements
    assert client.get(url).status_code == 403


# The API's lists ------------------------------------------------------------------------------


def api_queries(client, url, **extra) -> tuple[dict, list[str]]:
    """The list's JSON and its queries (the session's and the token's aside: DRF reads the
    caller's token on every request, kept or not)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **extra)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    queries = [
        q["sql"]
        for q in captured.captured_queries
        if "django_session" not in q["sql"] and "authtoken_token" not in q["sql"]
    ]
    return response.json(), queries


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_an_api_list_read_again_is_served_kept_and_a_change_shows_at_once(csb_manager):
    api = token_client(csb_manager)
    placement = PlacementFactory()
    url = reverse("api:placement-list") + "?status=confirmed"
    api.get(url)  # the token's first use
    kept_pages.forget_all()
    first, made = api_queries(api, url)
    assert first["count"] == 0 and any("placements_placement" in q for q in made)
    again, served = api_queries(api, url)
    assert (again, served) == (first, [])
    services.placement_confirm(placement=placement, actor=csb_manager)
    after, _ = api_queries(api, url)
    assert [row["reference_code"] for row in after["results"]] == [placement.reference_code]


def test_an_api_caller_is_never_served_anothers_list(django_user_model):
    ours, theirs = DepartmentFactory(code="OURS"), DepartmentFactory(code="THEIRS")
    mine = PlacementFactory(nomination__participant__department=ours)
    other = PlacementFactory(nomination__participant__department=theirs)
    url = reverse("api:placement-list")
    for username, department, shown in (("hr.a", ours, mine), ("hr.b", theirs, other)):
        api = token_client(
            make_user(django_user_model, username, "department_hr", department=department)
        )
        api.get(url)
        codes = [row["reference_code"] for row in api_queries(api, url)[0]["results"]]
        assert codes == [shown.reference_code]


def test_a_kept_api_list_still_counts_against_the_callers_rate(csb_manager, settings):
    rest = dict(settings.REST_FRAMEWORK)
    rest["DEFAULT_THROTTLE_RATES"] = {"user": "3/minute", "token": "3/minute", "anon": "3/minute"}
    settings.REST_FRAMEWORK = rest
    api = token_client(csb_manager)
    url = reverse("api:placement-list")
    assert [api.get(url).status_code for _ in range(4)] == [200, 200, 200, 429]


def test_a_kept_api_lists_links_name_the_host_it_was_asked_on(csb_manager):
    PlacementFactory.create_batch(3)
    api = token_client(csb_manager)
    url = reverse("api:placement-list") + "?page_size=1"
    assert api.get(url).json()["next"].startswith("http://testserver/")
    other = api.get(url, HTTP_HOST="127.0.0.1").json()
    assert other["next"].startswith("http://127.0.0.1/")
