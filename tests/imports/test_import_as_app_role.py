"""An officer import that creates officers works under the production database role (which
may not reset a sequence), and a database refusal never shows its own text on the page."""

import pytest
from django.db import DatabaseError, connection

from exchange_portal.admin_imports import PortalImportMixin
from participants.imports import ParticipantResource
from participants.models import Participant
from tests.imports.helpers import (
    PARTICIPANT_HEADER,
    PARTICIPANTS_CONFIRM_URL,
    PARTICIPANTS_URL,
    csv_bytes,
    import_file,
    officer_row,
)
from tests.test_db_roles import app_role  # noqa: F401 (the fixture)

RAW = "permission denied for sequence participants_participant_id_seq"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_import_creating_officers_succeeds_as_the_app_role(
    client,
    manager,
    epd,
    eo,
    app_role,  # noqa: F811
):
    client.force_login(manager)
    data = csv_bytes(PARTICIPANT_HEADER, [officer_row("10000001"), officer_row("10000002")])
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {app_role}")
    try:
        done = import_file(client, PARTICIPANTS_URL, PARTICIPANTS_CONFIRM_URL, data)
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user")
            assert cursor.fetchone()[0] == app_role  # the whole import ran as the role
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
    assert done.status_code == 302, done.context and done.context.get("file_errors")
    assert set(Participant.objects.values_list("staff_number", flat=True)) == {
        "10000001",
        "10000002",
    }
    # The next officer added after the import gets the next key, as before.
    later = Participant.objects.create(
        staff_number="10000003", name_en="LATER", email="later@example.gov.hk", department=epd
    )
    assert later.pk > max(Participant.objects.exclude(pk=later.pk).values_list("pk", flat=True))


@pytest.mark.django_db
def test_a_database_error_is_told_in_plain_words_not_in_the_databases(manager):
    resource = ParticipantResource(actor=manager)
    [problem] = resource.problems({"Staff number": "10000001"}, 2, DatabaseError(RAW))
    assert RAW not in problem.message
    assert "database refused" in problem.message

    class Result:
        base_errors = [type("Error", (), {"error": DatabaseError(RAW)})()]
        rows = []

    context = PortalImportMixin.result_context(Result())
    assert not any(RAW in e for e in context["file_errors"])
    assert any("database refused" in e for e in context["file_errors"])
