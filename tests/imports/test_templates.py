"""Each import page links a template: an empty CSV or XLSX whose row 1 names every column the
import reads, Phase and Batch included; whoever may import may download it, nobody else."""

import csv
import io

import pytest
from openpyxl import load_workbook

from tests.conftest import make_user

pytestmark = pytest.mark.django_db

MODELS = ["participants/participant", "placements/nomination", "placements/placement"]


@pytest.mark.parametrize("model", MODELS)
def test_the_csv_and_xlsx_templates_list_every_column_the_import_reads(
    client, django_user_model, model
):
    client.force_login(make_user(django_user_model, "manager", "csb_manager"))
    page = client.get(f"/admin/{model}/import/")
    listed = [column for _name, columns in page.context["fields_list"] for column, _r in columns]
    assert f"/admin/{model}/import/template/csv/" in page.text

    response = client.get(f"/admin/{model}/import/template/csv/")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    [header] = list(csv.reader(io.StringIO(text)))
    assert header == listed
    if model != "participants/participant":
        assert {"Phase", "Batch"} <= set(header)

    response = client.get(f"/admin/{model}/import/template/xlsx/")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [cell.value for cell in next(sheet.iter_rows())] == listed


def test_a_viewer_may_not_download_a_template(client, django_user_model):
    client.force_login(make_user(django_user_model, "viewer", "csb_viewer"))
    response = client.get("/admin/participants/participant/import/template/csv/")
    assert response.status_code == 403
