"""Hypothesis over every form of the portal (issue 7.3): each form page is fetched as a role that
may post it, its fields are read from the HTML, and generated values — Chinese, emoji,
10,000-character strings, NUL bytes, formulas, wrong choices, broken dates, tampered hidden
fields — are posted. The answer is a page or a redirect, never a server error; and text that is
saved comes back unchanged."""

from __future__ import annotations

from html import escape
from html.parser import HTMLParser

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from participants.models import Participant
from placements.models import Placement
from tests.test_access_matrix import (
    ANON,
    COORD,
    HOST,
    HR,
    MANAGER,
    NO_ADD_VIEW,
    PAGES,
    PART,
    PARTNER,
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
        if name == "staff:officer_merge":
            continue  # its form appears once the other record is chosen: fuzzed below
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
    data["name_zh_hant"] = text[:100]
    # The working languages are a multiple choice (the parser cannot see `multiple`): with none
    # chosen, a browser posts nothing for it, not an empty value.
    data.pop("languages", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Participant.objects.get(pk=officer.pk).name_zh_hant == text[:100]


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


def test_generated_values_on_the_merge_form_never_cause_a_server_error(django_user_model):
    """CSB's merge of two records of one officer: any other record, reason and confirmation is
    refused with a message on the form, or merges exactly the two records the page compared."""
    from django.urls import reverse

    from tests.participants.factories import ParticipantFactory

    world = build_world(django_user_model)
    keep = ParticipantFactory(email="same@example.gov.hk", phone="")
    remove = ParticipantFactory(email="SAME@example.gov.hk", staff_number="", phone="2111")
    client = Client(raise_request_exception=True)
    client.force_login(world["users"][MANAGER])
    url = reverse("staff:officer_merge", args=[keep.pk])
    page = client.get(url, {"other": remove.pk}).content.decode()
    fields = main_form(page, url)
    assert fields is not None and {"other", "reason", "confirm"} <= set(fields)

    @settings(
        max_examples=30,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(
        other=st.one_of(
            st.just(str(remove.pk)), st.sampled_from(["", "0", "-1", str(keep.pk), "9" * 30]), texts
        ),
        reason=texts,
        confirm=st.sampled_from([None, "on"]),
    )
    def post(other, reason, confirm):
        data = {"other": other, "reason": reason} | ({"confirm": confirm} if confirm else {})
        with transaction.atomic():
            response = client.post(url, data)
            assert response.status_code < 500, data
            if response.status_code == 302:
                assert other == str(remove.pk) and confirm
                assert not Participant.objects.filter(pk=remove.pk).exists()
                assert Participant.objects.get(pk=keep.pk).phone == "2111"
            else:
                assert response.status_code == 200
                assert Participant.objects.filter(pk=remove.pk).exists()
            transaction.set_rollback(True)

    post()


# The forms of issue 16 ---------------------------------------------------------------------
# Each is posted with the values its page shows, some of them replaced by generated ones. The
# answer is never a server error; it is either a redirect (the input was good) or the form
# again, naming every field it refuses, with nothing written: the records the form could write
# are read before and after the post, field by field.


class CurrentValues(HTMLParser):
    """What a browser would post from the page's own form as it stands (selected options,
    ticked boxes, text areas' content), field by field."""

    def __init__(self, url: str):
        super().__init__()
        self.url = url
        self.forms: list[dict[str, list[str]]] = []
        self._form = self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._form = {} if (a.get("action") or "") in ("", self.url) else None
            if self._form is not None:
                self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self._form.setdefault(a["name"], []).append(a.get("value") or "on")
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self._form[self._textarea] = [""]
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            self._form[self._select] = []
        elif tag == "option" and self._select and "selected" in a:
            self._form[self._select].append(a.get("value") or "")

    def handle_data(self, data):
        if self._textarea:
            self._form[self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            # The browser drops the newline that follows <textarea>.
            value = self._form[self._textarea][0]
            self._form[self._textarea][0] = value.removeprefix("\n")
            self._textarea = None


def current_values(client, url) -> dict[str, list[str]]:
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    parser = CurrentValues(url)
    parser.feed(page.content.decode())
    values = max(parser.forms, key=len)
    values.pop("csrfmiddlewaretoken", None)
    return values


def snapshot(models) -> dict:
    """Every row of the models, every column: a write of any kind changes it."""
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in models}


def refused_fields_are_named(response) -> None:
    """Each form (and formset) of the page names, in the page, every field it refuses."""
    from django.forms import BaseForm, BaseFormSet

    html = response.content.decode()
    forms = []
    for key in ("form", "quotas"):
        value = response.context.get(key)
        if isinstance(value, BaseForm):
            forms.append((value, False))
        elif isinstance(value, BaseFormSet):
            forms.extend((form, True) for form in value.forms)
            for error in value.non_form_errors():
                assert escape(error) in html, error
    refused = [(form, in_set) for form, in_set in forms if form.errors]
    assert refused, "the form came back without saying what is wrong"
    for form, in_set in refused:
        for name, errors in form.errors.items():
            for error in errors:
                assert escape(error) in html, (name, error)
            if name == "__all__":
                continue
            if form[name].is_hidden:
                continue  # a row's hidden id: its message (checked above) says what to do
            # Under the field it describes (and, above the form, with the field's label and
            # linked to the field, where the page lists them).
            under = f'id="error_1_{form[name].auto_id}"' in html
            listed = f'<a href="#{form[name].id_for_label}">{escape(form[name].label)}:' in html
            assert under or (listed and not in_set), name


def fuzz_form(client, url, models, *, examples=15, extra=None):
    """Post the page's own values with generated ones in their place (any subset of the
    fields, of every kind a field may be); see the comment above this section."""
    from hypothesis import strategies as st

    base = current_values(client, url)
    kinds = main_form(client.get(url).content.decode(), url)
    fields = {}
    for name, (kind, offered) in kinds.items():
        if name == "csrfmiddlewaretoken":
            continue
        kept = base.get(name)
        fields[name] = st.one_of(st.just(kept), value_strategy(kind, offered))
    for name, strategy in (extra or {}).items():
        fields[name] = st.one_of(st.just(base.get(name)), strategy)

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(values=st.fixed_dictionaries(fields))
    def post(values):
        data = {k: v for k, v in values.items() if v is not None}
        with transaction.atomic():
            before = snapshot(models)
            response = client.post(url, data)
            after = snapshot(models)
            transaction.set_rollback(True)
        assert response.status_code in (200, 302), (url, response.status_code, data)
        if response.status_code == 200:
            refused_fields_are_named(response)
            assert after == before, ("written although refused", data)

    post()


@pytest.fixture
def world16(django_user_model):
    """The access matrix's world and what issue 16's forms act on: an open inbound batch of
    the partner's, a placement awaiting the host's answer, a confirmed placement to amend, a
    submitted report to return."""
    from django.utils import timezone

    from programmes.models import Direction
    from tests.placements.factories import PlacementFactory, PlacementReportFactory
    from tests.programmes.factories import OpenCohortFactory

    world = build_world(django_user_model)
    objects = world["objects"]
    world["batch"] = OpenCohortFactory(
        programme=world["programme"],
        agreement=objects["programmes.partneragreement"],
        direction=Direction.INBOUND,
    )
    world["awaiting"] = PlacementFactory(
        host_unit=world["placement"].host_unit, host_response=Placement.HostResponse.AWAITING
    )
    world["confirmed"] = PlacementFactory(
        nomination__cohort=objects["programmes.cohort"],
        host_unit=world["placement"].host_unit,
        status=Placement.Status.CONFIRMED,
    )
    world["submitted"] = PlacementReportFactory(
        placement=PlacementFactory(
            nomination__cohort=objects["programmes.cohort"], status=Placement.Status.COMPLETED
        ),
        status="submitted",
        submitted_at=timezone.now(),
    )
    return world


def signed_in(world, role) -> Client:
    client = Client(raise_request_exception=True)
    client.force_login(world["users"][role])
    return client


def domain_models():
    from notifications.models import OutboundEmail
    from placements.models import Nomination, PlacementAmendment, PlacementReport
    from programmes.models import Cohort, CohortQuota, Programme

    return [
        Participant,
        Nomination,
        Placement,
        PlacementAmendment,
        PlacementReport,
        Programme,
        Cohort,
        CohortQuota,
        OutboundEmail,
    ]


def issue16_forms():
    """(URL maker, role) of every form issue 16 added."""
    from django.urls import reverse

    return {
        "partner put-forward": (
            lambda w: reverse("portal:partner_put_forward", args=[w["batch"].pk]),
            PARTNER,
        ),
        "host decline": (
            lambda w: reverse("portal:host_placement_decline", args=[w["awaiting"].pk]),
            HOST,
        ),
        "amendment request": (
            lambda w: reverse("staff:amendment_request", args=[w["confirmed"].pk]),
            MANAGER,
        ),
        "amendment reject": (
            lambda w: reverse(
                "staff:amendment_transition",
                args=[w["objects"]["placements.placementamendment"].pk, "reject"],
            ),
            MANAGER,
        ),
        "report return": (
            lambda w: reverse("staff:report_transition", args=[w["submitted"].pk, "return"]),
            MANAGER,
        ),
        "programme add": (lambda w: reverse("staff:programme_add"), MANAGER),
        "programme edit": (
            lambda w: reverse("staff:programme_edit", args=[w["programme"].pk]),
            MANAGER,
        ),
        "programme edit (coordinator)": (
            lambda w: reverse("staff:programme_edit", args=[w["programme"].pk]),
            COORD,
        ),
        "cohort add": (lambda w: reverse("staff:cohort_add"), MANAGER),
        "cohort edit with quotas": (
            lambda w: reverse("staff:cohort_edit", args=[w["objects"]["programmes.cohort"].pk]),
            MANAGER,
        ),
        "cohort edit (coordinator)": (
            lambda w: reverse("staff:cohort_edit", args=[w["objects"]["programmes.cohort"].pk]),
            COORD,
        ),
    }


@pytest.mark.parametrize("form", sorted(issue16_forms()))
def test_issue16_forms_name_what_they_refuse_and_write_nothing(world16, form):
    make_url, role = issue16_forms()[form]
    client = signed_in(world16, role)
    url = make_url(world16)
    extra = None
    if form.startswith("cohort"):
        # Tampered quota rows beyond the page's own: another department, a bad count.
        extra = {
            "quotas-0-department": st.sampled_from(["", "0", "x", "99999999999999999999"]),
            "quotas-0-places": texts,
            "quotas-TOTAL_FORMS": st.sampled_from(["1", "2", "3", "101", "-1", "x"]),
        }
    fuzz_form(client, url, domain_models(), extra=extra)


@pytest.mark.parametrize(
    ("form", "field", "value"),
    [
        ("partner put-forward", "email", "not-an-address"),
        ("partner put-forward", "name_en", "x" * 201),
        ("partner put-forward", "language", "xx"),
        ("host decline", "reason", "   "),
        ("host decline", "reason", "x" * 2001),
        ("amendment request", "reason", ""),
        ("amendment request", "new_end_date", "2024-02-30"),
        ("amendment request", "new_host_unit", "999999"),
        ("amendment reject", "reason", ""),
        ("report return", "reason", "\x00"),
        ("programme edit", "code", ""),
        ("programme edit", "established_year", "1066"),
        ("programme edit", "default_duration_value", "-1"),
        ("programme edit", "default_duration_unit", "fortnight"),
        ("cohort edit with quotas", "end_date", "1999-01-01"),
        ("cohort edit with quotas", "places", "0"),
        ("cohort edit with quotas", "quotas-0-places", "0"),
        ("cohort edit with quotas", "quotas-0-department", "999999"),
        ("cohort edit with quotas", "eligible_grades", "99999999999999999999"),
    ],
)
def test_issue16_forms_name_the_field_of_a_bad_value(world16, form, field, value):
    make_url, role = issue16_forms()[form]
    client = signed_in(world16, role)
    url = make_url(world16)
    data = {k: v for k, v in current_values(client, url).items()}
    data[field] = value
    if field.startswith("quotas-0-"):
        data.setdefault(
            "quotas-0-department", [str(world16["objects"]["participants.department"].pk)]
        )
        data.setdefault("quotas-0-places", ["2"])
        data[field] = value
    before = snapshot(domain_models())
    response = client.post(url, data)
    assert response.status_code == 200, (form, field, value, response.status_code)
    refused_fields_are_named(response)
    forms = [response.context[k] for k in ("form", "quotas") if response.context.get(k)]
    named = set()
    for form_ in forms:
        if hasattr(form_, "forms"):
            for row in form_.forms:
                named |= {row.add_prefix(name) for name in row.errors}
        else:
            named |= set(form_.errors)
    assert field in named, (field, named)
    assert snapshot(domain_models()) == before


IMPORT_HEADER = "Name (English),Name (Chinese),E-mail,Home organisation,Partner reference,Rank\n"
BAD_IMPORTS = {
    "binary as CSV": ("officers.csv", b"\x00\xff\xfe\x89PNG\r\n\x1a\n garbage"),
    "broken workbook": ("officers.xlsx", b"PK\x03\x04 not really a zip"),
    "empty": ("officers.csv", b""),
    "wrong columns": ("officers.csv", b"Foo,Bar\n1,2\n"),
    "bad row": (
        "officers.csv",
        (
            IMPORT_HEADER + "LI Ming,李明,not-an-address,Futian District Government,GD-1,Chief\n"
        ).encode(),
    ),
    "latin-1 text": (
        "officers.csv",
        (IMPORT_HEADER + "Zoë,,z@gd.gov.cn,Futian,,\n").encode("latin-1"),
    ),
}


def upload_to(client, cohort, name, content):
    import io

    from django.urls import reverse

    data = io.BytesIO(content)
    data.name = name
    return client.post(reverse("portal:partner_import"), {"cohort": cohort.pk, "import_file": data})


@pytest.mark.parametrize("case", sorted(BAD_IMPORTS))
def test_a_bad_partner_import_says_what_is_wrong_and_writes_nothing(world16, case):
    client = signed_in(world16, PARTNER)
    name, content = BAD_IMPORTS[case]
    before = snapshot(domain_models())
    response = upload_to(client, world16["batch"], name, content)
    assert response.status_code == 200, case
    assert snapshot(domain_models()) == before
    html = response.content.decode()
    if case == "bad row":
        assert "Row 2" in html  # the row, and its column, named
    elif case == "wrong columns":
        assert "The file has no column &#x27;Name (English)&#x27;" in html
    else:
        refused_fields_are_named(response)
        assert "import_file" in response.context["form"].errors or response.context.get(
            "problems"
        ), case


def test_generated_bytes_never_cause_a_server_error_on_the_partner_import(world16):
    client = signed_in(world16, PARTNER)

    @settings(
        max_examples=20,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(
        name=st.sampled_from(["officers.csv", "officers.xlsx", "officers.txt"]),
        content=st.one_of(
            st.binary(max_size=200),
            st.lists(texts, min_size=1, max_size=8).map(
                lambda cells: (IMPORT_HEADER + ",".join(c.replace(",", " ") for c in cells)).encode(
                    "utf-8", "surrogatepass"
                )
            ),
        ),
    )
    def post(name, content):
        with transaction.atomic():
            before = snapshot(domain_models())
            response = upload_to(client, world16["batch"], name, content)
            after = snapshot(domain_models())
            transaction.set_rollback(True)
        assert response.status_code in (200, 302), (name, content)
        if response.status_code == 200:
            assert after == before, (name, content)
            html = response.content.decode()
            assert "alert-danger" in html or "Row " in html, (name, content)

    post()


@pytest.mark.parametrize("form", ["staff nominate", "partner put-forward"])
def test_generated_host_preferences_never_cause_a_server_error(world16, form):
    """Issue 19, point 1: the nominate and put-forward forms of a call that takes host
    preferences, posted any units (offered, repeated, unknown, junk): a page naming what is
    wrong, or a nomination whose preferences are at most three distinct units, in order."""
    from django.urls import reverse

    from placements.models import Nomination, NominationPreference
    from tests.participants.factories import ParticipantFactory
    from tests.placements.factories import HostUnitFactory
    from tests.programmes.factories import OpenCohortFactory

    HostUnitFactory.create_batch(3)
    if form == "staff nominate":
        cohort = OpenCohortFactory(takes_host_preferences=True)
        hr = world16["users"][HR]
        officer = ParticipantFactory(department=hr.profile.department)
        client = signed_in(world16, HR)
        url = reverse("staff:nominate", args=[cohort.pk])
        base = {"participant": officer.pk, "rank": "1", "statement": ""}
    else:
        cohort = world16["batch"]
        cohort.takes_host_preferences = True
        cohort.save()
        client = signed_in(world16, PARTNER)
        url = reverse("portal:partner_put_forward", args=[cohort.pk])
        base = {
            "name_en": "LI Ming",
            "email": "li.ming@gd.gov.cn",
            "home_organisation": "Futian District Government",
            "language": "zh-hans",
        }
    fields = main_form(client.get(url).content.decode(), url)
    assert fields is not None and {"preference_1", "preference_2", "preference_3"} <= set(fields)
    offered = [v for v in fields["preference_1"][1] if v]
    assert offered
    choice = st.one_of(st.sampled_from(offered), st.sampled_from(["", "0", "999999", "x", "中"]))

    @settings(
        max_examples=20,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(first=choice, second=choice, third=choice)
    def post(first, second, third):
        data = {**base, "preference_1": first, "preference_2": second, "preference_3": third}
        with transaction.atomic():
            response = client.post(url, data)
            assert response.status_code in (200, 302), data
            made = Nomination.objects.filter(cohort=cohort)
            if response.status_code == 302:
                units = list(
                    NominationPreference.objects.filter(nomination=made.get())
                    .order_by("rank")
                    .values_list("host_unit_id", flat=True)
                )
                assert [str(u) for u in units] == [v for v in (first, second, third) if v]
                assert len(set(units)) == len(units) <= 3
            else:
                assert not made.exists()
            transaction.set_rollback(True)

    post()


def test_generated_values_on_the_cohort_message_send_step_never_cause_a_server_error(
    django_user_model,
):
    """Writing to a cohort, at its second step: the preview's hidden form, tampered (texts,
    groups, the preview's key) and sent. The answer is the preview again with a reason, or one
    message whose e-mails number its count; never a server error, never half a message."""
    from django.urls import reverse

    from notifications.models import OutboundEmail
    from placements.models import CohortMessage

    world = build_world(django_user_model)
    client = Client(raise_request_exception=True)
    client.force_login(world["users"][MANAGER])
    url = reverse("staff:cohort_message", args=[world["objects"]["programmes.cohort"].pk])
    preview = client.post(
        url, {"audiences": ["officers", "hosts"], "subject_en": "Briefing", "body_en": "At ten."}
    )
    fields = main_form(preview.content.decode(), url)
    assert fields is not None and "preview_key" in fields
    fields.pop("csrfmiddlewaretoken", None)
    strategy = st.fixed_dictionaries(
        {
            field: st.one_of(st.just(offered[0] if offered else ""), value_strategy("text", []))
            for field, (_kind, offered) in fields.items()
        }
    )

    @settings(
        max_examples=25,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(values=strategy)
    def post(values):
        with transaction.atomic():
            response = client.post(url, {**values, "action": "send"})
            messages = list(CohortMessage.objects.all())
            mails = OutboundEmail.objects.filter(event="cohort_message").count()
            transaction.set_rollback(True)
        assert response.status_code in (200, 302), values
        if response.status_code == 302:
            assert len(messages) == 1 and mails == messages[0].recipient_count, values
        else:
            assert not messages and not mails, values

    post()
