"""The OpenAPI description validates with no warning (also `make check`), and the pages that
show it are served from our own static files, with the CSP nonce on their inline script."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_schema_generates_and_validates_without_a_warning(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    assert "/api/v1/placements/{id}/transitions/{name}/:" in text
    assert "'412':" in text and "tokenAuth" in text


@pytest.mark.parametrize("name", ["api:docs", "api:redoc"])
def test_the_documentation_pages_load_nothing_from_elsewhere(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert f'<script nonce="{nonce}">' in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "/static/drf_spectacular_sidecar/" in html


def test_the_schema_is_public_and_holds_no_records(client, django_user_model):
    from tests.participants.factories import ParticipantFactory

    ParticipantFactory(name_en="SECRET Officer")
    response = client.get(reverse("api:schema"))
    assert response.status_code == 200
    assert b"SECRET" not in response.content
