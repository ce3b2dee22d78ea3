"""CSV and XLSX downloads of exactly the rows a user asked for and may see.

Cells that a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a carriage
return, as OWASP's "CSV injection" lists them, or with | or ;, which some spreadsheets also
read as the start of a formula or of a DDE command) are prefixed with an apostrophe, so an
officer's name such as "=HYPERLINK(...)" is shown as text and never executed."""

from __future__ import annotations

import csv
import datetime
import decimal
import io
import tempfile
from collections.abc import Iterable, Iterator, Sequence

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

from . import background

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "|", ";")


def neutralise(value):
    """The cell value, made safe to open in a spreadsheet."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, bool | int | float | decimal.Decimal | datetime.date):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


#: A CSV download is sent in pieces of about this many characters: one piece per row would
#: mean a write to the network (and a trip through the WSGI server) per row.
CSV_PIECE = 64 * 1024


def csv_pieces(header: Sequence[str], rows: Iterable[Sequence]) -> Iterator[str]:
    """The CSV text in pieces of about CSV_PIECE characters."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow([str(h) for h in header])
    try:
        for row in rows:
            writer.writerow([_csv_text(neutralise(v)) for v in row])
            if buffer.tell() >= CSV_PIECE:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()
    finally:
        # A download abandoned half-way: the server closes this generator; close the rows
        # too, so the database cursor under them is released now, not when collected.
        close = getattr(rows, "close", None)
        if close is not None:
            close()


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence]
) -> StreamingHttpResponse:
    """Streamed: rows are read from the database as they are sent (`rows` is lazy, e.g. over
    `QuerySet.iterator()`), so a 100,000-row export holds one piece in memory at a time
    (docs/performance.md, "Export"). UTF-8 with a byte order mark so that Excel reads Chinese
    names correctly."""

    response = StreamingHttpResponse(
        csv_pieces(header, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _csv_text(value):
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


#: How a Decimal (money) shows in a workbook: a number with grouped thousands and two places.
DECIMAL_FORMAT = "#,##0.00"


def write_xlsx(file, title: str, header: Sequence[str], rows: Iterable[Sequence]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])

    def cell(value):
        value = neutralise(value)
        if not isinstance(value, decimal.Decimal):
            return value
        # A number cell, shown with two places. A workbook keeps numbers as binary floats of
        # 15 significant digits; openpyxl writes 16, so every amount below HK$10 trillion
        # reads back to the cent.
        written = WriteOnlyCell(sheet, value=value)
        written.number_format = DECIMAL_FORMAT
        return written

    sheet.append([str(h) for h in header])
    for row in rows:
        sheet.append([cell(v) for v in row])
    workbook.save(file)


def write_table(kind: str, file, name: str, header: Sequence[str], rows: Iterable[Sequence]):
    """The table written to the binary `file` (a background export), as `download` sends it."""
    if kind == "csv":
        for piece in csv_pieces(header, rows):
            file.write(piece.encode("utf-8"))
    else:
        write_xlsx(file, name, header, rows)


def xlsx_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> FileResponse:
    """A workbook written in openpyxl's write-only mode (rows are not kept in memory) to a
    temporary file, which is then sent in blocks and deleted: memory stays the same whatever
    the number of rows. (An XLSX is a zip, which cannot be sent before it is finished.)"""
    file = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it, which deletes it)
    write_xlsx(file, filename, header, rows)
    file.seek(0)
    return FileResponse(
        file,
        as_attachment=True,
        filename=f"{filename}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


EXPORT_KINDS = ("csv", "xlsx")


def export_filename(name: str, kind: str = "") -> str:
    filename = f"{name}-{timezone.localdate().isoformat()}"
    return f"{filename}.{kind}" if kind else filename


def download(kind: str, name: str, header: Sequence[str], rows: Iterable[Sequence]):
    """A CSV or XLSX download named `name` and today's date."""
    filename = export_filename(name)
    if kind == "csv":
        return csv_response(filename, header, rows)
    return xlsx_response(filename, header, rows)


def export_response(view, kind: str):
    """The download of `view`'s table (`export_table()`), or, when it has more rows than
    EXPORT_BACKGROUND_ROWS, the page of a background job that writes it (decision 0035)."""
    rows_total = view.export_rows_total()
    if background.export_in_background(rows_total):
        return background.runner.export(view=view, kind=kind, rows_total=rows_total)
    header, rows = view.export_table()
    return download(kind, view.export_name, header, rows)


class TableExportMixin:
    """A page whose table can be downloaded: `?export=csv` or `?export=xlsx` returns
    `export_table()` (header, rows), built from the same scoped reads as the page itself."""

    export_name = "export"

    def export_table(self) -> tuple[Sequence[str], Iterable[Sequence]]:
        raise NotImplementedError

    def export_rows_total(self) -> int | None:
        """How many rows the export has, where that is cheap to know (None: not known, so the
        export runs in the request). These pages' tables are a few hundred rows at most."""
        return None

    def prepare_export(self) -> None:
        """What `get()` would set up before the table is read (also in a background job)."""
        if hasattr(self, "get_object"):
            self.object = self.get_object()

    def get(self, request, *args, **kwargs):
        kind = request.GET.get("export")
        if kind in EXPORT_KINDS:
            self.prepare_export()
            return export_response(self, kind)
        return super().get(request, *args, **kwargs)


def _figure(text: str):
    """A chart table's cell as a number where it is one ("1,234"), else its text."""
    digits = text.replace(",", "")
    return int(digits) if digits.isdigit() else text


def figures_table(charts) -> tuple[list[str], list[list]]:
    """The tables of several charts as one long table: a line per chart, row and column."""
    from django.utils.translation import gettext as _

    header = [_("Chart"), _("Group"), _("Figure"), _("Officers")]
    rows = [
        [chart.title, row.heading, column.label, _figure(cell.text)]
        for chart in charts
        for table in chart.tables
        for row in [*table.rows, *([table.footer] if table.footer else [])]
        for column, cell in zip(table.columns, row.cells, strict=True)
    ]
    return header, rows
