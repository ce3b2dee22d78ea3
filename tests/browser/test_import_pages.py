"""The admin's import preview, as a user reaches it (choose a file, Preview), passes axe-core
and the CSP in each language: the preview of a good file with its confirmation, and the
preview of a file with errors."""

from __future__ import annotations

import pytest

from tests.browser.pages import LANGUAGES
from tests.browser.test_accessibility import AXE, AXE_OPTIONS, describe_violations
from tests.imports.helpers import PARTICIPANT_HEADER, csv_bytes, officer_row
from tests.test_access_matrix import HR

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def upload(visitor, language, data: bytes):
    visit = visitor.visit("/admin/participants/participant/import/", HR, language)
    assert visit.status == 200
    page = visitor.page
    page.set_input_files(
        "input[type=file]",
        files=[{"name": "officers.csv", "mimeType": "text/csv", "buffer": data}],
    )
    page.click("input[type=submit]")
    page.wait_for_load_state("load")
    return page


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", ["good", "errors"])
def test_import_previews_pass_axe_and_the_csp(visitor, world, language, kind):
    department = world["objects"]["participants.department"].code
    grade = world["objects"]["participants.grade"].code
    rows = [officer_row("40000001", Department=department, Grade=grade)]
    if kind == "errors":
        rows.append(officer_row("40000002", Department=department, Grade="XYZ"))
    page = upload(visitor, language, csv_bytes(PARTICIPANT_HEADER, rows))
    text = page.inner_text("#content")
    if kind == "good":
        assert page.locator("input[name=confirm]").count() == 1
    else:
        assert "XYZ" in text and page.locator("input[name=confirm]").count() == 0
    csp = page.evaluate("() => window.__csp || []")
    assert not csp, csp
    violations = AXE.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, describe_violations(f"import preview ({kind}, {language})", violations)
