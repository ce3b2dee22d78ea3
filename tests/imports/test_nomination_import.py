"""Importing nominations goes through nomination_create / nomination_update: the call's rules
are the services' own, reported with row, column, value and rule; all or nothing."""

import pytest
from django.utils.html import escape

from notifications.models import OutboundEmail
from placements.models import Nomination
from programmes.models import Cohort
from tests.imports.helpers import (
    NOMINATIONS_CONFIRM_URL,
    NOMINATIONS_URL,
    confirm,
    csv_bytes,
    import_file,
    messages_of,
    preview,
    xlsx_bytes,
)
from tests.participants.factories import GradeFactory, ParticipantFactory
from tests.placements.factories import NominationFactory

pytestmark = pytest.mark.django_db

HEADER = ["Programme", "Phase", "Batch", "Staff number", "Department", "Ranking", "Statement"]


def row(number, *, programme="GBA-EX", phase="1", batch="2", dept="EPD", rank="1", text=""):
    return [programme, phase, batch, number, dept, rank, text]


def counts():
    return (
        Nomination.objects.count(),
        Nomination.history.count(),
        OutboundEmail.objects.count(),
    )


@pytest.fixture
def as_hr(client, hr, officers, open_cohort, icac):
    client.force_login(hr)
    return client


@pytest.fixture
def as_manager(client, manager, officers, open_cohort, icac):
    client.force_login(manager)
    return client


def test_hr_nominates_their_officers_through_the_service(as_hr, hr, open_cohort):
    data = csv_bytes(HEADER, [row("10000000", rank="1"), row("10000001", rank="2", text="陳 🙂")])
    done = import_file(as_hr, NOMINATIONS_URL, NOMINATIONS_CONFIRM_URL, data)
    assert done.status_code == 302
    nominations = Nomination.objects.order_by("rank")
    assert [n.participant.staff_number for n in nominations] == ["10000000", "10000001"]
    assert {n.cohort for n in nominations} == {open_cohort}
    assert {n.status for n in nominations} == {Nomination.Status.SUBMITTED}
    assert nominations[1].statement == "陳 🙂"
    assert {h.history_user for h in Nomination.history.all()} == {hr}
    assert {h.history_change_reason for h in Nomination.history.all()} == {"submit"}


def rule_cases():
    return [
        (
            "closed",
            row("10000000"),
            "Row 2, columns 'Programme', 'Phase', 'Batch', value 'GBA-EX, 1, 2': GBA exchange "
            "batch 2 is not open for nominations (it is in selection).",
        ),
        (
            "grade",
            row("10000000"),
            "Row 2, column 'Staff number', value '10000000': ",
        ),
        (
            "unknown_cohort",
            row("10000000", batch="9"),
            "Row 2, columns 'Programme', 'Phase', 'Batch', value 'GBA-EX, 1, 9': no cohort of "
            "programme 'GBA-EX' has phase 1, batch 9.",
        ),
        (
            "other_department",
            row("10000000", dept="ICAC"),
            "Row 2, column 'Department', value 'ICAC': department 'ICAC' is not your department.",
        ),
        (
            "not_our_officer",
            row("30000000"),
            "Row 2, column 'Staff number', value '30000000': no officer of your department has "
            "the staff number '30000000'.",
        ),
        (
            "ranking",
            row("10000000", rank="first"),
            "Row 2, column 'Ranking', value 'first': must be a whole number such as 1 or 2.",
        ),
    ]


@pytest.mark.parametrize(("case", "values", "message"), rule_cases(), ids=lambda v: str(v)[:20])
def test_each_rule_names_row_column_value_and_rule(as_hr, open_cohort, case, values, message):
    if case == "closed":
        Cohort.objects.filter(pk=open_cohort.pk).update(status=Cohort.Status.SELECTION)
    if case == "grade":
        open_cohort.eligible_grades.set([GradeFactory(code="AO")])
    if case == "not_our_officer":
        ParticipantFactory(staff_number="30000000", department__code="ICAC")
    response = preview(as_hr, NOMINATIONS_URL, csv_bytes(HEADER, [values]))
    found = messages_of(response)
    assert len(found) == 1 and found[0].startswith(message), found
    if case == "grade":
        assert "is open to the grades AO only" in found[0]
    assert escape(found[0]) in response.content.decode()
    assert counts() == (0, 0, 0)


def test_an_officer_twice_in_the_file_is_one_per_cohort(as_hr):
    data = csv_bytes(HEADER, [row("10000000"), row("10000000", rank="2")])
    assert messages_of(preview(as_hr, NOMINATIONS_URL, data)) == [
        "Row 3, columns 'Programme', 'Phase', 'Batch', 'Staff number', value 'GBA-EX, 1, 2, "
        "10000000': this row names the same record as row 2; each record may appear once."
    ]


def test_a_failed_import_leaves_no_row_of_any_kind(as_hr, open_cohort, officers):
    """Rows 2 and 3 pass and are written in the transaction; row 4 is refused at the
    confirmation; nothing of rows 2 and 3 remains (nominations, history, queued mail)."""
    data = csv_bytes(HEADER, [row("10000000"), row("10000001"), row("10000002")])
    response = preview(as_hr, NOMINATIONS_URL, data)
    assert response.context["confirm_form"] is not None
    # Meanwhile the third officer's grade changes, so the call no longer admits them.
    officers[2].grade = GradeFactory(code="CO")
    officers[2].save()
    before = counts()
    done = confirm(as_hr, NOMINATIONS_CONFIRM_URL, response)
    assert done.status_code == 200
    assert len(messages_of(done)) == 1 and messages_of(done)[0].startswith("Row 4")
    assert counts() == before


def test_importing_the_same_file_twice_changes_nothing(as_hr):
    # Blank cells take the values the service gives them, and stay "unchanged" the second time.
    data = xlsx_bytes(HEADER, [row("10000000", text="語言 🙂"), row("10000001", dept="", rank="")])
    import_file(as_hr, NOMINATIONS_URL, NOMINATIONS_CONFIRM_URL, data, "n.xlsx")
    before = counts()
    values = list(Nomination.objects.order_by("pk").values())
    again = preview(as_hr, NOMINATIONS_URL, data, "n.xlsx")
    assert [r.import_type for r in again.context["result"].rows] == ["skip", "skip"]
    confirm(as_hr, NOMINATIONS_CONFIRM_URL, again)
    assert counts() == before
    assert list(Nomination.objects.order_by("pk").values()) == values


def test_a_changed_ranking_updates_through_the_service(as_manager, open_cohort, officers):
    nomination = NominationFactory(cohort=open_cohort, participant=officers[0], rank=1)
    data = csv_bytes(HEADER, [row("10000000", rank="3", text="Updated")])
    response = preview(as_manager, NOMINATIONS_URL, data)
    assert [r.import_type for r in response.context["result"].rows] == ["update"]
    confirm(as_manager, NOMINATIONS_CONFIRM_URL, response)
    nomination.refresh_from_db()
    assert (nomination.rank, nomination.statement) == (3, "Updated")
