"""Large downloads (issue 8.5): the placement list's CSV is sent while it is read from the
database, in pieces, with the same queries for 5 rows as for 40; a download abandoned half-way
releases its rows; the XLSX is written to a temporary file and sent from there. The memory of a
100,000-row export is measured by bench/export_memory.py (docs/performance.md, "Export")."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from exchange_portal import exports
from placements.models import Placement
from tests.conftest import make_user
from tests.participants.factories import ParticipantFactory
from tests.placements.factories import PlacementFactory, SelectedNominationFactory

pytestmark = pytest.mark.django_db

URL = reverse("staff:placements")


@pytest.fixture
def manager_client(client, django_user_model):
    client.force_login(make_user(django_user_model, "manager", "csb_manager"))
    return client


def confirmed(count: int) -> list[Placement]:
    return PlacementFactory.create_batch(count, status=Placement.Status.CONFIRMED)


def test_the_csv_arrives_in_pieces_and_holds_every_row_once(manager_client, monkeypatch):
    monkeypatch.setattr(exports, "CSV_PIECE", 500)
    chan = ParticipantFactory(name_en="=SUM(A1)", name_zh_hant="陳大文")
    placements = [
        *confirmed(29),
        PlacementFactory(
            nomination=SelectedNominationFactory(participant=chan),
            status=Placement.Status.CONFIRMED,
        ),
    ]
    response = manager_client.get(URL, {"status": "confirmed", "export": "csv"})
    assert response.streaming
    pieces = list(response.streaming_content)
    assert len(pieces) > 3
    assert all(len(piece) >= 500 for piece in pieces[:-1])  # never a piece per row
    assert all(len(piece) < 500 + 300 for piece in pieces)  # a piece and at most one row more
    rows = list(csv.reader(io.StringIO(b"".join(pieces).decode("utf-8"))))
    assert rows[0][0] == "\ufeffReference"
    assert sorted(row[0] for row in rows[1:]) == sorted(p.reference_code for p in placements)
    assert "'=SUM(A1)" in [row[1] for row in rows]  # still neutralised across pieces


def test_the_csv_export_reads_the_same_queries_for_5_or_40_rows(manager_client):
    def queries_for_export() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = manager_client.get(URL, {"status": "confirmed", "export": "csv"})
            lines = b"".join(response.streaming_content).decode("utf-8").splitlines()
        return len(captured.captured_queries), len(lines)

    confirmed(5)
    few, lines = queries_for_export()
    assert lines == 6
    confirmed(35)
    many, lines = queries_for_export()
    assert lines == 41
    assert many == few


def test_an_abandoned_download_releases_its_rows():
    state = {"read": 0, "closed": False}

    def rows():
        try:
            for number in range(100_000):
                state["read"] += 1
                yield [f"row {number}", "x" * 100]
        finally:
            state["closed"] = True

    response = exports.csv_response("placements", ["Reference", "Note"], rows())
    first = next(iter(response.streaming_content))
    assert first.startswith("\ufeffReference".encode())
    response.close()  # what the server does when the client goes away
    assert state["closed"]
    assert state["read"] < 1_000  # the rest was never read


def test_the_xlsx_is_sent_as_a_file_in_blocks_with_every_row(manager_client):
    placements = confirmed(12)
    response = manager_client.get(URL, {"status": "confirmed", "export": "xlsx"})
    assert response.streaming
    assert response["Content-Disposition"].startswith('attachment; filename="placements-')
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    references = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert sorted(references) == sorted(p.reference_code for p in placements)


def test_the_exported_status_is_in_the_users_language(manager_client):
    from django.utils.translation import override

    confirmed(2)
    with override("zh-hant"):
        chinese = str(Placement.Status.CONFIRMED.label)
    assert chinese != "Confirmed"
    for language, label in (("zh-hant", chinese), ("en", "Confirmed")):
        response = manager_client.get(
            URL, {"status": "confirmed", "export": "csv"}, HTTP_ACCEPT_LANGUAGE=language
        )
        rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
        assert [row[-1] for row in rows[1:]] == [label, label]
