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
    imports = page.context["fields_list"]
    assert f"/admin/{model}/import/template/csv/" in page.text

    # A page with several imports (officers: Hong Kong civil servants, partner-government
    # officers) links one template per import.
    for index, (_name, columns) in enumerate(imports):
        listed = [column for column, _required in columns]
        query = f"?resource={index}" if len(imports) > 1 else ""
        response = client.get(f"/admin/{model}/import/template/csv/{query}")
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        [header] = list(csv.reader(io.StringIO(text)))
        assert header == listed
        if model != "participants/participant":
            assert {"Phase", "Batch"} <= set(header)

        response = client.get(f"/admin/{model}/import/template/xlsx/{query}")
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        assert [cell.value for cell in next(sheet.iter_rows())] == listed
    if model == "participants/participant":
        assert [name for name, _columns in imports] == [
            "Hong Kong civil servants",
            "Partner-government officers",
        ]
        assert "Partner government" in dict(imports[1][1])


def test_a_viewer_may_not_download_a_template(client, django_user_model):
    client.force_login(make_user(django_user_model, "viewer", "csb_viewer"))
    response = client.get("/admin/participants/participant/import/template/csv/")
    assert response.status_code == 403
