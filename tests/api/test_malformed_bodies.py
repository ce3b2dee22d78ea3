"""Bodies no JSON reader should choke on are a 400 in the API's one error shape."""

import pytest
from django.urls import reverse

from tests.programmes.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_deeply_nested_json_is_a_400_not_a_500(api):
    programme = ProgrammeFactory()
    manager = api("csb_manager")
    url = reverse("api:programme-detail", args=[programme.pk])
    etag = manager.get(url)["ETag"]
    response = manager.generic(
        "PATCH", url, "[" * 100_000, content_type="application/json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "parse_error"
    assert "nested" in body["detail"]
