"""Reading an upload safely: the type is told by the content, never by the name (an XLSX is a
zip with a workbook in it; anything else must be UTF-8 text without NUL bytes, read as CSV); the
size, the rows, the columns and, for XLSX, the uncompressed size and compression ratio of the
zip's members (a "zip bomb") are limited before openpyxl opens anything.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile

import tablib
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from import_export.formats.base_formats import Format

ZIP_MAGIC = b"PK\x03\x04"
# Members every XLSX workbook has (ECMA-376 part 1, the package's content types and workbook).
XLSX_MEMBERS = {"[Content_Types].xml", "xl/workbook.xml"}
# How much of a value an error message repeats.
VALUE_SHOWN = 60


class ImportFileError(ValueError):
    """The file cannot be read as an import; the message says why, for the user."""


def _limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def max_bytes() -> int:
    return _limit("IMPORT_MAX_BYTES", 5 * 1024 * 1024)


def max_columns() -> int:
    return _limit("IMPORT_MAX_COLUMNS", 100)


def _check_zip(data: bytes) -> None:
    """Refuse an XLSX whose members would unpack to more than IMPORT_MAX_UNCOMPRESSED_BYTES, or
    whose members are compressed more than IMPORT_MAX_COMPRESSION_RATIO to one, before any
    member is read."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise ImportFileError(
            _("The file is not a valid XLSX workbook (a damaged zip).")
        ) from error
    with archive:
        members = archive.infolist()
        names = {m.filename for m in members}
        if not names >= XLSX_MEMBERS:
            raise ImportFileError(
                _("The file is a zip archive but not an XLSX workbook; save it from Excel as XLSX.")
            )
        total = sum(m.file_size for m in members)
        limit = _limit("IMPORT_MAX_UNCOMPRESSED_BYTES", 50 * 1024 * 1024)
        if total > limit:
            raise ImportFileError(
                _(
                    "The workbook would unpack to %(size)s MB, more than the %(limit)s MB an "
                    "import may hold."
                )
                % {"size": total // (1024 * 1024), "limit": limit // (1024 * 1024)}
            )
        ratio_limit = _limit("IMPORT_MAX_COMPRESSION_RATIO", 100)
        for member in members:
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size > 1024 * 1024 and ratio > ratio_limit:
                raise ImportFileError(
                    _(
                        "The workbook part %(part)s is compressed %(ratio)d to 1, more than a "
                        "spreadsheet ever is (a zip bomb?); it was not opened."
                    )
                    % {"part": member.filename, "ratio": ratio}
                )


def _cell(value):
    """A spreadsheet cell as the widgets read it: text, or a date."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date() if value.time() == datetime.time(0) else value
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _rows_of_xlsx(data: bytes):
    import openpyxl

    _check_zip(data)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged workbook
        raise ImportFileError(_("The file is not a valid XLSX workbook.")) from error
    try:
        for row in book.worksheets[0].iter_rows(values_only=True):
            yield [_cell(v) for v in row]
    finally:
        book.close()


def _rows_of_csv(data: bytes):
    if b"\x00" in data:
        raise ImportFileError(
            _("The file contains NUL bytes: it is not a CSV text file (nor an XLSX workbook).")
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _(
                "The file is neither an XLSX workbook nor CSV text in UTF-8 (byte %(at)s cannot "
                "be read). In Excel, save as 'CSV UTF-8'."
            )
            % {"at": error.start + 1}
        ) from error
    try:
        yield from csv.reader(io.StringIO(text, newline=""), strict=True)
    except csv.Error as error:
        raise ImportFileError(
            _("The CSV text cannot be read: %(error)s.") % {"error": error}
        ) from error


def read_table(data: bytes) -> tablib.Dataset:
    """The upload as a table whose first row is the header, or ImportFileError."""
    if not data:
        raise ImportFileError(_("The file is empty."))
    if len(data) > max_bytes():
        raise ImportFileError(
            _("The file is %(size)s KB; an import may be at most %(limit)s KB.")
            % {"size": len(data) // 1024, "limit": max_bytes() // 1024}
        )
    rows = _rows_of_xlsx(data) if data.startswith(ZIP_MAGIC) else _rows_of_csv(data)
    max_rows = _limit("IMPORT_MAX_ROWS", 10_000)
    header = None
    table = []
    for values in rows:
        if header is None:
            header = [str(v).strip() for v in values]
            while header and not header[-1]:
                header.pop()
            if not any(header):
                raise ImportFileError(_("The first row must name the columns; it is empty."))
            if len(header) > max_columns():
                # Refused before anything looks at the names: a 1.4 MB CSV holds 160,000.
                raise ImportFileError(
                    _("The file has %(count)s columns; an import takes at most %(limit)s.")
                    % {"count": f"{len(header):,}", "limit": max_columns()}
                )
            continue
        if not any(v != "" for v in values):
            continue  # blank lines, common at the end of a sheet
        if len(table) >= max_rows:
            raise ImportFileError(
                _("The file has more than %(limit)s rows; split it into smaller files.")
                % {"limit": max_rows}
            )
        values = list(values[: len(header)])
        values += [""] * (len(header) - len(values))
        table.append(values)
    if header is None:
        raise ImportFileError(_("The file is empty."))
    if not table:
        raise ImportFileError(_("The file has a header row but no rows to import."))
    # All rows at once: Dataset.append checks each row's width again, which costs.
    return tablib.Dataset(*table, headers=header)


class DetectedFormat(Format):
    """The one import format offered: CSV or XLSX, told apart by the content."""

    CONTENT_TYPE = "application/octet-stream"

    def get_title(self):
        return _("CSV or XLSX (recognised from the content)")

    def create_dataset(self, in_stream):
        return read_table(in_stream)

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def get_extension(self):
        return "csv"

    def can_import(self):
        return True

    def can_export(self):
        return False


# Problems --------------------------------------------------------------------------------------
