"""On PostgreSQL the portal's own database role cannot rewrite the change history: it may read
and add history rows, and change live records, but an UPDATE, DELETE or TRUNCATE of a history
row is refused by the database itself (grant_app_role; docs/decisions/0019)."""

import uuid

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import ProgrammingError, connection
from psycopg import sql

from placements import services
from placements.models import Placement
from tests.conftest import make_user
from tests.placements.factories import PlacementFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

HISTORY = "placements_historicalplacement"
PASSWORD = uuid.uuid4().hex


@pytest.fixture
def app_role():
    """A LOGIN role in the test cluster with the grants of a production app role; dropped
    afterwards with every grant it was given."""
    name = f"ep_app_{uuid.uuid4().hex[:10]}"
    with connection.cursor() as cursor:
        # A password too: CI's PostgreSQL asks for one on 127.0.0.1 (scram), this one trusts.
        cursor.execute(f"CREATE ROLE {name} LOGIN PASSWORD '{PASSWORD}'")
    try:
        call_command("grant_app_role", app_role=name)
        call_command("grant_app_role", app_role=name)  # and again: nothing changes
        yield name
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
            cursor.execute(f"DROP OWNED BY {name}")
            cursor.execute(f"DROP ROLE {name}")


def connect_as(role: str) -> psycopg.Connection:
    params = connection.get_connection_params()
    params["password"] = PASSWORD
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params["user"] = role
    return psycopg.connect(**params, autocommit=True)


def test_the_app_role_adds_history_and_changes_records_but_cannot_rewrite_history(app_role):
    placement = PlacementFactory()
    (first,) = Placement.history.filter(id=placement.pk).values_list("history_id", flat=True)
    columns = [
        c.name
        for c in connection.introspection.get_table_description(connection.cursor(), HISTORY)
        if c.name != "history_id"
    ]
    table = sql.Identifier(HISTORY)
    copy = sql.SQL(", ").join(map(sql.Identifier, columns))
    with connect_as(app_role) as db:
        db.execute(
            "UPDATE placements_placement SET role_title = %s WHERE id = %s",
            ["Policy Adviser", placement.pk],
        )
        db.execute(
            sql.SQL("INSERT INTO {t} ({c}) SELECT {c} FROM {t} WHERE history_id = %s").format(
                t=table, c=copy
            ),
            [first],
        )
        for statement in (
            "UPDATE {t} SET history_change_reason = 'rewritten' WHERE history_id = %s",
            "DELETE FROM {t} WHERE history_id = %s",
            "TRUNCATE {t}",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                query = sql.SQL(statement).format(t=table)
                db.execute(query, [first] if "%s" in statement else None)
    assert Placement.objects.get(pk=placement.pk).role_title == "Policy Adviser"
    assert Placement.history.filter(id=placement.pk).count() == 2
    assert not Placement.history.filter(history_change_reason="rewritten").exists()


def test_the_portal_runs_its_services_as_the_app_role(app_role, django_user_model):
    """The services only ever add history rows, so they work unchanged under the role; the ORM
    cannot rewrite history either."""
    manager = make_user(django_user_model, "manager", "csb_manager")
    placement = PlacementFactory()
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {app_role}")
    try:
        services.placement_confirm(placement=placement, actor=manager)
        assert Placement.history.filter(id=placement.pk).first().history_user == manager
        with pytest.raises(ProgrammingError, match="permission denied"):
            Placement.history.filter(id=placement.pk).update(history_change_reason="rewritten")
        with pytest.raises(ProgrammingError, match="permission denied"):
            Placement.history.filter(id=placement.pk).delete()
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
    assert Placement.objects.get(pk=placement.pk).status == "confirmed"


def test_the_command_refuses_a_role_that_could_rewrite_history():
    with pytest.raises(CommandError, match="superuser"):
        call_command("grant_app_role", app_role="postgres")
    with pytest.raises(CommandError, match="no role"):
        call_command("grant_app_role", app_role=f"missing_{uuid.uuid4().hex[:8]}")
