"""A list's page read as plain rows (`QuerySet.values()`) and shown exactly as its read
serializer shows each record, without building the model instances and their related records
(decision 0048). The serializer stays the description of the record (the OpenAPI schema, a
single record, the ETag); this reads the same fields the cheap way, and a test holds the two to
the same output.

Each field is read from its column or, for a reference (`participant.name_en`), from the
related record's column through the join; a list of references (`focus_areas`) with one query
for the page. DRF's own `to_representation` formats what needs it (dates, times, decimals);
text, numbers, booleans and choices go out as the database gave them, as DRF would. A
serializer with a field that cannot be read so (a method field, a nested serializer, a property)
gets no reader (`RowReader.for_serializer` returns None) and the list goes through the
serializer as before.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime
from functools import partial

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import connections, models
from django.db.models import OuterRef
from django.utils import timezone
from rest_framework import ISO_8601, serializers
from rest_framework.settings import api_settings

# Fields (these classes exactly, not subclasses) whose value DRF shows as the database gives
# it: text as text, a number as the number, a choice as its stored value, a reference as its id.
AS_STORED = {
    serializers.CharField,
    serializers.ChoiceField,
    serializers.IntegerField,
    serializers.BigIntegerField,
    serializers.BooleanField,
    serializers.PrimaryKeyRelatedField,
}


def _column(model, source: str) -> str | None:
    """The values() path of a dotted source made of model fields only (a reference's last
    step is its id), or None."""
    parts = source.split(".")
    for position, part in enumerate(parts):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        last = position == len(parts) - 1
        if field.many_to_many or field.one_to_many:
            return None
        if not last:
            if not field.is_relation:
                return None
            model = field.related_model
        elif not field.concrete:
            return None
    return "__".join(parts)


def _ids_array(m2m):
    """The ids a row's many-to-many field `m2m` refers to, in the related model's order, as a
    PostgreSQL array."""
    from django.contrib.postgres.expressions import ArraySubquery

    related = m2m.related_model._default_manager.filter(
        **{m2m.related_query_name(): OuterRef("pk")}
    )
    return ArraySubquery(related.values("pk"))


def _iso_date(drf: Callable, value):
    """A date as DRF's DateField shows it in ISO 8601."""
    return value.isoformat() if type(value) is date else drf(value)


def _iso_datetime(drf: Callable, zone, value):
    """An aware time as DRF's DateTimeField shows it in ISO 8601 in the current time zone
    (UTC written Z); anything else through DRF itself."""
    if type(value) is not datetime or value.tzinfo is None:
        return drf(value)
    shown = value.astimezone(zone).isoformat()
    return shown[:-6] + "Z" if shown.endswith("+00:00") else shown


class RowReader:
    def __init__(self, fields, formats):
        self.fields = fields  # [(output name, values() path, or the m2m field)]
        self.formats = formats  # {output name: to_representation}
        self.iso: dict[str, type] = {}  # {output name: DateField or DateTimeField} in ISO 8601

    @classmethod
    def for_serializer(cls, serializer_class) -> RowReader | None:
        model = serializer_class.Meta.model
        fields, formats = [], {}
        for name, field in serializer_class().fields.items():
            if isinstance(field, serializers.ManyRelatedField):
                relation = field.child_relation
                if type(relation) is not serializers.PrimaryKeyRelatedField or relation.pk_field:
                    return None
                try:
                    m2m = model._meta.get_field(field.source)
                except FieldDoesNotExist:
                    return None
                if not isinstance(m2m, models.ManyToManyField):
                    return None
                fields.append((name, m2m))
                continue
            if isinstance(field, serializers.SerializerMethodField | serializers.BaseSerializer):
                return None
            column = _column(model, field.source)
            if column is None or getattr(field, "pk_field", None):
                return None
            if type(field) not in AS_STORED:
                formats[name] = field.to_representation
            fields.append((name, column))
        reader = cls(fields, formats)
        reader.iso = {
            name: type(field)
            for name, field in serializer_class().fields.items()
            if type(field) in (serializers.DateField, serializers.DateTimeField)
            and getattr(field, "format", None) is None
            and str(getattr(api_settings, f"{type(field).__name__[:-5].upper()}_FORMAT")).lower()
            == ISO_8601
            and not hasattr(field, "timezone")
        }
        return reader

    def formats_for_read(self) -> dict[str, Callable]:
        """The formats of this read: DRF's own, but for dates and times in ISO 8601 (the
        default), shown as DRF shows them with the time zone looked up once for the page
        instead of once a value (a fifth of the list's time went to that)."""
        formats = dict(self.formats)
        zone = timezone.get_current_timezone() if settings.USE_TZ else None
        for name, kind in self.iso.items():
            drf = self.formats[name]
            if kind is serializers.DateField:
                formats[name] = partial(_iso_date, drf)
            elif zone is not None:
                formats[name] = partial(_iso_datetime, drf, zone)
        return formats

    def read(self, queryset) -> list[dict]:
        """The rows of `queryset` (a page: sliced, filtered and ordered) as the serializer
        shows them. One query, and one more per list of references."""
        paths = [path for _name, path in self.fields if isinstance(path, str)]
        many = [(name, m2m) for name, m2m in self.fields if not isinstance(m2m, str)]
        queryset = queryset.prefetch_related(None)
        arrays = {}
        if many and connections[queryset.db].vendor == "postgresql":
            # On PostgreSQL each list of references is an array in the same row (a subquery on
            # the link table per row), so the page is one query.
            arrays = {f"_{name}": _ids_array(m2m) for name, m2m in many}
            queryset = queryset.annotate(**arrays)
            many = []
        columns = ["pk", *paths, *arrays]
        rows = list(queryset.values_list(*columns))
        formats = self.formats_for_read()
        # Each field's place in the row and its format (None: as stored; `list` for an array,
        # which a record without references gives as NULL).
        plan = [
            (name, columns.index(path), formats.get(name))
            if isinstance(path, str)
            else (name, columns.index(f"_{name}") if f"_{name}" in arrays else None, list)
            for name, path in self.fields
        ]
        shown = []
        for row in rows:
            record = {}
            for name, at, shown_as in plan:
                if shown_as is list:
                    record[name] = (row[at] if at is not None else None) or []
                    continue
                value = row[at]
                if value is not None and shown_as is not None:
                    value = shown_as(value)
                record[name] = value
            shown.append(record)
        if rows and many:
            keys = [row[0] for row in rows]
            for name, m2m in many:
                by_record = defaultdict(list)
                reverse = m2m.related_query_name()
                related = m2m.related_model._default_manager.filter(**{f"{reverse}__in": keys})
                for record_key, key in related.values_list(reverse, "pk"):
                    by_record[record_key].append(key)
                for record, key in zip(shown, keys, strict=True):
                    record[name] = by_record[key]
        return shown
