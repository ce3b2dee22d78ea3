"""Migration operations of our own."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations


class AddIndexConcurrentlyOnPostgres(AddIndexConcurrently):
    """CREATE INDEX CONCURRENTLY on PostgreSQL (no lock that blocks writes while it builds); on
    SQLite, which has no such thing and whose tables are small, a plain CREATE INDEX."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        model = to_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            schema_editor.add_index(model, self.index)
        return None

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            return super().database_backwards(app_label, schema_editor, from_state, to_state)
        model = from_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            schema_editor.remove_index(model, self.index)
        return None


class AddPostgresOnlyIndexConcurrently(AddIndexConcurrently):
    """CREATE INDEX CONCURRENTLY of an index only PostgreSQL has (a GIN trigram index); nothing
    on other databases, where the same queries run without it."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class AddFieldInPlace(migrations.AddField):
    """AddField of a column with a constant default, added in place on SQLite too (ALTER TABLE
    ADD COLUMN). SQLite's AddField otherwise rebuilds a table with a NOT NULL column, and the
    rebuild would create the PostgreSQL-only trigram indexes of the table's state."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "sqlite":
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        model = to_state.apps.get_model(app_label, self.model_name)
        field = model._meta.get_field(self.name)
        definition, params = schema_editor.column_sql(model, field, include_default=True)
        quote = schema_editor.quote_name
        schema_editor.execute(
            f"ALTER TABLE {quote(model._meta.db_table)} ADD COLUMN {quote(field.column)} "
            f"{definition}",
            params,
        )


class _WithoutPostgresIndexesOnSqlite:
    """On SQLite, the operation's table rebuild (adding a constraint, adding or dropping a
    foreign key) is made from the model's state, which holds the PostgreSQL-only GIN trigram
    index; the rebuild leaves it out, as the migration that made it does on SQLite."""

    def _strip(self, app_label, schema_editor, *states):
        if schema_editor.connection.vendor != "sqlite":
            return
        for state in states:
            model = state.apps.get_model(app_label, self.model_name)
            model._meta.indexes = [
                index for index in model._meta.indexes if not isinstance(index, GinIndex)
            ]

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        self._strip(app_label, schema_editor, from_state, to_state)
        super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        self._strip(app_label, schema_editor, from_state, to_state)
        super().database_backwards(app_label, schema_editor, from_state, to_state)


class AddConstraintKeepingPostgresIndexes(
    _WithoutPostgresIndexesOnSqlite, migrations.AddConstraint
):
    """AddConstraint (a check) on a table with a PostgreSQL-only index."""


class AddFieldKeepingPostgresIndexes(_WithoutPostgresIndexesOnSqlite, migrations.AddField):
    """AddField of a foreign key (without an index) on a table with a PostgreSQL-only index:
    going back, SQLite drops a foreign key column by rebuilding the table."""


class AddUniqueConstraintConcurrently(migrations.operations.base.Operation):
    """A partial UniqueConstraint (one with a condition, which PostgreSQL keeps as a unique
    index) built with CREATE UNIQUE INDEX CONCURRENTLY, so the table stays writable; in a
    non-atomic migration. On SQLite a plain CREATE UNIQUE INDEX."""

    reversible = True

    def __init__(self, model_name, constraint):
        self.model_name = model_name
        self.constraint = constraint

    def state_forwards(self, app_label, state):
        state.add_constraint(app_label, self.model_name.lower(), self.constraint)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        if schema_editor.connection.vendor == "postgresql":
            sql = str(self.constraint.create_sql(model, schema_editor))
            schema_editor.execute(
                sql.replace("CREATE UNIQUE INDEX", "CREATE UNIQUE INDEX CONCURRENTLY", 1)
            )
        else:
            schema_editor.add_constraint(model, self.constraint)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        model = from_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            schema_editor.remove_constraint(model, self.constraint)

    def describe(self):
        return f"Create unique index {self.constraint.name} concurrently on {self.model_name}"

    def deconstruct(self):
        return (
            self.__class__.__name__,
            [],
            {"model_name": self.model_name, "constraint": self.constraint},
        )


class RemovePostgresOnlyIndexConcurrently(AddPostgresOnlyIndexConcurrently):
    """DROP INDEX CONCURRENTLY of an index only PostgreSQL has (the reverse of
    AddPostgresOnlyIndexConcurrently, e.g. to build it again over other columns); nothing on
    other databases."""

    def state_forwards(self, app_label, state):
        state.remove_index(app_label, self.model_name_lower, self.index.name)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        super().database_backwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        super().database_forwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return f"Drop index {self.index.name} concurrently on {self.model_name}"

    @property
    def migration_name_fragment(self):
        return f"remove_{self.model_name_lower}_{self.index.name.lower()}"
