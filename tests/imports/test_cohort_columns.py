"""The nomination import names its intake by programme, phase and batch, and says so: its page
lists every column it reads, and a file or row without a phase or batch is refused instead of
aimed at phase 1, batch 1 (a closed intake, usually)."""

import html

import pytest

from placements.imports import NominationResource, PlacementResource
from placements.models import Nomination
from tests.imports.helpers import (
    NOMINATIONS_URL,
    PLACEMENTS_URL,
    csv_bytes,
    messages_of,
    preview,
)
from tests.programmes.factories import CohortFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_hr(client, hr, officers, open_cohort, icac):
    client.force_login(hr)
    return client


def listed_columns(response) -> list[str]:
    page = response.content.decode()
    start = page.index('<ul class="import-columns">')
    items = page[start : page.index("</ul>", start)].split("<li>")[1:]
    return [html.unescape(item.split("</li>")[0].strip()) for item in items]


def test_the_nomination_import_page_lists_every_column_it_reads(as_hr, hr):
    listed = listed_columns(as_hr.get(NOMINATIONS_URL))
    assert listed[:3] == ["Programme (required)", "Phase (required)", "Batch (required)"]
    read = NominationResource(actor=hr).known_columns()
    assert [c.removesuffix(" (required)") for c in listed] == read
    assert {"Staff number (required)", "Department", "Ranking", "Statement"} <= set(listed)


def test_the_placement_import_page_lists_the_phase_and_batch_too(client, manager, placing):
    client.force_login(manager)
    listed = listed_columns(client.get(PLACEMENTS_URL))
    assert listed[:3] == ["Programme (required)", "Phase (required)", "Batch (required)"]
    read = PlacementResource(actor=manager).known_columns()
    assert [c.removesuffix(" (required)") for c in listed] == read


def test_a_file_without_phase_and_batch_columns_is_refused(as_hr, gba):
    CohortFactory(programme=gba, phase=1, batch=1)  # the intake a default would have aimed at
    data = csv_bytes(["Programme", "Staff number"], [["GBA-EX", "10000000"]])
    response = preview(as_hr, NOMINATIONS_URL, data)
    assert response.context.get("confirm_form") is None
    assert any(
        "The file has no column 'Phase', 'Batch'" in e for e in response.context["file_errors"]
    )
    assert Nomination.objects.count() == 0


@pytest.mark.parametrize(("phase", "batch", "column"), [("", "2", "Phase"), ("1", "", "Batch")])
def test_a_row_without_its_phase_or_batch_is_an_error_naming_row_and_column(
    as_hr, gba, phase, batch, column
):
    CohortFactory(programme=gba, phase=1, batch=1)
    header = ["Programme", "Phase", "Batch", "Staff number"]
    data = csv_bytes(
        header, [["GBA-EX", "1", "2", "10000001"], ["GBA-EX", phase, batch, "10000000"]]
    )
    response = preview(as_hr, NOMINATIONS_URL, data)
    assert response.context.get("confirm_form") is None
    assert messages_of(response) == [
        f"Row 3, columns 'Programme', 'Phase', 'Batch', value 'GBA-EX, {phase}, {batch}': "
        f"the column '{column}' is empty; write the intake's {column.lower()} number, "
        "such as 1."
    ]
    assert Nomination.objects.count() == 0
