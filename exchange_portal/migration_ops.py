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


class AddConstraintKeepingPostgresIndexes(migrations.AddConstraint):
    """AddConstraint on a table with a PostgreSQL-only index (a GIN trigram index). SQLite adds
    a constraint by rebuilding the table from its state, which would try to create that index;
    the rebuild leaves it out, as the migration that made it does on SQLite."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        if schema_editor.connection.vendor == "sqlite":
            model._meta.indexes = [
                index for index in model._meta.indexes if not isinstance(index, GinIndex)
            ]
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            schema_editor.add_constraint(model, self.constraint)
