"""The base of the portal's django-import-export resources: human column headers, related
records named by their natural keys, one error per fault naming the spreadsheet row (the header
is row 1), the column, the value and the rule; rows whose values equal the stored ones are
reported "unchanged" and not written (so importing a file twice changes nothing); and the whole
file is one transaction. See docs/decisions/0017-imports.md.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export import resources, widgets
from import_export.results import RowResult

from ..roles import department_scope
from .files import VALUE_SHOWN, ImportFileError

# What an import page says of an error of the database; its own text is for the log only.
DATABASE_REFUSED = _(
    "The database refused the rows (someone may have changed the same records since the "
    "preview). Nothing was imported; upload the file again."
)


def shown(value) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= VALUE_SHOWN else text[: VALUE_SHOWN - 1] + "…"


@dataclass(frozen=True)
class Problem:
    """One fault of one row: where it is (as the user sees the sheet) and which rule it breaks."""

    row: int
    columns: tuple[str, ...]
    value: str
    rule: str

    @property
    def message(self) -> str:
        if not self.columns:
            return str(_("Row %(row)s: %(rule)s") % {"row": self.row, "rule": self.rule})
        return str(
            ngettext(
                "Row %(row)s, column %(columns)s, value '%(value)s': %(rule)s",
                "Row %(row)s, columns %(columns)s, value '%(value)s': %(rule)s",
                len(self.columns),
            )
            % {
                "row": self.row,
                "columns": ", ".join(f"'{c}'" for c in self.columns),
                "value": shown(self.value),
                "rule": self.rule,
            }
        )

    def __str__(self):
        return self.message


# Widgets ---------------------------------------------------------------------------------------


class NaturalKeyWidget(widgets.ForeignKeyWidget):
    """A related record named by its natural key (a code), looked up in one query per import
    (the reference tables are small) rather than one per row. `may_use(obj)` can refuse a
    record the importing user may not use, with a message."""

    missing_message = _("no %(noun)s has the code '%(key)s'.")

    def __init__(self, model, field="code", *, noun, queryset=None, **kwargs):
        super().__init__(model, field=field, **kwargs)
        self.noun = noun
        self.queryset = queryset
        self._by_key = None
        self.may_use = None

    def all_records(self):
        return self.queryset if self.queryset is not None else self.model._default_manager.all()

    def preload(self, keys) -> None:
        """Load only the records these keys name (for large tables such as officers)."""
        keys = sorted({str(k).strip() for k in keys if str(k).strip()})
        self._by_key = {}
        for start in range(0, len(keys), 1000):
            chunk = keys[start : start + 1000]
            for obj in self.all_records().filter(**{f"{self.field}__in": chunk}):
                self._by_key[str(getattr(obj, self.field))] = obj

    def lookup(self, key):
        if self._by_key is None:
            self._by_key = {str(getattr(obj, self.field)): obj for obj in self.all_records()}
        return self._by_key.get(key)

    def clean(self, value, row=None, **kwargs):
        key = str(value or "").strip()
        if not key:
            return None
        obj = self.lookup(key)
        if obj is None:
            raise ValueError(self.missing_message % {"noun": self.noun, "key": key})
        if self.may_use is not None:
            self.may_use(obj)
        return obj

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else getattr(value, self.field)


class ChoiceWidget(widgets.CharWidget):
    """A choice typed as its stored value or its English label, in any case."""

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.choices = choices
        self.by_text = {}
        for value, label in choices:
            self.by_text[str(value).lower()] = value
            self.by_text[str(label).lower()] = value

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return ""
        try:
            return self.by_text[text.lower()]
        except KeyError:
            allowed = ", ".join(str(v) for v, _label in self.choices)
            raise ValueError(_("must be one of: %(allowed)s.") % {"allowed": allowed}) from None


class TextWidget(widgets.CharWidget):
    """Text as typed, without the spaces around it; never None."""

    def clean(self, value, row=None, **kwargs):
        return "" if value is None else str(value).strip()


class PositiveIntegerWidget(widgets.IntegerWidget):
    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return None
        if not text.isdigit():
            raise ValueError(_("must be a whole number such as 1 or 2."))
        return int(text)


class DateWidget(widgets.DateWidget):
    """A date typed as YYYY-MM-DD (as exports write it) or DD/MM/YYYY, or a date cell."""

    FORMATS = ("%Y-%m-%d", "%d/%m/%Y")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = str(value or "").strip()
        if not text:
            return None
        for form in self.FORMATS:
            try:
                return datetime.datetime.strptime(text, form).date()
            except ValueError:
                continue
        raise ValueError(_("is not a date; write it as 2025-12-31 or 31/12/2025."))


# Resources -------------------------------------------------------------------------------------

# How many column names a message about the header repeats.
COLUMNS_SHOWN = 10


def _named(columns: list[str]) -> str:
    """Column names for a message, the first few of a long list and how many more."""
    named = ", ".join(f"'{shown(c)}'" for c in columns[:COLUMNS_SHOWN])
    if len(columns) > COLUMNS_SHOWN:
        named = _("%(columns)s and %(count)s more") % {
            "columns": named,
            "count": f"{len(columns) - COLUMNS_SHOWN:,}",
        }
    return named


class PortalResource(resources.ModelResource):
    """The base of the portal's import resources.

    Subclasses declare their fields with human `column_name`s and natural-key widgets, and set:
    - `key_columns`: the columns that name the record (for "this row repeats row N" and for
      errors about the row as a whole);
    - `extra_columns`: columns read by a field's widget besides the field's own column;
    - `error_columns`: model field name → the columns an error on that field points at, where
      the field is not simply one column (e.g. a cohort named by programme, phase and batch);
    - `constraint_columns`: model constraint name → the columns it is about;
    - `required_columns`: columns the file must have;
    - `renamed_columns`: a column's former name → its name now, so that files made before the
      rename still import (read as the new column when the file has not that one too).
    They write through the services (override `save_instance`) or, for bulk imports, through
    their own batch writes inside the same transaction.
    """

    key_columns: tuple[str, ...] = ()
    extra_columns: tuple[str, ...] = ()
    required_columns: tuple[str, ...] = ()
    error_columns: dict[str, tuple[str, ...]] = {}
    constraint_columns: dict[str, tuple[str, ...]] = {}
    renamed_columns: dict[str, str] = {}

    class Meta:
        abstract = True
        use_transactions = True
        skip_unchanged = True
        report_skipped = True
        skip_diff = True
        skip_html_diff = True
        clean_model_instances = True

    def __init__(self, *, actor=None, **kwargs):
        super().__init__(**kwargs)
        self.actor = actor
        # The department itself is the subject: the rows an HR officer imports must name their
        # own department (records are read through `visible_to`).
        self.scope = department_scope(actor) if actor is not None else None
        self._rows_by_key: dict[tuple, int] = {}
        self._before: dict[int, dict] = {}
        # Told how many rows are read so far (a background job shows it as progress).
        self.on_row = None

    # Columns ---------------------------------------------------------------------------------

    def known_columns(self) -> list[str]:
        """Every column the import reads, those that name the record first (as a file would
        have them); the import page lists them all."""
        read = [f.column_name for f in self.get_import_fields()] + list(self.extra_columns)
        first = [c for c in self.key_columns if c in read]
        return list(dict.fromkeys([*first, *read]))

    def listed_columns(self) -> list[tuple[str, bool]]:
        """(column, required) for the import page."""
        return [(c, c in self.required_columns) for c in self.known_columns()]

    def import_data(self, dataset, **kwargs):
        """A file whose columns are wrong is refused whole, with no row read."""
        self.rename_old_columns(dataset)
        try:
            self.check_columns(dataset)
        except ImportFileError as error:
            result = self.get_result_class()()
            result.total_rows = len(dataset)
            result.append_base_error(self.get_error_result_class()(error))
            return result
        self.prepare(dataset)
        return super().import_data(dataset, **kwargs)

    def rename_old_columns(self, dataset) -> None:
        headers = list(dataset.headers or [])
        renamed = [
            self.renamed_columns[h]
            if h in self.renamed_columns and self.renamed_columns[h] not in headers
            else h
            for h in headers
        ]
        if renamed != headers:
            dataset.headers = renamed

    def prepare(self, dataset) -> None:
        """Load what the rows name, in a few queries for the whole file."""

    def after_import(self, dataset, result, **kwargs):
        """No sequence reset. import-export resets the table's sequence (setval, as loaddata
        does) after any import that created rows, for rows imported with their own ids. Ours
        never carry an id: every key comes from the sequence itself (nextval, or the insert's
        default), so the sequence is already past them, and the reset would need UPDATE on
        the sequence, which the application's database role does not hold (grant_app_role)."""

    def check_columns(self, dataset):
        """Refuse a file with missing or unknown columns before reading any row. Linear in the
        file's width (sets and one count of each name)."""
        headers = [h for h in dataset.headers if h]
        counted = Counter(headers)
        known = self.known_columns()
        known_set = set(known)
        missing = [c for c in self.required_columns if c not in counted]
        unknown = [h for h in counted if h not in known_set]
        duplicated = sorted(h for h, n in counted.items() if n > 1)
        messages = []
        if missing:
            messages.append(
                _("The file has no column %(columns)s (row 1 must name it).")
                % {"columns": ", ".join(f"'{c}'" for c in missing)}
            )
        if unknown:
            messages.append(
                _(
                    "Row 1 names column(s) this import does not read: %(columns)s. "
                    "The columns are: %(known)s."
                )
                % {
                    "columns": _named(unknown),
                    "known": ", ".join(f"'{c}'" for c in known),
                }
            )
        if duplicated:
            messages.append(
                _("Row 1 names column(s) twice: %(columns)s.") % {"columns": _named(duplicated)}
            )
        if messages:
            raise ImportFileError(" ".join(str(m) for m in messages))

    def constraint_columns_for(self, message: str) -> tuple[str, ...] | None:
        """The columns of the model constraint whose message this is (a check such as "ends
        after it starts" is reported by Django for the row, not for a field)."""
        for constraint in self._meta.model._meta.constraints:
            if constraint.name in self.constraint_columns and message == str(
                constraint.get_violation_error_message()
            ):
                return self.constraint_columns[constraint.name]
        return None

    def columns_for(self, field_name: str) -> tuple[str, ...]:
        if field_name in self.error_columns:
            return self.error_columns[field_name]
        if field_name == NON_FIELD_ERRORS:
            return self.key_columns
        for field in self.get_import_fields():
            if field.attribute == field_name:
                return (field.column_name,)
        return self.key_columns

    @staticmethod
    def row_number(kwargs) -> int:
        """The row as the user sees it in the spreadsheet: the header is row 1."""
        return kwargs["row_number"] + 1

    def problems(self, row, number: int, error) -> list[Problem]:
        found = []
        if isinstance(error, DatabaseError):
            error = ValidationError(str(DATABASE_REFUSED))
        if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            for field_name, errors in error.error_dict.items():
                for message in ValidationError(errors).messages:
                    columns = self.columns_for(field_name)
                    if field_name == NON_FIELD_ERRORS:
                        columns = self.constraint_columns_for(message) or columns
                    value = ", ".join(str(row.get(c, "") or "") for c in columns)
                    found.append(Problem(number, columns, value, str(message)))
        else:
            messages = error.messages if isinstance(error, ValidationError) else [str(error)]
            value = ", ".join(str(row.get(c, "") or "") for c in self.key_columns)
            for message in messages:
                found.append(Problem(number, self.key_columns, value, str(message)))
        return found

    # Rows ------------------------------------------------------------------------------------

    def get_instance(self, instance_loader, row):
        # A key that names nothing (an unknown cohort or officer) is reported by the field
        # that reads it, against its own column, when the row's values are read.
        try:
            return super().get_instance(instance_loader, row)
        except ValueError:
            return None

    def row_key(self, row) -> tuple:
        return tuple(str(row.get(c, "") or "").strip().lower() for c in self.key_columns)

    def import_row(self, row, instance_loader, **kwargs):
        number = self.row_number(kwargs)
        if self.on_row is not None:
            self.on_row(number - 1)
        key = self.row_key(row)
        first = self._rows_by_key.setdefault(key, number) if any(key) else number
        if first != number:
            result = self.get_row_result_class()()
            result.import_type = RowResult.IMPORT_TYPE_INVALID
            result.validation_error = ValidationError(
                _("this row names the same record as row %(row)s; each record may appear once.")
                % {"row": first}
            )
        else:
            result = super().import_row(row, instance_loader, **kwargs)
        result.number = number
        result.key = ", ".join(str(row.get(c, "") or "") for c in self.key_columns)
        result.problems = []
        if result.validation_error is not None:
            result.problems = self.problems(row, number, result.validation_error)
        for error in result.errors:
            result.problems += self.problems(row, number, error.error)
        return result

    @cached_property
    def _model_fields(self) -> dict:
        """The model's columns by name (many-to-many values are compared by the resource)."""
        return {f.name: f for f in self._meta.model._meta.concrete_fields}

    def tracked_values(self, instance) -> dict:
        """The stored values the import could change, to tell "unchanged" rows."""
        values = {}
        for field in self.get_import_fields():
            if not field.attribute:
                continue
            model_field = self._model_fields.get(field.attribute)
            if model_field is not None:
                values[field.attribute] = getattr(instance, model_field.attname)
        return values

    def after_init_instance(self, instance, new, row, **kwargs):
        self._before[id(instance)] = {} if new else self.tracked_values(instance)

    def fill_defaults(self, instance) -> None:
        """Give blank cells the value the service would give them, before the row is compared
        with the stored record (so a blank cell of an unchanged row is "unchanged")."""

    def skip_row(self, instance, original, row, import_validation_errors=None):
        self.fill_defaults(instance)
        if import_validation_errors or instance.pk is None:
            return False
        before = self._before.get(id(instance))
        return before is not None and before == self.tracked_values(instance)

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        # Many-to-many values are compared and saved through the services, not set here.
        if isinstance(field.widget, widgets.ManyToManyWidget):
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)


def outcome_counts(result) -> dict[str, int]:
    counts = {"new": 0, "update": 0, "skip": 0, "invalid": 0}
    for row in result.rows:
        kind = "invalid" if row.import_type in ("invalid", "error") else row.import_type
        counts[kind] = counts.get(kind, 0) + 1
    return counts


def every_problem(result) -> list[Problem]:
    problems = []
    for row in result.rows:
        problems += getattr(row, "problems", [])
    return problems
