"""Importing placements (CSB programme managers only) goes through placement_create /
placement_update: the placement rules are the services' own."""

import datetime

import pytest
from django.utils.html import escape

from placements.models import Placement
from tests.imports.helpers import (
    PLACEMENTS_CONFIRM_URL,
    PLACEMENTS_URL,
    confirm,
    csv_bytes,
    import_file,
    messages_of,
    preview,
    xlsx_bytes,
)
from tests.participants.factories import DepartmentFactory
from tests.placements.factories import NominationFactory, PlacementFactory

pytestmark = pytest.mark.django_db

HEADER = [
    "Programme",
    "Phase",
    "Batch",
    "Staff number",
    "Host organisation",
    "Host unit",
    "Start date",
    "End date",
    "Role title",
    "Focus areas",
]


@pytest.fixture
def as_manager(client, manager, placing):
    client.force_login(manager)
    return client


def row(number, unit, *, start="", end="", title="Special Assistant", focus="planning", batch="3"):
    return [
        "GBA-EX",
        "1",
        batch,
        number,
        unit.organisation.name_en,
        unit.name_en,
        start,
        end,
        title,
        focus,
    ]


def counts():
    return (Placement.objects.count(), Placement.history.count())


def test_placements_are_proposed_through_the_service(as_manager, placing, manager):
    unit = placing["unit"]
    data = csv_bytes(HEADER, [row("20000000", unit), row("20000001", unit, title="顧問 🙂")])
    done = import_file(as_manager, PLACEMENTS_URL, PLACEMENTS_CONFIRM_URL, data)
    assert done.status_code == 302
    placements = Placement.objects.order_by("participant__staff_number")
    assert [p.status for p in placements] == [Placement.Status.PROPOSED] * 2
    assert placements[0].start_date == placing["cohort"].start_date  # blank: the cohort's
    assert placements[1].role_title == "顧問 🙂"
    assert [fa.code for fa in placements[0].focus_areas.all()] == ["planning"]
    assert {h.history_user for h in Placement.history.all()} == {manager}


def test_importing_the_same_file_twice_changes_nothing(as_manager, placing):
    unit = placing["unit"]
    data = xlsx_bytes(HEADER, [row("20000000", unit), row("20000001", unit, focus="")])
    import_file(as_manager, PLACEMENTS_URL, PLACEMENTS_CONFIRM_URL, data, "p.xlsx")
    before = counts()
    values = list(Placement.objects.order_by("pk").values())
    again = preview(as_manager, PLACEMENTS_URL, data, "p.xlsx")
    assert [r.import_type for r in again.context["result"].rows] == ["skip", "skip"]
    confirm(as_manager, PLACEMENTS_CONFIRM_URL, again)
    assert counts() == before
    assert list(Placement.objects.order_by("pk").values()) == values


def test_each_rule_names_row_column_value_and_rule(as_manager, placing):
    unit = placing["unit"]
    cohort = placing["cohort"]
    submitted = NominationFactory(cohort=cohort, participant__staff_number="20000009")
    # The third officer already has a live placement, in another cohort, for these dates.
    clash = PlacementFactory(
        nomination__participant=placing["nominations"][2].participant,
        nomination__cohort__start_date=cohort.start_date,
        nomination__cohort__end_date=cohort.end_date,
    )
    start = cohort.start_date.isoformat()
    rows = [
        row("20000009", unit),
        row("20000000", unit, start=start, end=start),
        row("20000001", unit, focus="planning, cooking"),
        row("20000003", unit, start="31/02/2026"),
        ["GBA-EX", "1", "3", "20000004", "Nowhere", "Nothing", "", "", "", ""],
        row("20000002", unit),
    ]
    response = preview(as_manager, PLACEMENTS_URL, csv_bytes(HEADER, rows))
    found = messages_of(response)
    expected = [
        "Row 2, columns 'Programme', 'Phase', 'Batch', 'Staff number', value 'GBA-EX, 1, 3, "
        "20000009': Only a selected nomination can be placed; this one is submitted.",
        f"Row 3, columns 'Start date', 'End date', value '{start}, {start}': The end date must "
        "be after the start date.",
        "Row 4, column 'Focus areas', value 'planning, cooking': no focus area has the code "
        "'cooking'.",
        "Row 5, column 'Start date', value '31/02/2026': is not a date; write it as 2025-12-31 "
        "or 31/12/2025.",
        "Row 6, columns 'Host organisation', 'Host unit', value 'Nowhere, Nothing': Nowhere has "
        "no unit named 'Nothing'.",
        "Row 7, column 'Start date', value '': These dates overlap placement "
        + clash.reference_code,
    ]
    assert len(found) == len(expected), found
    for message, start_of in zip(found, expected, strict=True):
        assert message.startswith(start_of), (message, start_of)
        assert escape(message) in response.content.decode()
    assert submitted.pk and counts()[0] == 1  # only the clashing placement made above


def test_a_failed_import_leaves_no_row(as_manager, placing):
    unit = placing["unit"]
    data = csv_bytes(HEADER, [row("20000000", unit), row("20000001", unit), row("20000002", unit)])
    response = preview(as_manager, PLACEMENTS_URL, data)
    assert response.context["confirm_form"] is not None
    # Meanwhile the third officer is placed elsewhere for the same dates.
    cohort = placing["cohort"]
    PlacementFactory(
        participant=placing["nominations"][2].participant,
        start_date=cohort.start_date + datetime.timedelta(days=5),
        end_date=cohort.end_date,
    )
    before = counts()
    done = confirm(as_manager, PLACEMENTS_CONFIRM_URL, response)
    assert done.status_code == 200
    assert [m[:6] for m in messages_of(done)] == ["Row 4,"]
    assert counts() == before


def test_department_hr_and_viewers_cannot_reach_placement_import(client, hr, viewer, placing):
    for user in (hr, viewer):
        client.force_login(user)
        assert client.get(PLACEMENTS_URL).status_code == 403
        assert client.post(PLACEMENTS_CONFIRM_URL, {}).status_code == 403
        changelist = client.get("/admin/placements/placement/")
        assert PLACEMENTS_URL not in changelist.content.decode()


def test_viewers_import_nothing(client, viewer, placing):
    DepartmentFactory(code="EPD")
    client.force_login(viewer)
    for url in ("/admin/participants/participant/import/", "/admin/placements/nomination/import/"):
        assert client.get(url).status_code == 403
