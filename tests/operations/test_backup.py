"""Backup and restore (`manage.py backup`, `manage.py restore`) on the database the suite runs
on: SQLite by default, PostgreSQL (pg_dump/pg_restore) when DATABASE_URL points at it."""

import datetime
import hashlib
import json
import shutil
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from figures.selectors import count_dashboard_figures
from notifications.models import OutboundEmail
from operations import backup as backup_module
from participants.models import Participant
from placements.models import Placement, PlacementReport
from tests.conftest import make_user
from tests.participants.factories import ParticipantFactory
from tests.placements.factories import PlacementFactory
from tests.programmes.factories import CohortFactory

# The tables whose content the round trip must keep: our apps (with their history tables and
# many-to-many tables) and the sign-in accounts.
CHECKED_APPS = {"participants", "programmes", "placements", "notifications", "auth"}


def table_checksums() -> dict[str, tuple[int, str]]:
    """{table: (rows, sha256)}, read with plain SQL (independent of the code under test): every
    column of every row, rows in primary-key order."""
    result = {}
    models = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in CHECKED_APPS and not model._meta.proxy
    ]
    with connection.cursor() as cursor:
        for model in models:
            table = connection.ops.quote_name(model._meta.db_table)
            pk = connection.ops.quote_name(model._meta.pk.column)
            cursor.execute(f"SELECT * FROM {table} ORDER BY {pk}")  # noqa: S608 (model names)
            rows = cursor.fetchall()
            digest = hashlib.sha256("\n".join(repr(row) for row in rows).encode()).hexdigest()
            result[model._meta.db_table] = (len(rows), digest)
    return result


def run(command, *args):
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def populated(django_user_model):
    """The demo data, a CSB viewer and an outbox message."""
    run("load_demo_data")
    viewer = make_user(django_user_model, "viewer", "csb_viewer")
    OutboundEmail.objects.create(
        event="placement_confirmed", to_email="chan@example.gov.hk", subject="S", body="B"
    )
    return viewer


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_every_row_and_the_restored_database_serves_the_dashboard(
    populated, tmp_path, client
):
    before = table_checksums()
    figures = count_dashboard_figures()
    assert before["participants_participant"][0] > 30
    assert before["placements_historicalplacement"][0] > 30
    dump = tmp_path / "portal.backup"

    output = run("backup", "--output", str(dump))

    assert "Backed up" in output
    assert (dump.stat().st_mode & 0o777) == 0o600  # personal data: owner only
    # Change, delete and add rows in the live tables, the history and the accounts.
    Participant.objects.update(name_en="OVERWRITTEN")
    PlacementReport.objects.all().delete()
    Placement.history.model.objects.filter(history_type="+").delete()
    OutboundEmail.objects.all().delete()
    ParticipantFactory(name_en="ADDED AFTER THE BACKUP")
    populated.groups.clear()
    changed = table_checksums()
    for table in (
        "participants_participant",
        "placements_placementreport",
        "placements_historicalplacement",
        "notifications_outboundemail",
        "auth_user_groups",
    ):
        assert changed[table] != before[table], table

    output = run("restore", str(dump), "--yes")

    assert "match the manifest" in output
    assert table_checksums() == before
    client.force_login(populated)
    response = client.get(reverse("staff:dashboard"))
    assert response.status_code == 200
    assert response.context["figures"] == figures
    assert f">{figures['away_now']}<" in response.content.decode().replace(" ", "")


@pytest.mark.django_db(transaction=True)
def test_a_restore_drops_the_figures_counted_from_the_data_it_replaced(populated, tmp_path, client):
    client.force_login(populated)
    url = reverse("staff:dashboard")
    client.get(url)  # the session's first request writes its last-seen time
    dump = tmp_path / "portal.backup"
    run("backup", "--output", str(dump))
    before = client.get(url).context["figures"]
    today = timezone.localdate()
    cohort = CohortFactory(start_date=today, end_date=today + datetime.timedelta(days=90))
    PlacementFactory(nomination__cohort=cohort, status=Placement.Status.CONFIRMED)
    assert client.get(url).context["figures"]["away_now"] == before["away_now"] + 1

    run("restore", str(dump), "--yes")

    assert client.get(url).context["figures"] == before


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_without_yes_when_nobody_can_be_asked(populated, tmp_path):
    dump = tmp_path / "portal.backup"
    run("backup", "--output", str(dump))
    Participant.objects.update(name_en="KEPT")

    with pytest.raises(CommandError, match="pass --yes"):
        run("restore", str(dump))

    assert set(Participant.objects.values_list("name_en", flat=True)) == {"KEPT"}


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_file_that_is_not_a_backup_of_this_database(populated, tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("not a backup\n")
    other_kind = tmp_path / "other.backup"
    # A backup of the other kind of database: only its first bytes matter.
    other_magic = (
        backup_module.SQLITE_MAGIC
        if connection.vendor == "postgresql"
        else backup_module.POSTGRESQL_MAGIC
    )
    other_kind.write_bytes(other_magic + b"\0" * 100)
    before = table_checksums()

    with pytest.raises(CommandError, match="is not a backup of this"):
        run("restore", str(text), "--yes")
    with pytest.raises(CommandError, match=r"it is (an SQLite file|a PostgreSQL custom-format)"):
        run("restore", str(other_kind), "--yes")
    with pytest.raises(CommandError, match="does not exist"):
        run("restore", str(tmp_path / "missing.backup"), "--yes")

    assert table_checksums() == before


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_damaged_backup_or_one_without_its_manifest(populated, tmp_path):
    dump = tmp_path / "portal.backup"
    run("backup", "--output", str(dump))
    manifest = backup_module.manifest_path(dump)
    before = table_checksums()

    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="has changed since it was written"):
        run("restore", str(dump), "--yes")

    manifest.unlink()
    with pytest.raises(CommandError, match=r"manifest\.json is missing"):
        run("restore", str(dump), "--yes")

    assert table_checksums() == before


@pytest.mark.django_db(transaction=True)
def test_restore_fails_loudly_when_the_restored_tables_differ_from_the_manifest(
    populated, tmp_path
):
    dump = tmp_path / "portal.backup"
    run("backup", "--output", str(dump))
    manifest = backup_module.manifest_path(dump)
    written = json.loads(manifest.read_text())
    written["tables"]["participants_participant"]["rows"] += 1
    written["tables"]["placements_placement"]["sha256"] = "0" * 64
    manifest.write_text(json.dumps(written))

    with pytest.raises(CommandError) as refused:
        run("restore", str(dump), "--yes")

    message = str(refused.value)
    assert "does not match the backup's manifest" in message
    assert "participants_participant: " in message and "rows in the backup" in message
    assert "placements_placement: same" in message and "different content" in message


def test_the_database_password_reaches_pg_tools_by_environment_only():
    arguments, environment = backup_module._libpq(
        {
            "NAME": "portal",
            "USER": "portal_app",
            "PASSWORD": "s3cret-Pa55",
            "HOST": "db.internal",
            "PORT": 5433,
            "OPTIONS": {"sslmode": "require"},
        }
    )
    assert not any("s3cret" in argument for argument in arguments)
    assert environment["PGPASSWORD"] == "s3cret-Pa55"
    assert environment["PGSSLMODE"] == "require"
    assert arguments[-2:] == ["--dbname", "portal"]
    assert arguments[arguments.index("--host") :][:2] == ["--host", "db.internal"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_backup_says_clearly_when_pg_dump_is_missing_or_too_old(tmp_path, monkeypatch):
    assert shutil.which("pg_dump"), "CI installs the PostgreSQL client tools"
    monkeypatch.setattr(backup_module.shutil, "which", lambda name: None)
    with pytest.raises(CommandError, match=r"pg_dump was not found on PATH.*version 1[0-9]"):
        run("backup", "--output", str(tmp_path / "a.dump"))
    monkeypatch.undo()

    # A server newer than the client tools (pg_version is cached on the connection).
    monkeypatch.setitem(connections["default"].__dict__, "pg_version", 990000)
    with pytest.raises(CommandError, match="database server is PostgreSQL 99"):
        run("backup", "--output", str(tmp_path / "b.dump"))
    assert not (tmp_path / "b.dump").exists()
