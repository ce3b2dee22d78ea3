"""The file reader never fails on bad input with anything but a message for the user, and text
cells come back exactly as written (issue 7 extends this to every import parser)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exchange_portal.imports import ImportFileError, read_table
from tests.imports.helpers import csv_bytes, xlsx_bytes

# Text a cell can hold: no NUL, no surrogates; openpyxl also refuses other control characters.
cell_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=200
).filter(lambda t: t.strip() == t and t != "")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_any_bytes_are_read_or_refused_with_a_message(data):
    try:
        read_table(data)
    except ImportFileError as error:
        assert str(error)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=st.lists(cell_text, min_size=2, max_size=2))
def test_text_round_trips_unchanged(kind, values):
    header = ["Name", "Note"]
    data = csv_bytes(header, [values]) if kind == "csv" else xlsx_bytes(header, [values])
    assert list(read_table(data)[0]) == values
