"""A fingerprint of a table: its row count and a checksum of its content.

The checksum hashes a canonical text of every column of every row, rows in primary-key order,
read through the ORM (so the same data gives the same text whatever the driver returns). Two
databases with equal fingerprints hold the same rows with the same values. Backup writes the
fingerprints of every table into its manifest; restore recomputes them and compares.
"""

from __future__ import annotations

import datetime
import decimal
import hashlib
import json
import uuid
from collections.abc import Iterable

from django.apps import apps
from django.db import models

FIELD_SEPARATOR = "\x1f"
ROW_SEPARATOR = "\x1e"
NULL = "\\N"
CHUNK = 2000


def _aware(value: datetime.datetime) -> str:
    # Aware datetimes compare in UTC whatever zone the driver hands back.
    if value.tzinfo is not None:
        value = value.astimezone(datetime.UTC)
    return value.isoformat()


def _json(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


# One function per type, looked up by exact type: the checksum reads every value of every row,
# so this is the hot path of a backup.
_BY_TYPE = {
    str: str,
    int: str,
    type(None): lambda value: NULL,
    bool: lambda value: "t" if value else "f",
    float: repr,
    datetime.datetime: _aware,
    datetime.date: datetime.date.isoformat,
    datetime.time: datetime.time.isoformat,
    decimal.Decimal: lambda value: format(value.normalize(), "f"),
    bytes: bytes.hex,
    memoryview: lambda value: bytes(value).hex(),
    dict: _json,
    list: _json,
    uuid.UUID: str,
}


def canonical(value) -> str:
    """One column's value as text that differs whenever the value does."""
    convert = _BY_TYPE.get(type(value))
    return convert(value) if convert is not None else repr(value)


def stored_models(app_labels: Iterable[str] | None = None) -> list[type[models.Model]]:
    """Every model with a table of its own (many-to-many tables included), optionally only of
    some apps, in a stable order."""
    wanted = set(app_labels) if app_labels is not None else None
    chosen = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
        and not model._meta.proxy
        and (wanted is None or model._meta.app_label in wanted)
    ]
    return sorted(chosen, key=lambda model: model._meta.db_table)


def fingerprint(model: type[models.Model], using: str = "default") -> dict:
    """{"rows": n, "sha256": hex} of one model's table."""
    columns = [field.attname for field in model._meta.concrete_fields]
    digest = hashlib.sha256()
    rows = 0
    queryset = model._base_manager.using(using).order_by("pk").values_list(*columns)
    for row in queryset.iterator(chunk_size=CHUNK):
        digest.update(FIELD_SEPARATOR.join(canonical(value) for value in row).encode("utf-8"))
        digest.update(ROW_SEPARATOR.encode("utf-8"))
        rows += 1
    return {"rows": rows, "sha256": digest.hexdigest()}


def fingerprints(models_: Iterable[type[models.Model]] | None = None, using="default") -> dict:
    """{db_table: fingerprint} for the given models (default: every stored model)."""
    return {
        model._meta.db_table: fingerprint(model, using)
        for model in (stored_models() if models_ is None else models_)
    }


def differences(expected: dict, actual: dict) -> list[str]:
    """Human-readable lines, one per table whose fingerprint differs (empty when equal)."""
    lines = []
    for table in sorted(set(expected) | set(actual)):
        before, after = expected.get(table), actual.get(table)
        if before == after:
            continue
        if before is None:
            lines.append(f"{table}: not in the backup's manifest")
        elif after is None:
            lines.append(f"{table}: missing from the restored database")
        elif before["rows"] != after["rows"]:
            lines.append(f"{table}: {before['rows']} rows in the backup, {after['rows']} restored")
        else:
            lines.append(f"{table}: same {after['rows']} rows but different content")
    return lines
