"""Hypothesis over every form of the portal (issue 7.3): each form page is fetched as a role that
may post it, its fields are read from the HTML, and generated values — Chinese, emoji,
10,000-character strings, NUL bytes, formulas, wrong choices, broken dates, tampered hidden
fields — are posted. The answer is a page or a redirect, never a server error; and text that is
saved comes back unchanged."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from participants.models import Participant
from tests.test_access_matrix import (
    ANON,
    HOST,
    HR,
    MANAGER,
    NO_ADD_VIEW,
    PAGES,
    PART,
    PORTAL_MODELS,
    RIGHTS,
    A,
    C,
    build_world,
    concrete_url,
    url_patterns,
)

pytestmark = pytest.mark.django_db

NASTY_TEXT = [
    "陳大文",
    "陈大文 — 深圳市福田区",
    "😀🇭🇰👩🏽‍💼",
    "x" * 10_000,
    "中" * 10_000,
    "a\x00b",
    "\x00",
    '=HYPERLINK("http://example.com")',
    "<script>alert(1)</script>",
    "   ",
    "",
    "2024-02-30",
    "-1",
    "99999999999999999999",
]
texts = st.one_of(st.sampled_from(NASTY_TEXT), st.text(max_size=40))


class FormFields(HTMLParser):
    """The fields of each POST form of a page: name → (kind, [values offered])."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, dict[str, tuple[str, list[str]]]]] = []
        self._form = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._form = {}
            self.forms.append((a.get("action") or "", self._form))
        elif self._form is None:
            return
        elif tag in ("input", "textarea") and a.get("name"):
            kind = a.get("type", "text") if tag == "input" else "textarea"
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            values = self._form.get(a["name"], (kind, []))[1]
            values.append(a.get("value") or "")
            self._form[a["name"]] = (kind, values)
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            self._form[self._select] = ("select", [])
        elif tag == "option" and self._select:
            self._form[self._select][1].append(a.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def main_form(html: str, url: str) -> dict[str, tuple[str, list[str]]] | None:
    """The fields of the page's own form with the most fields (forms posting elsewhere, such as
    sign-out and language, are left out); None if the page has no form of its own."""
    parser = FormFields()
    parser.feed(html)
    forms = [fields for action, fields in parser.forms if action in ("", url)]
    return max(forms, key=len) if forms else None


def value_strategy(kind: str, offered: list[str]):
    if kind == "hidden":
        # Tampered hidden fields (formset counts, ids); a huge form count only makes Django
        # build its maximum of 1,000 empty forms, which is slow, not wrong.
        original = offered[0] if offered else ""
        return st.sampled_from([original, original, "", "x", "-1", "\x00", "中", "3"])
    if kind in ("select", "radio"):
        return st.one_of(st.sampled_from(offered or [""]), st.sampled_from(["0", "999999", "x"]))
    if kind == "checkbox":
        return st.sampled_from([None, offered[0] if offered else "on"])
    return texts


def form_pages():
    """(URL name or admin view, role) for every form a role may post."""
    found = []
    for name, table in sorted(PAGES.items()):
        if name in ("login", "logout", "set_language", "password_set"):
            continue  # sign-in forms are fuzzed by django-axes' lockout tests' own counters
        if name in ("staff:job_retry", "portal:host_placement_accept"):
            continue  # a button without fields, posted from the job's page (tests/jobs/)
        if name == "portal:host_placement_decline":
            continue  # the world's placement is not awaiting an answer: fuzzed below
        if name == "staff:nominate":
            continue  # the world's cohort is not open for nominations: fuzzed below
        for role in (MANAGER, HR, PART, HOST, ANON):
            post = table[role][1]
            if post in (200, 302) or isinstance(post, frozenset):
                found.append((name, role))
                break
    for model in PORTAL_MODELS:
        for view, right in (("add", A), ("change", C)):
            if right in RIGHTS[MANAGER][model] and not (view == "add" and model in NO_ADD_VIEW):
                found.append((f"admin:{model.replace('.', '_')}_{view}", MANAGER))
    return found


def address(name, world):
    routes = dict((n, r) for r, n in url_patterns())
    return concrete_url(routes[name], name, world)


@pytest.mark.parametrize(("name", "role"), form_pages())
def test_generated_values_never_cause_a_server_error(django_user_model, name, role):
    world = build_world(django_user_model)
    client = Client(raise_request_exception=True)
    if world["users"][role] is not None:
        client.force_login(world["users"][role])
    url = address(name, world)
    page = client.get(url)
    assert page.status_code == 200, f"{url} as {role}: {page.status_code}"
    fields = main_form(page.content.decode(), url)
    assert fields is not None, f"no form found at {url}"
    fields.pop("csrfmiddlewaretoken", None)
    strategy = st.fixed_dictionaries(
        {field: value_strategy(kind, offered) for field, (kind, offered) in fields.items()}
    )

    @settings(
        max_examples=10,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(values=strategy)
    def post(values):
        data = {k: v for k, v in values.items() if v is not None}
        with transaction.atomic():
            response = client.post(url, data)
            transaction.set_rollback(True)
        assert response.status_code < 500, (url, role, data)

    post()


def test_generated_reasons_on_the_host_decline_form_never_cause_a_server_error(
    django_user_model,
):
    """The host's decline form, on a proposal that waits for the unit's answer: any reason
    is refused with a message or kept exactly as typed (trimmed); never a server error."""
    from django.urls import reverse

    from placements.models import Placement
    from tests.placements.factories import PlacementFactory

    world = build_world(django_user_model)
    contact = world["users"][HOST]
    placement = PlacementFactory(
        host_unit=world["placement"].host_unit, host_response=Placement.HostResponse.AWAITING
    )
    client = Client(raise_request_exception=True)
    client.force_login(contact)
    url = reverse("portal:host_placement_decline", args=[placement.pk])
    fields = main_form(client.get(url).content.decode(), url)
    assert fields is not None and "reason" in fields

    @settings(
        max_examples=25,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(reason=texts)
    def post(reason):
        with transaction.atomic():
            response = client.post(url, {"reason": reason})
            assert response.status_code < 500, reason
            placement.refresh_from_db()
            if response.status_code == 302:
                assert placement.host_response == Placement.HostResponse.DECLINED
                assert placement.host_response_reason == reason.strip()
            else:
                assert placement.host_response == Placement.HostResponse.AWAITING
            transaction.set_rollback(True)

    post()


@pytest.mark.parametrize(
    "text", ["陳大文😀", "陈大文 深圳", "名" * 100, "Ng Ka-ying (吳嘉盈) 👩🏽‍💼"]
)
def test_chinese_and_emoji_names_round_trip_through_the_admin(django_user_model, text):
    world = build_world(django_user_model)
    officer = world["objects"]["participants.participant"]
    client = Client()
    client.force_login(world["users"][MANAGER])
    url = address("admin:participants_participant_change", world)
    fields = main_form(client.get(url).content.decode(), url)
    data = {}
    for field, (kind, offered) in fields.items():
        if kind == "checkbox":
            continue
        if kind == "select":
            data[field] = next((v for v in offered if v), "")
        else:
            data[field] = offered[0] if offered else ""
    # Keep the current selections of the form (the parser cannot see `selected`):
    data["department"] = officer.department_id
    data["grade"] = officer.grade_id or ""
    data["name_zh"] = text[:100]
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Participant.objects.get(pk=officer.pk).name_zh == text[:100]


def test_generated_values_on_the_nomination_form_never_cause_a_server_error(django_user_model):
    """Department HR's nomination from an open call's page: any officer, ranking and statement
    is refused with a message on the form, or saved with the statement exactly as typed."""
    from django.urls import reverse

    from placements.models import Nomination
    from tests.participants.factories import ParticipantFactory
    from tests.programmes.factories import OpenCohortFactory

    world = build_world(django_user_model)
    hr = world["users"][HR]
    ParticipantFactory.create_batch(2, department=hr.profile.department)
    cohort = OpenCohortFactory()
    client = Client(raise_request_exception=True)
    client.force_login(hr)
    url = reverse("staff:nominate", args=[cohort.pk])
    fields = main_form(client.get(url).content.decode(), url)
    assert fields is not None and {"participant", "rank", "statement"} <= set(fields)
    officers = [v for v in fields["participant"][1] if v]
    assert officers

    @settings(
        max_examples=30,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(
        participant=st.one_of(st.sampled_from(officers), texts),
        rank=st.one_of(st.sampled_from(["1", "2", "0", "32768"]), texts),
        statement=texts,
    )
    def post(participant, rank, statement):
        data = {"participant": participant, "rank": rank, "statement": statement}
        with transaction.atomic():
            response = client.post(url, data)
            assert response.status_code < 500, data
            made = Nomination.objects.filter(cohort=cohort)
            if response.status_code == 302:
                assert made.get().statement == statement.strip()
            else:
                assert response.status_code == 200
                assert "Please correct the following" in response.content.decode()
                assert not made.exists()
            transaction.set_rollback(True)

    post()
