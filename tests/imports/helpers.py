"""Building import files and driving the admin's import pages as a user would."""

from __future__ import annotations

import csv
import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

PARTICIPANT_HEADER = [
    "Staff number",
    "Name (English)",
    "Name (Traditional Chinese)",
    "Name (Simplified Chinese)",
    "E-mail",
    "Phone",
    "Department",
    "Grade",
    "Rank",
    "Rank level",
]
PARTICIPANTS_URL = "/admin/participants/participant/import/"
PARTICIPANTS_CONFIRM_URL = "/admin/participants/participant/process_import/"
NOMINATIONS_URL = "/admin/placements/nomination/import/"
NOMINATIONS_CONFIRM_URL = "/admin/placements/nomination/process_import/"
PLACEMENTS_URL = "/admin/placements/placement/import/"
PLACEMENTS_CONFIRM_URL = "/admin/placements/placement/process_import/"


def csv_bytes(header, rows, *, bom=True) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" if bom else "").encode() + out.getvalue().encode("utf-8")


def xlsx_bytes(header, rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    # openpyxl stores text starting with "=" as a formula with no value; a person typing such
    # text into a cell as text (or a cell formatted as text) stores a string.
    for line in sheet.iter_rows():
        for cell in line:
            if isinstance(cell.value, str) and cell.data_type == "f":
                cell.data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def officer_row(number="12345678", **values):
    row = {
        "Staff number": number,
        "Name (English)": f"CHAN Tai-man {number}",
        "Name (Traditional Chinese)": "陳大文",
        "Name (Simplified Chinese)": "陈大文",
        "E-mail": f"officer{number}@example.gov.hk",
        "Phone": "2810 2000",
        "Department": "EPD",
        "Grade": "EO",
        "Rank": "Executive Officer I",
        "Rank level": "middle",
    }
    row.update(values)
    return [row[c] for c in PARTICIPANT_HEADER]


def preview(client, url, data: bytes, name="import.csv"):
    return client.post(url, {"import_file": SimpleUploadedFile(name, data), "format": "0"})


def confirm(client, confirm_url, response):
    form = response.context["confirm_form"]
    return client.post(
        confirm_url,
        {
            "import_file_name": form.initial["import_file_name"],
            "original_file_name": form.initial["original_file_name"],
            "format": form.initial["format"],
            "resource": form.initial.get("resource", ""),
        },
    )


def messages_of(response) -> list[str]:
    return [p.message for p in response.context.get("problems", [])]


def import_file(client, url, confirm_url, data: bytes, name="import.csv"):
    """Preview, then confirm; the preview must have no errors."""
    response = preview(client, url, data, name)
    assert response.status_code == 200
    assert response.context.get("confirm_form") is not None, (
        messages_of(response),
        response.context.get("file_errors"),
        response.context["form"].errors if response.context.get("form") else None,
    )
    return confirm(client, confirm_url, response)
