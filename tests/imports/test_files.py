"""The upload is read by its content: type, size, rows, and the XLSX zip-bomb guard."""

import io
import zipfile

import pytest

from exchange_portal.imports import ImportFileError, read_table
from participants.models import Participant
from tests.imports.helpers import (
    PARTICIPANT_HEADER,
    PARTICIPANTS_URL,
    csv_bytes,
    officer_row,
    preview,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

# The first bytes of a PNG image, and some of its chunks.
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"


@pytest.fixture
def as_manager(client, manager, epd, eo):
    client.force_login(manager)
    return client


def file_error(response) -> str:
    return " ".join(str(e) for e in response.context["form"].errors.get("import_file", []))


def test_a_file_named_xlsx_that_is_really_csv_is_read_as_csv(as_manager):
    data = csv_bytes(PARTICIPANT_HEADER, [officer_row("10000001")])
    response = preview(as_manager, PARTICIPANTS_URL, data, "officers.xlsx")
    assert response.context["confirm_form"] is not None
    assert [r.import_type for r in response.context["result"].rows] == ["new"]


def test_a_workbook_named_csv_is_read_as_a_workbook(as_manager):
    data = xlsx_bytes(PARTICIPANT_HEADER, [officer_row("10000001")])
    response = preview(as_manager, PARTICIPANTS_URL, data, "officers.csv")
    assert [r.import_type for r in response.context["result"].rows] == ["new"]


def test_a_png_renamed_xlsx_is_refused(as_manager):
    response = preview(as_manager, PARTICIPANTS_URL, PNG, "officers.xlsx")
    assert response.context.get("confirm_form") is None
    assert "NUL bytes" in file_error(response)


def test_a_csv_with_nul_bytes_is_refused(as_manager):
    data = csv_bytes(PARTICIPANT_HEADER, [officer_row("10000001")]).replace(b"CHAN", b"CH\x00N")
    response = preview(as_manager, PARTICIPANTS_URL, data, "officers.csv")
    assert "contains NUL bytes" in file_error(response)
    assert Participant.objects.count() == 0


def test_text_that_is_not_utf8_is_refused_with_the_byte(as_manager):
    data = b"Staff number,Name (English)\n1,CHAN\n" + "陳".encode("big5")
    response = preview(as_manager, PARTICIPANTS_URL, data, "officers.csv")
    assert "neither an XLSX workbook nor CSV text in UTF-8" in file_error(response)


def test_a_file_over_the_size_limit_is_refused(as_manager, settings):
    settings.IMPORT_MAX_BYTES = 1024
    data = csv_bytes(PARTICIPANT_HEADER, [officer_row(f"1000{n:04d}") for n in range(40)])
    assert len(data) > 1024
    response = preview(as_manager, PARTICIPANTS_URL, data)
    assert "an import may be at most 1 KB" in file_error(response)


def test_a_file_over_the_row_limit_is_refused(as_manager, settings):
    settings.IMPORT_MAX_ROWS = 3
    data = csv_bytes(PARTICIPANT_HEADER, [officer_row(f"1000{n:04d}") for n in range(4)])
    response = preview(as_manager, PARTICIPANTS_URL, data)
    assert "more than 3 rows" in file_error(response)


def zip_with(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


WORKBOOK_PARTS = {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}


def test_a_zip_bomb_is_refused_before_it_is_opened(as_manager):
    # 8 MB of zeros compress to a few KB: a ratio far beyond any real spreadsheet.
    bomb = zip_with({**WORKBOOK_PARTS, "xl/worksheets/sheet1.xml": b"\0" * (8 * 1024 * 1024)})
    assert len(bomb) < 64 * 1024
    response = preview(as_manager, PARTICIPANTS_URL, bomb, "officers.xlsx")
    assert "compressed" in file_error(response) and "zip bomb" in file_error(response)


def test_a_workbook_unpacking_beyond_the_limit_is_refused(settings):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 1024 * 1024
    big = zip_with({**WORKBOOK_PARTS, "xl/sharedStrings.xml": bytes(range(256)) * 8192})
    with pytest.raises(ImportFileError, match="would unpack to 2 MB"):
        read_table(big)


def test_a_zip_that_is_not_a_workbook_is_refused():
    with pytest.raises(ImportFileError, match="not an XLSX workbook"):
        read_table(zip_with({"notes.txt": b"hello"}))


def test_a_damaged_zip_is_refused():
    with pytest.raises(ImportFileError, match="damaged"):
        read_table(b"PK\x03\x04" + b"rubbish" * 10)


def test_empty_and_header_only_files_are_refused():
    with pytest.raises(ImportFileError, match="empty"):
        read_table(b"")
    with pytest.raises(ImportFileError, match="no rows"):
        read_table(b"Staff number,Name (English)\n\n")


def test_cells_are_read_as_text_and_dates(as_manager):
    import datetime

    dataset = read_table(xlsx_bytes(["A", "B", "C"], [[12345678, 2.0, datetime.date(2025, 1, 2)]]))
    assert list(dataset[0]) == ["12345678", "2", datetime.date(2025, 1, 2)]
