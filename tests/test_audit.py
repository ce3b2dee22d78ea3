"""Every state-changing request leaves exactly one history row per record it changed: who (the
signed-in actor), when (UTC), what changed (old and new values) and which request (the id in the
response's X-Request-ID). A change that rolls back leaves none. Log lines carry the same id."""

import datetime
import logging
from unittest import mock

import pytest
from django.apps import apps
from django.urls import reverse

from exchange_portal import request_id
from exchange_portal.audit import RequestIdHistory
from placements.models import Nomination, Placement, PlacementReport
from tests.conftest import make_user
from tests.participants.factories import ParticipantFactory
from tests.placements.factories import (
    NominationFactory,
    PlacementFactory,
    PlacementReportFactory,
    SelectedNominationFactory,
)
from tests.programmes.factories import CohortFactory

pytestmark = pytest.mark.django_db

HISTORY_MODELS = [
    model
    for model in apps.get_models()
    if issubclass(model, RequestIdHistory) and model.__name__.startswith("Historical")
]


def rows_written_by(rid: str) -> dict[tuple[str, int], list]:
    """Every history row stamped with request id `rid`, by (model, object id)."""
    found: dict[tuple[str, int], list] = {}
    for model in HISTORY_MODELS:
        for row in model.objects.filter(request_id=rid).select_related("history_user"):
            meta = row.instance_type._meta
            found.setdefault((meta.label, getattr(row, meta.pk.attname)), []).append(row)
    return found


def changes(row) -> dict[str, tuple]:
    """(old, new) of each field that differs from the row before it (simple-history's diff)."""
    previous = row.prev_record
    assert previous is not None, "a change has a version before it"
    return {c.field: (c.old, c.new) for c in row.diff_against(previous).changes}


def assert_one_row_each(response, expected: dict, actor):
    """`expected` maps each changed record to the field changes its one history row shows."""
    rid = response["X-Request-ID"]
    written = rows_written_by(rid)
    assert set(written) == {(obj._meta.label, obj.pk) for obj in expected}
    for obj, fields in expected.items():
        (row,) = written[(obj._meta.label, obj.pk)]  # exactly one
        assert row.history_user == actor
        assert row.history_date.utcoffset() == datetime.timedelta(0)
        assert abs(row.history_date - datetime.datetime.now(datetime.UTC)) < datetime.timedelta(
            minutes=1
        )
        shown = changes(row)
        for field, (old, new) in fields.items():
            assert shown[field] == (old, new), (obj, field, shown)


@pytest.fixture
def manager(django_user_model):
    return make_user(django_user_model, "manager", "csb_manager")


def test_a_staff_transition_leaves_one_history_row_with_actor_time_values_and_request_id(
    client, manager
):
    placement = PlacementFactory()
    client.force_login(manager)
    response = client.post(
        reverse("staff:placement_transition", args=[placement.pk, "confirm"]),
        HTTP_X_REQUEST_ID="lb-7f3a9c",
    )
    assert response.status_code == 302
    assert response["X-Request-ID"] == "lb-7f3a9c"
    assert_one_row_each(response, {placement: {"status": ("proposed", "confirmed")}}, manager)


def test_a_withdrawal_that_moves_three_records_leaves_one_row_for_each(client, manager):
    """Withdrawing a nomination withdraws its confirmed placement and offers the place to the
    first candidate on the reserve list: three records, three rows, one request id."""
    cohort = CohortFactory()
    placement = PlacementFactory(
        nomination=SelectedNominationFactory(cohort=cohort), status=Placement.Status.CONFIRMED
    )
    reserve = NominationFactory(cohort=cohort, status=Nomination.Status.RESERVE, reserve_rank=1)
    client.force_login(manager)
    response = client.post(
        reverse("staff:nomination_transition", args=[placement.nomination.pk, "withdraw"]),
        {"reason": "Posted elsewhere."},
    )
    assert response.status_code == 302
    assert_one_row_each(
        response,
        {
            placement.nomination: {"status": ("selected", "withdrawn")},
            placement: {"status": ("confirmed", "withdrawn")},
            reserve: {"status": ("reserve", "selected")},
        },
        manager,
    )


def test_an_officer_submitting_a_report_leaves_one_row_with_text_and_status(
    client, django_user_model
):
    officer = ParticipantFactory(user=make_user(django_user_model, "officer", "participant"))
    report = PlacementReportFactory(
        placement=PlacementFactory(
            nomination=SelectedNominationFactory(participant=officer),
            status=Placement.Status.COMPLETED,
        )
    )
    client.force_login(officer.user)
    response = client.post(
        reverse("portal:report", args=[report.pk]),
        {"summary": "Three months in Futian.", "experience_gained": "", "recommendations": ""}
        | {"submit": "1"},
    )
    assert response.status_code == 302
    assert_one_row_each(
        response,
        {
            report: {
                "status": ("draft", "submitted"),
                "summary": ("", "Three months in Futian."),
            }
        },
        officer.user,
    )


def test_an_admin_change_leaves_one_row_although_the_form_dry_runs_the_service(client, manager):
    officer = ParticipantFactory(rank="Executive Officer II")
    client.force_login(manager)
    response = client.post(
        reverse("admin:participants_participant_change", args=[officer.pk]),
        {
            "name_en": officer.name_en,
            "name_zh_hant": officer.name_zh_hant,
            "name_zh_hans": officer.name_zh_hans,
            "email": officer.email,
            "phone": "",
            "origin": officer.origin,
            "department": officer.department_id,
            "grade": officer.grade_id,
            "rank": "Senior Executive Officer",
            "rank_level": officer.rank_level,
            "staff_number": officer.staff_number,
            "home_organisation": "",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert_one_row_each(
        response, {officer: {"rank": ("Executive Officer II", "Senior Executive Officer")}}, manager
    )


def test_a_change_that_fails_after_writing_leaves_no_history(client, manager):
    placement = PlacementFactory()
    before = placement.history.count()
    client.force_login(manager)
    client.raise_request_exception = False
    with mock.patch("placements.notify.placement_event", side_effect=RuntimeError("mail down")):
        response = client.post(
            reverse("staff:placement_transition", args=[placement.pk, "confirm"])
        )
    assert response.status_code == 500
    assert rows_written_by(response["X-Request-ID"]) == {}
    assert placement.history.count() == before
    assert Placement.objects.get(pk=placement.pk).status == "proposed"


def test_an_id_that_is_not_an_id_is_replaced_by_a_new_one(client):
    response = client.get(reverse("public:home"), HTTP_X_REQUEST_ID="x\r\nSet-Cookie: evil=1")
    rid = response["X-Request-ID"]
    assert rid != "x\r\nSet-Cookie: evil=1"
    assert request_id.VALID.fullmatch(rid) and len(rid) == 36  # a UUID4
    assert client.get(reverse("public:home"))["X-Request-ID"] != rid  # each request its own


def test_log_lines_of_a_request_carry_its_id(client, manager):
    """The console handler's filter puts the id on each record; the line names it."""
    handler = logging.getLogger().handlers[0]
    assert any(isinstance(f, request_id.RequestIdFilter) for f in handler.filters)
    lines = []

    class Keep(logging.Handler):
        def emit(self, record):
            lines.append(handler.format(record))

    keep = Keep()
    keep.addFilter(request_id.RequestIdFilter())
    logging.getLogger("exchange_portal.security").addHandler(keep)
    try:
        client.force_login(manager)
        response = client.get(
            reverse("staff:officer", args=[999999]),
            HTTP_X_REQUEST_ID="trace-1234",
        )
    finally:
        logging.getLogger("exchange_portal.security").removeHandler(keep)
    assert response.status_code == 404
    assert any("[trace-1234]" in line and "access refused" in line for line in lines), lines


def test_commands_and_tasks_get_ids_of_their_own():
    with request_id.scope("outer"):
        seen = request_id.in_own_scope("task")(request_id.current)()
        assert seen.startswith("task:") and request_id.current() == "outer"
    cohort = CohortFactory()
    with request_id.scope(request_id.new("cmd")) as rid:
        cohort.name = "Renamed by a command"
        cohort.save()
    assert cohort.history.first().request_id == rid
    assert rid.startswith("cmd:")


def test_report_rows_are_not_duplicated_by_a_draft_save(client, django_user_model):
    officer = ParticipantFactory(user=make_user(django_user_model, "officer", "participant"))
    report = PlacementReportFactory(
        placement=PlacementFactory(
            nomination=SelectedNominationFactory(participant=officer),
            status=Placement.Status.COMPLETED,
        )
    )
    client.force_login(officer.user)
    response = client.post(
        reverse("portal:report", args=[report.pk]),
        {"summary": "Draft.", "experience_gained": "", "recommendations": ""},
    )
    assert response.status_code == 302
    assert PlacementReport.objects.get(pk=report.pk).status == "draft"
    assert_one_row_each(response, {report: {"summary": ("", "Draft.")}}, officer.user)
