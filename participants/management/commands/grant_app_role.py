"""Give the application's database role what it needs and no more (PostgreSQL).

The tables belong to the owner (migration) role that runs `migrate`. The application role, whose
URL the web and worker processes use, gets full DML on the live tables but only SELECT and
INSERT on the change-history tables: it cannot UPDATE, DELETE or TRUNCATE an audit row. Run it
as the owner after every `migrate` (new tables start with no grants). Safe to run any number of
times. `--sql` prints the statements instead of running them. See docs/decisions/0019.
"""

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connections, transaction
from simple_history.models import HistoricalChanges


def history_tables() -> list[str]:
    """Every table of a django-simple-history model (with the many-to-many ones)."""
    return sorted(
        model._meta.db_table for model in apps.get_models() if issubclass(model, HistoricalChanges)
    )


class Command(BaseCommand):
    help = (
        "Grant the application's database role full DML on the live tables and only SELECT and "
        "INSERT on the history tables (PostgreSQL; run as the owner after each migrate)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--app-role", required=True, help="the role the portal connects as")
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--sql", action="store_true", help="print the statements instead of running them"
        )

    def handle(self, *args, app_role, database, sql, **options):
        connection = connections[database]
        if connection.vendor != "postgresql":
            raise CommandError("Database roles are a PostgreSQL matter; nothing to do here.")
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_schema(), current_user")
            schema, owner = cursor.fetchone()
            self._check_role(cursor, app_role, owner)
        role, schema_q = quote(app_role), quote(schema)
        statements = [
            f"GRANT USAGE ON SCHEMA {schema_q} TO {role}",
            f"REVOKE CREATE ON SCHEMA {schema_q} FROM {role}",
            f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema_q} FROM {role}",
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema_q} TO {role}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema_q} TO {role}",
        ]
        for table in history_tables():
            statements.append(f"REVOKE UPDATE, DELETE, TRUNCATE ON {quote(table)} FROM {role}")
        if sql:
            self.stdout.write(";\n".join(statements) + ";")
            return
        with transaction.atomic(using=database), connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        self.stdout.write(
            f"{app_role}: full DML on the live tables; SELECT and INSERT only on "
            f"{len(history_tables())} history tables."
        )

    def _check_role(self, cursor, app_role, owner):
        cursor.execute("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = %s", [app_role])
        found = cursor.fetchone()
        if found is None:
            raise CommandError(
                f"There is no role {app_role!r}. Create it first, e.g. "
                f"CREATE ROLE {app_role} LOGIN PASSWORD '…';"
            )
        if any(found):
            raise CommandError(
                f"{app_role!r} is a superuser (or bypasses row security): no grant can stop it "
                f"rewriting history. Use an ordinary role."
            )
        cursor.execute("SELECT pg_has_role(%s, %s, 'USAGE')", [app_role, owner])
        if app_role == owner or cursor.fetchone()[0]:
            raise CommandError(
                f"{app_role!r} is, or acts as, {owner!r}, the owner of the tables. The portal must "
                f"connect as a role of its own; run this command as the owner."
            )
