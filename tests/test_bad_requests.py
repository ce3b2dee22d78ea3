"""Bad input at the door: every URL of the portal, POSTed with a forged CSRF token, a body
over the size limit, too many fields, or bytes that are not UTF-8, answers 4xx, never 500,
and nothing is written (QUALITY.md, "Bad input"; issue 7.3)."""

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.test import Client

from tests.test_access_matrix import (
    ANON,
    HR,
    MANAGER,
    build_world,
    concrete_url,
    url_patterns,
)

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"


def bad_bodies():
    limit = django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return {
        "oversized": (b"comment=" + b"x" * (limit + 1), FORM),
        "too many fields": (b"&".join(b"f%d=1" % i for i in range(2000)), FORM),
        "invalid UTF-8 (escaped)": (b"name_en=%FF%FE%FD&comment=%C3%28", FORM),
        "invalid UTF-8 (raw)": (b"name_en=\xff\xfe", FORM),
        "invalid UTF-8 JSON": (b'{"name_en": "\xff"}', "application/json"),
    }


def rows_everywhere():
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


@pytest.mark.parametrize("role", [ANON, HR, MANAGER])
def test_every_post_endpoint_refuses_bad_requests_with_4xx(django_user_model, role, settings):
    # A lower limit than production's 2.5 MB, so that a thousand requests stay quick; the
    # mechanism is the same.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 16 * 1024
    world = build_world(django_user_model)
    user = world["users"][role]
    plain = Client()
    guarded = Client(enforce_csrf_checks=True)
    for client in (plain, guarded):
        if user is not None:
            client.force_login(user)
    guarded.cookies["csrftoken"] = "forged"
    before = rows_everywhere()
    wrong = []
    bodies = bad_bodies()
    for route, name in url_patterns():
        url = concrete_url(route, name, world)
        response = guarded.post(url, {"csrfmiddlewaretoken": "also-forged", "post": "yes"})
        # Pages refuse a forged token with 403. The API takes JSON only: a form body is
        # refused (415) before the token is read, a caller without credentials gets 401.
        refused = {403} if not url.startswith("/api/") else {401, 403, 405, 415}
        if response.status_code not in refused:
            wrong.append((url, "forged CSRF token", response.status_code))
        if url.startswith("/api/") and user is not None:
            response = guarded.post(
                url, b"{}", content_type="application/json", HTTP_X_CSRFTOKEN="also-forged"
            )
            if response.status_code not in {403, 405}:
                wrong.append((url, "forged CSRF token (JSON)", response.status_code))
        for kind, (body, content_type) in bodies.items():
            response = plain.post(url, body, content_type=content_type)
            if not 400 <= response.status_code < 500:
                wrong.append((url, kind, response.status_code))
    assert not wrong, "\n".join(map(str, wrong))
    after = rows_everywhere()
    # Signing in writes sessions; nothing else may change.
    changed = {k for k in before if before[k] != after[k]} - {"sessions.Session"}
    assert not changed


def test_the_400_page_says_what_was_wrong(client):
    response = client.post("/status/", b"reference=%FF", content_type=FORM)
    assert response.status_code == 400
    assert "not valid text (UTF-8)" in response.content.decode()
    assert "Nothing was saved" in response.content.decode()


def test_a_query_string_that_is_not_utf8_is_400(client):
    assert client.get("/staff/placements/?q=%FF%FE").status_code == 400


def test_a_good_chinese_form_still_passes(client):
    """The guard must not refuse real text: Chinese and emoji are valid UTF-8."""
    response = client.post("/status/", {"reference": "陳大文😀", "email": "a@example.gov.hk"})
    assert response.status_code == 200
