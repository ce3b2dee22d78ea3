"""CSV and XLSX downloads of exactly the rows a user asked for and may see.

Cells that a spreadsheet would run as a formula (starting with =, +, -, @, or a tab or
carriage return) are prefixed with an apostrophe, so an officer's name such as "=HYPERLINK(...)"
is shown as text and never executed (OWASP "CSV injection")."""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterable, Sequence

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """The cell value, made safe to open in a spreadsheet."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, bool | int | float | datetime.date):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


class _Echo:
    def write(self, value):
        return value


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence]
) -> StreamingHttpResponse:
    """Streamed, so a 100,000-row export holds one row in memory at a time. UTF-8 with a byte
    order mark so that Excel reads Chinese names correctly."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow([str(h) for h in header])
        for row in rows:
            yield writer.writerow([_csv_text(neutralise(v)) for v in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _csv_text(value):
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def xlsx_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    """A workbook written in openpyxl's write-only mode (rows are not kept in memory)."""
    from io import BytesIO

    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=filename[:31])
    sheet.append([str(h) for h in header])
    for row in rows:
        sheet.append([neutralise(v) for v in row])
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


EXPORT_KINDS = ("csv", "xlsx")


def download(kind: str, name: str, header: Sequence[str], rows: Iterable[Sequence]):
    """A CSV or XLSX download named `name` and today's date."""
    filename = f"{name}-{timezone.localdate().isoformat()}"
    if kind == "csv":
        return csv_response(filename, header, rows)
    return xlsx_response(filename, header, rows)


class TableExportMixin:
    """A page whose table can be downloaded: `?export=csv` or `?export=xlsx` returns
    `export_table()` (header, rows), built from the same scoped reads as the page itself."""

    export_name = "export"

    def export_table(self) -> tuple[Sequence[str], Iterable[Sequence]]:
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        kind = request.GET.get("export")
        if kind in EXPORT_KINDS:
            if hasattr(self, "get_object"):
                self.object = self.get_object()
            header, rows = self.export_table()
            return download(kind, self.export_name, header, rows)
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
