"""A file with absurdly many columns is refused at once, whatever its size: checking its
header used to cost the square of its width (160,000 columns: past any worker's timeout)."""

import time

import pytest

from exchange_portal.imports import ImportFileError, read_table
from participants.models import Participant
from placements.models import Nomination
from tests.imports.helpers import (
    NOMINATIONS_URL,
    PARTICIPANT_HEADER,
    PARTICIPANTS_URL,
    csv_bytes,
    officer_row,
    preview,
)

pytestmark = pytest.mark.django_db
WIDTH = 160_000


def wide_csv(header, row) -> bytes:
    extra = [f"c{n}" for n in range(WIDTH - len(header))]
    return csv_bytes([*header, *extra], [[*row, *[""] * len(extra)]])


def file_error(response) -> str:
    return " ".join(str(e) for e in response.context["form"].errors.get("import_file", []))


@pytest.fixture
def as_hr(client, hr, epd, icac, eo):
    client.force_login(hr)
    return client


def test_a_file_of_160000_columns_is_refused_quickly_on_the_officer_import(as_hr, settings):
    data = wide_csv(PARTICIPANT_HEADER, officer_row("10000001"))
    assert len(data) < settings.IMPORT_MAX_BYTES  # under the size cap: only the width is wrong
    started = time.monotonic()
    response = preview(as_hr, PARTICIPANTS_URL, data)
    assert time.monotonic() - started < 10
    assert response.status_code == 200
    assert response.context.get("confirm_form") is None
    assert (
        f"The file has 160,000 columns; an import takes at most {settings.IMPORT_MAX_COLUMNS}."
        in file_error(response)
    )
    assert Participant.objects.count() == 0


def test_a_file_of_160000_columns_is_refused_quickly_on_the_nomination_import(as_hr, open_cohort):
    data = wide_csv(["Programme", "Phase", "Batch", "Staff number"], ["GBA-EX", "1", "2", "1"])
    started = time.monotonic()
    response = preview(as_hr, NOMINATIONS_URL, data)
    assert time.monotonic() - started < 10
    assert "The file has 160,000 columns" in file_error(response)
    assert Nomination.objects.count() == 0


def test_the_column_limit_is_a_setting(settings):
    settings.IMPORT_MAX_COLUMNS = 3
    with pytest.raises(ImportFileError, match="The file has 4 columns; an import takes at most 3"):
        read_table(csv_bytes(["a", "b", "c", "d"], [["1", "2", "3", "4"]]))
    assert read_table(csv_bytes(["a", "b", "c"], [["1", "2", "3"]])).headers == ["a", "b", "c"]


def test_checking_the_columns_of_a_file_at_the_limit_is_quick(as_hr, settings):
    """Under the limit the checks are linear too: many unknown and repeated columns."""
    settings.IMPORT_MAX_COLUMNS = 50_000
    header = [*PARTICIPANT_HEADER, *["Notes"] * 20_000, *[f"c{n}" for n in range(20_000)]]
    data = csv_bytes(header, [[*officer_row("10000001"), *[""] * 40_000]])
    started = time.monotonic()
    response = preview(as_hr, PARTICIPANTS_URL, data)
    assert time.monotonic() - started < 10
    errors = " ".join(response.context["file_errors"])
    assert "Row 1 names column(s) twice: 'Notes'." in errors
    assert "and 19,991 more" in errors  # the unknown columns are not all repeated back
