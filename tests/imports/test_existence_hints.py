"""An officer import by a department HR officer says nothing about whether another
department's staff number exists: the same words as the nomination import's for a number
that is not one of theirs."""

import pytest

from participants.models import Participant
from tests.imports.helpers import (
    NOMINATIONS_URL,
    PARTICIPANT_HEADER,
    PARTICIPANTS_URL,
    csv_bytes,
    messages_of,
    officer_row,
    preview,
)
from tests.participants.factories import ParticipantFactory

pytestmark = pytest.mark.django_db
NOT_OURS = "no officer of your department has the staff number '10000001'."


@pytest.fixture
def as_hr(client, hr, epd, icac, eo):
    client.force_login(hr)
    return client


def test_another_departments_staff_number_gets_the_neutral_message(as_hr, icac):
    ParticipantFactory(staff_number="10000001", department=icac)
    response = preview(
        as_hr, PARTICIPANTS_URL, csv_bytes(PARTICIPANT_HEADER, [officer_row("10000001")])
    )
    assert messages_of(response) == [f"Row 2, column 'Staff number', value '10000001': {NOT_OURS}"]
    assert "not in your department" not in response.content.decode()
    assert Participant.objects.get().department == icac  # untouched


def test_the_nomination_import_uses_the_same_words(as_hr, icac, open_cohort):
    ParticipantFactory(staff_number="10000001", department=icac)
    header = ["Programme", "Phase", "Batch", "Staff number"]
    data = csv_bytes(header, [["GBA-EX", "1", "2", "10000001"]])
    response = preview(as_hr, NOMINATIONS_URL, data)
    assert any(m.endswith(NOT_OURS) for m in messages_of(response)), messages_of(response)
