"""Staff list pages: a filter form, sortable columns, pagination and "export this list", built
once here and declared per list as columns over a selector's queryset; and what every record's
staff page shows beside the record (next step, transitions, history)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django_filters.views import FilterView

from . import background
from .access import RoleRequiredMixin
from .exports import EXPORT_KINDS, export_response
from .figures_cache import figures_version
from .filters import filter_field_html, plain_selects
from .history import history_of
from .kept_pages import KeptPageMixin

if TYPE_CHECKING:
    from .transitions import TransitionSet


@dataclass(frozen=True)
class Column:
    key: str
    label: Any
    value: Callable[[Any], Any]
    order_by: tuple[str, ...] = ()
    link: bool = False  # the cell links to the row's staff page
    numeric: bool = False
    tag: bool = False  # a status: shown as a tag (its text, never colour alone)


@cache
def _labels(model, field_name: str) -> dict:
    return dict(model._meta.get_field(field_name).flatchoices)


def value_label(model, field_name: str, value) -> str:
    """The label of a choice `value` of `model`'s field, in the user's language (for rows read
    as dicts)."""
    return str(_labels(model, field_name).get(value, value))


def choice_label(obj, field_name: str) -> str:
    """What `obj.get_<field_name>_display()` gives (the label in the user's language), without
    Django rebuilding the field's whole choices mapping on every call: a 100,000-row export
    called it 100,000 times (docs/performance.md, "Export")."""
    value = getattr(obj, field_name)
    return str(_labels(type(obj), field_name).get(value, value))


class StaffListView(RoleRequiredMixin, KeptPageMixin, FilterView):
    """A list of records for staff. Subclasses give `columns`, `filterset_class`,
    `export_name` and `get_base_queryset()` (already narrowed to what the user may see); a
    row's linked cell leads to the record's `get_staff_url()`."""

    template_name = "staff/list.html"
    paginate_by = 50
    columns: list[Column] = []
    default_sort = ""
    export_name = "export"
    title: Any = ""
    strict = False  # an invalid filter shows the errors and the unfiltered list
    # The columns a row is shown from, as values() paths: when given, the page's rows and the
    # export are read as dicts (no model instances; each Column's value then reads the dict)
    # and `row_url` is given the dict (docs/decisions/0047).
    row_fields: tuple[str, ...] = ()

    def get_base_queryset(self):
        raise NotImplementedError

    def shown(self, queryset):
        """`queryset` as the rows are read: dicts of `row_fields` when the list declares them."""
        return queryset.values(*self.row_fields) if self.row_fields else queryset

    def paginate_queryset(self, queryset, page_size):
        # Counted on the list's own queryset (values() would keep the joins of the columns
        # in the count), then the page read as `shown` rows.
        paginator, page, object_list, is_paginated = super().paginate_queryset(queryset, page_size)
        if self.row_fields:
            page.object_list = object_list = self.shown(object_list)
        return paginator, page, object_list, is_paginated

    def row_url(self, obj) -> str | None:
        """Where a row's linked cell leads: the record's staff page."""
        return obj.get_staff_url()

    def get_queryset(self):
        return self.get_base_queryset().order_by(*self.ordering_fields(), "pk")

    def sort_key(self) -> str:
        wanted = self.request.GET.get("sort", self.default_sort)
        keys = {c.key for c in self.columns if c.order_by}
        return wanted if wanted.lstrip("-") in keys else self.default_sort

    def ordering_fields(self) -> list[str]:
        key = self.sort_key()
        if not key:
            return []
        column = next(c for c in self.columns if c.key == key.lstrip("-"))
        prefix = "-" if key.startswith("-") else ""
        return [prefix + field for field in column.order_by]

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        # Reference choices (programmes, cohorts, departments, ...) are rendered once per
        # figures version and language; the filterset says which, and what else they depend on.
        kept_choices = getattr(filterset, "kept_choices", None)
        if kept_choices is not None:
            plain_selects(
                filterset.form,
                kept_choices=kept_choices(self.request),
                version=figures_version(),
                owner=type(filterset),
            )
        else:
            plain_selects(filterset.form)
        return filterset

    def get(self, request, *args, **kwargs):
        export = request.GET.get("export")
        if export in EXPORT_KINDS:
            self.prepare_export()
            return export_response(self, export)
        # The page is kept whole between changes (decision 0058).
        return self.kept_get(super().get, request, *args, **kwargs)

    def prepare_export(self) -> None:
        filterset = self.get_filterset(self.get_filterset_class())
        queryset = filterset.qs if filterset.is_valid() else self.get_queryset()
        self.export_queryset = self.shown(queryset)

    def export_rows_total(self) -> int | None:
        if not background.runner:
            return None  # no background jobs: the count would decide nothing
        return self.export_queryset.count()

    def export_table(self):
        """The export of the list as filtered (also written by a background job)."""
        if not hasattr(self, "export_queryset"):
            self.prepare_export()
        header = [c.label for c in self.columns]
        rows = ([c.value(obj) for c in self.columns] for obj in self.export_queryset.iterator(2000))
        return header, rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("export", None)
        sort = self.sort_key()
        headers = []
        for column in self.columns:
            link = None
            direction = None
            if column.order_by:
                current = sort.lstrip("-") == column.key
                descending = current and sort.startswith("-")
                direction = ("descending" if descending else "ascending") if current else None
                q = query.copy()
                q["sort"] = column.key if (not current or descending) else f"-{column.key}"
                link = "?" + q.urlencode()
            headers.append({"column": column, "link": link, "direction": direction})
        rows = [
            {
                "object": obj,  # a model instance, or a dict of `row_fields`
                "pk": obj["pk"] if isinstance(obj, dict) else obj.pk,
                "url": self.row_url(obj),
                "cells": [(c, c.value(obj)) for c in self.columns],
            }
            for obj in context["object_list"]
        ]
        context.update(
            title=self.title,
            headers=headers,
            rows=rows,
            table_rows=table_rows(rows),
            query=query.urlencode(),
            active_filters=active_filters(context.get("filter")),
            filter_fields=[filter_field_html(field) for field in context["filter"].form],
        )
        return context


def _status(obj) -> str:
    return obj["status"] if isinstance(obj, dict) else obj.status


def table_rows(rows) -> SafeString:
    """The list's <tr>s, as the list template wrote them cell by cell (the same markup), in
    Python: 50 rows of 8 cells through Django's template engine were a third of the page
    (docs/decisions/0047)."""
    out = []
    for row in rows:
        url = row["url"]
        cells = []
        for index, (column, value) in enumerate(row["cells"]):
            if index == 0:
                # The row's identifier (a reference code such as EX-F48T-BF04-5TG6) is read whole,
                # not broken at its hyphens.
                opening, closing = '<th scope="row" class="fw-normal text-nowrap">', "</th>"
            else:
                opening = '<td class="text-end">' if column.numeric else "<td>"
                closing = "</td>"
            if column.tag:
                inner = format_html(
                    '<span class="status-tag status-tag--{}">{}</span>',
                    _status(row["object"]),
                    _text(value),
                )
            else:
                text = _text("" if value is None else value)
                inner = (
                    format_html('<a href="{}">{}</a>', url, text) if column.link and url else text
                )
            cells.append(f"{opening}\n          {inner}\n          {closing}")
        out.append("<tr>\n        " + "\n        ".join(cells) + "\n      </tr>")
    return mark_safe("\n      ".join(out))  # noqa: S308 (every value escaped by _text)


def _text(value) -> SafeString:
    """A value as `{{ value }}` prints it: localised (dates, numbers), then escaped."""
    return conditional_escape(localize(value))


def _shown(field, value) -> str:
    """A filter's value as the list's reader chose it: a choice's label, a record's name, a
    range's two ends."""
    if isinstance(value, slice):
        ends = [str(end) for end in (value.start, value.stop) if end is not None]
        return " – ".join(ends)
    choices = getattr(field, "choices", None)
    if choices is not None and not hasattr(value, "pk"):
        labels = {str(key): label for key, label in choices if not isinstance(label, list | tuple)}
        return str(labels.get(str(value), value))
    return str(value)


def active_filters(filterset) -> list[tuple[Any, str]]:
    """(label, value) of each filter the list is narrowed by, for the summary above it."""
    if filterset is None or not filterset.form.is_bound or not filterset.is_valid():
        return []
    shown = []
    for name, value in filterset.form.cleaned_data.items():
        if value in (None, "", [], ()) or (isinstance(value, slice) and value == slice(None)):
            continue
        if isinstance(value, slice) and value.start is None and value.stop is None:
            continue
        field = filterset.form.fields[name]
        shown.append((field.label, _shown(field, value)))
    return shown


class RecordDetailMixin:
    """A record's staff page (with a DetailView): its history, and where the record has a
    workflow the transitions the user may make and its next step. Subclasses declare
    `transitions` (the app's TransitionSet) and `transition_url` (the URL name its buttons post
    to, given the record's pk and the transition's name), and override `next_step()` where the
    record has one (placements.next_steps)."""

    transitions: TransitionSet | None = None
    transition_url = ""

    def next_step(self):
        return None

    def get_context_data(self, **kwargs):
        record = {"history": history_of(self.object)}
        if self.transitions is not None:
            record.update(
                next_step=self.next_step(),
                transitions=self.transitions.offered(self.object, self.request.user),
                transitions_waiting=self.transitions.waits(self.object, self.request.user),
                transition_url=self.transition_url,
            )
        return super().get_context_data(**{**record, **kwargs})
