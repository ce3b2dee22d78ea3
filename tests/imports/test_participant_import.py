"""Importing officers in the admin: every error names row, column, value and rule; all or
nothing; twice changes nothing; department HR only for their own department."""

import pytest
from django.utils.html import escape

from participants.models import Participant
from tests.imports.helpers import (
    PARTICIPANT_HEADER,
    PARTICIPANTS_CONFIRM_URL,
    PARTICIPANTS_URL,
    confirm,
    csv_bytes,
    import_file,
    messages_of,
    officer_row,
    preview,
    xlsx_bytes,
)
from tests.participants.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


def counts():
    return (Participant.objects.count(), Participant.history.count())


@pytest.fixture
def as_manager(client, manager, epd, icac, eo):
    client.force_login(manager)
    return client


@pytest.fixture
def as_hr(client, hr, epd, icac, eo):
    client.force_login(hr)
    return client


def test_a_good_file_previews_every_row_then_imports_them_with_history(as_manager, manager):
    data = csv_bytes(PARTICIPANT_HEADER, [officer_row("10000001"), officer_row("10000002")])
    response = preview(as_manager, PARTICIPANTS_URL, data)
    assert [(r.number, r.import_type) for r in response.context["result"].rows] == [
        (2, "new"),
        (3, "new"),
    ]
    assert counts() == (0, 0)  # the preview writes nothing
    done = confirm(as_manager, PARTICIPANTS_CONFIRM_URL, response)
    assert done.status_code == 302
    officer = Participant.objects.get(staff_number="10000002")
    assert officer.department.code == "EPD" and officer.grade.code == "EO"
    assert officer.rank_level == "middle"
    assert counts() == (2, 2)
    assert {h.history_user for h in Participant.history.all()} == {manager}


def test_imported_officers_are_whole_records_with_their_creation_history(as_manager, manager):
    """On PostgreSQL the new officers and their history are written with COPY (decision 0028):
    the same records as a save would make, keys from the table's sequence, so the next officer
    saved the ordinary way gets a key of its own."""
    rows = [officer_row(f"2000000{n}") for n in range(5)]
    response = preview(as_manager, PARTICIPANTS_URL, csv_bytes(PARTICIPANT_HEADER, rows))
    assert confirm(as_manager, PARTICIPANTS_CONFIRM_URL, response).status_code == 302
    officers = list(Participant.objects.order_by("staff_number"))
    assert [o.staff_number for o in officers] == [f"2000000{n}" for n in range(5)]
    for officer in officers:
        assert officer.name_zh_hant == "陳大文"
        assert officer.origin == Participant.Origin.HONG_KONG
        assert officer.created_at is not None and officer.updated_at is not None
        (created,) = officer.history.all()
        assert created.history_type == "+"
        assert created.history_user == manager
        assert created.history_change_reason == "import"
        assert created.request_id  # the request that imported it, as in the log
        assert (created.name_en, created.department_id) == (officer.name_en, officer.department_id)
    later = ParticipantFactory()
    assert later.pk not in {o.pk for o in officers}


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            {"Grade": "XYZ"},
            "Row 2, column 'Grade', value 'XYZ': no grade has the code 'XYZ'.",
        ),
        (
            {"Department": "NOPE"},
            "Row 2, column 'Department', value 'NOPE': no department has the code 'NOPE'.",
        ),
        (
            {"E-mail": "not-an-address"},
            "Row 2, column 'E-mail', value 'not-an-address': Enter a valid email address.",
        ),
        (
            {"Staff number": "X" * 21},
            f"Row 2, column 'Staff number', value '{'X' * 21}': Ensure this value has at most "
            "20 characters (it has 21).",
        ),
        (
            {"Staff number": ""},
            "Row 2, column 'Staff number', value '': a Hong Kong civil servant's staff number "
            "is required.",
        ),
        (
            {"Rank level": "top"},
            "Row 2, column 'Rank level', value 'top': must be one of: junior, middle, senior.",
        ),
        (
            {"Name (English)": ""},
            "Row 2, column 'Name (English)', value '': This field cannot be blank.",
        ),
    ],
)
def test_each_rule_names_row_column_value_and_rule(as_manager, values, message):
    data = csv_bytes(PARTICIPANT_HEADER, [officer_row("10000001", **values)])
    response = preview(as_manager, PARTICIPANTS_URL, data)
    assert message in messages_of(response)
    assert response.context.get("confirm_form") is None
    assert escape(message) in response.content.decode()  # shown on the page
    assert counts() == (0, 0)


def test_a_row_repeating_an_officer_names_the_first_row(as_manager):
    data = csv_bytes(
        PARTICIPANT_HEADER,
        [officer_row("10000001"), officer_row("10000002"), officer_row("10000001")],
    )
    response = preview(as_manager, PARTICIPANTS_URL, data)
    assert messages_of(response) == [
        "Row 4, column 'Staff number', value '10000001': this row names the same record as "
        "row 2; each record may appear once."
    ]


def test_every_error_of_the_file_is_listed_and_rows_are_numbered_as_in_the_sheet(as_manager):
    rows = [officer_row(f"1000000{n}") for n in range(6)]
    rows[1] = officer_row("10000001", Grade="XYZ")
    rows[5] = officer_row("10000005", **{"E-mail": "nope"})
    response = preview(as_manager, PARTICIPANTS_URL, xlsx_bytes(PARTICIPANT_HEADER, rows), "a.xlsx")
    messages = messages_of(response)
    assert len(messages) == 2
    assert messages[0].startswith("Row 3, column 'Grade', value 'XYZ'")
    assert messages[1].startswith("Row 7, column 'E-mail', value 'nope'")
    outcomes = [r.import_type for r in response.context["result"].rows]
    assert outcomes == ["new", "invalid", "new", "new", "new", "invalid"]


def test_missing_and_unknown_columns_refuse_the_file(as_manager):
    header = [c for c in PARTICIPANT_HEADER if c != "E-mail"] + ["Grde"]
    rows = [officer_row("10000001")[:3] + officer_row("10000001")[4:] + ["x"]]
    response = preview(as_manager, PARTICIPANTS_URL, csv_bytes(header, rows))
    errors = " ".join(response.context["file_errors"])
    assert "The file has no column 'E-mail'" in errors
    assert "does not read: 'Grde'" in errors
    assert response.context.get("confirm_form") is None


def test_importing_the_same_file_twice_changes_nothing(as_manager):
    data = csv_bytes(PARTICIPANT_HEADER, [officer_row(f"1000000{n}") for n in range(4)])
    import_file(as_manager, PARTICIPANTS_URL, PARTICIPANTS_CONFIRM_URL, data)
    before = counts()
    values = list(Participant.objects.order_by("pk").values())
    again = preview(as_manager, PARTICIPANTS_URL, data)
    assert {r.import_type for r in again.context["result"].rows} == {"skip"}
    assert again.context["counts"]["skip"] == 4
    confirm(as_manager, PARTICIPANTS_CONFIRM_URL, again)
    assert counts() == before
    assert list(Participant.objects.order_by("pk").values()) == values


def test_a_changed_row_updates_the_officer_and_records_history(as_manager):
    officer = ParticipantFactory(staff_number="10000001", department__code="EPD")
    data = csv_bytes(PARTICIPANT_HEADER, [officer_row("10000001", Rank="Senior Executive Officer")])
    response = preview(as_manager, PARTICIPANTS_URL, data)
    assert [r.import_type for r in response.context["result"].rows] == ["update"]
    confirm(as_manager, PARTICIPANTS_CONFIRM_URL, response)
    officer.refresh_from_db()
    assert officer.rank == "Senior Executive Officer"
    changed = officer.history.first()
    assert changed.history_type == "~"
    assert changed.request_id  # the importing request, as for a change made on a form


def test_a_failure_at_confirmation_writes_nothing_and_lists_the_errors(as_hr):
    rows = [officer_row(f"1000000{n}") for n in range(5)]
    response = preview(as_hr, PARTICIPANTS_URL, csv_bytes(PARTICIPANT_HEADER, rows))
    assert response.context["confirm_form"] is not None
    # Between the preview and the confirmation, CSB records the last row's staff number for
    # an officer of another department: that row can no longer be imported by this HR officer.
    ParticipantFactory(staff_number="10000004", department__code="ICAC")
    before = counts()
    done = confirm(as_hr, PARTICIPANTS_CONFIRM_URL, response)
    assert done.status_code == 200
    assert messages_of(done) == [
        "Row 6, column 'Staff number', value '10000004': no officer of your department has "
        "the staff number '10000004'."
    ]
    assert counts() == before  # rows 2 to 5 were valid, and were not written either


def test_hr_imports_their_own_department_only(as_hr, hr):
    data = csv_bytes(
        PARTICIPANT_HEADER,
        [officer_row("10000001"), officer_row("10000002", Department="ICAC")],
    )
    response = preview(as_hr, PARTICIPANTS_URL, data)
    assert messages_of(response) == [
        "Row 3, column 'Department', value 'ICAC': department 'ICAC' is not your department."
    ]
    assert counts() == (0, 0)
    own = csv_bytes(PARTICIPANT_HEADER, [officer_row("10000001")])
    assert import_file(as_hr, PARTICIPANTS_URL, PARTICIPANTS_CONFIRM_URL, own).status_code == 302
    assert Participant.objects.get().department.code == "EPD"


def test_hr_cannot_take_over_another_departments_officer(as_hr):
    ParticipantFactory(staff_number="10000001", department__code="ICAC")
    response = preview(
        as_hr, PARTICIPANTS_URL, csv_bytes(PARTICIPANT_HEADER, [officer_row("10000001")])
    )
    assert messages_of(response) == [
        "Row 2, column 'Staff number', value '10000001': no officer of your department has "
        "the staff number '10000001'."
    ]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_chinese_text_and_emoji_round_trip(as_manager, kind):
    name_zh = "陳大文😀𠮷"
    name_en = "CHAN Tai-man 🙂 ★"
    row = officer_row(
        "10000001", **{"Name (Traditional Chinese)": name_zh, "Name (English)": name_en}
    )
    data = (
        csv_bytes(PARTICIPANT_HEADER, [row])
        if kind == "csv"
        else xlsx_bytes(PARTICIPANT_HEADER, [row])
    )
    done = import_file(as_manager, PARTICIPANTS_URL, PARTICIPANTS_CONFIRM_URL, data, f"a.{kind}")
    assert done.status_code == 302
    officer = Participant.objects.get()
    assert (officer.name_zh_hant, officer.name_en) == (name_zh, name_en)


def test_a_file_with_the_former_chinese_name_column_imports_it_as_traditional(as_manager):
    header = [
        "Name (Chinese)" if c == "Name (Traditional Chinese)" else c for c in PARTICIPANT_HEADER
    ]
    row = officer_row("10000002", **{"Name (Traditional Chinese)": "梁詠欣"})
    row[PARTICIPANT_HEADER.index("Name (Simplified Chinese)")] = "梁咏欣"
    data = csv_bytes(header, [row])
    done = import_file(as_manager, PARTICIPANTS_URL, PARTICIPANTS_CONFIRM_URL, data, "a.csv")
    assert done.status_code == 302
    officer = Participant.objects.get()
    assert (officer.name_zh_hant, officer.name_zh_hans) == ("梁詠欣", "梁咏欣")
