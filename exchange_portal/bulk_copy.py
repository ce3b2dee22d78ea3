"""New rows and their history rows written with PostgreSQL's COPY (docs/decisions/0028).

`bulk_create` on PostgreSQL compiles an INSERT … SELECT * FROM UNNEST(…) value by value, and
simple-history then builds and bulk-creates a historical instance per row: for a 10,000-officer
import most of the confirmation's time was that Python work (docs/performance.md, "Import").
COPY takes the rows as they are: the keys come from the table's sequence in one query, then
the rows and their "+" history rows (who, when, why and the request id, as the model signal
would write them) are streamed to the server. Other databases, and any model whose history is
not the plain kind, go through `bulk_create_with_history` as before.

Call inside the caller's transaction: COPY is a statement of it, so a failure undoes all.
"""

from __future__ import annotations

from django.db import connections, models, router
from django.utils import timezone
from psycopg import sql
from simple_history.utils import bulk_create_with_history

from . import request_id

PLAIN_FIELDS = (models.CharField, models.TextField, models.IntegerField, models.ForeignKey)


def copy_create_with_history(objects: list, model, *, user, reason: str) -> None:
    """Insert `objects` (new, unsaved instances of `model`) and a creation history row each.
    The instances get their primary keys, as with `bulk_create`."""
    if not objects:
        return
    alias = router.db_for_write(model)
    connection = connections[alias]
    if connection.vendor != "postgresql":
        bulk_create_with_history(
            objects,
            model,
            default_user=user,
            default_change_reason=reason,
            custom_historical_attrs=history_attrs(model),
        )
        return
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(objects)],
        )
        keys = [row[0] for row in cursor.fetchall()]
    # Text, numbers and keys go to psycopg as they are; other fields (dates set on save, …)
    # through Django's preparation, as bulk_create would.
    plain = [isinstance(f, PLAIN_FIELDS) for f in fields]
    rows = []
    for instance, key in zip(objects, keys, strict=True):
        instance.pk = key
        row = [key]
        for field, is_plain in zip(fields, plain, strict=True):
            if is_plain:
                row.append(getattr(instance, field.attname))
            else:
                row.append(field.get_db_prep_save(field.pre_save(instance, True), connection))
        rows.append(row)
    history = model.history.model
    extra = {
        "history_date": timezone.now(),
        "history_change_reason": reason,
        "history_type": "+",
        "history_user_id": getattr(user, "pk", None),
        "request_id": request_id.current(),
    }
    columns = {f.attname: f.column for f in history._meta.concrete_fields}
    extra = {name: value for name, value in extra.items() if name in columns}
    history_columns = [meta.pk.column, *(f.column for f in fields)]
    history_columns += [columns[name] for name in extra]
    extra_values = list(extra.values())
    with connection.cursor() as cursor:
        raw = cursor.cursor
        _copy(raw, meta.db_table, [meta.pk.column, *(f.column for f in fields)], rows)
        _copy(raw, history._meta.db_table, history_columns, (r + extra_values for r in rows))
    for instance in objects:
        instance._state.adding = False
        instance._state.db = alias


def history_attrs(model) -> dict:
    """What the history signal adds to each history row and the bulk paths of simple-history
    do not: the id of the request, command or task that wrote it."""
    history = model.history.model
    if any(f.attname == "request_id" for f in history._meta.concrete_fields):
        return {"request_id": request_id.current()}
    return {}


def _copy(cursor, table: str, columns: list[str], rows) -> None:
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    with cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
