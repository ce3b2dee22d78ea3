"""A changelist's rows written in Python: Django's markup, with what is the same for every row
worked out once per page instead of once per cell.

Django's `items_for_result` looks every cell's column up again (`lookup_field`), recomputes its
CSS classes, reverses the row's change URL and adds the preserved filters to it, and the
template then renders each of the ~450 cells of a 50-row page through the template engine: more
than a quarter of the placement changelist under cProfile
(docs/decisions/0060-admin-changelist-near-the-floor.md). Here each column is resolved once into
a function of the row, the change URL is reversed once and the row's key put into it, and each
row reaches the template as one string.

Only the columns Django's admin shows the same way whatever the row are written here: model
fields, foreign keys, the admin's own methods and the action checkbox. A changelist with
editable rows, a popup, a `to_field`, or another kind of column is left to Django.
"""

from __future__ import annotations

import datetime
from functools import cache

from django.contrib.admin.templatetags.admin_list import (
    ResultList,
    _coerce_field_name,
    results,
)
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import (
    _get_non_gfk_field,
    display_for_field,
    display_for_value,
)
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString

_KEY = "0"  # the row's key in the URL reversed once, replaced by each row's
_MARKER = f"/{_KEY}/change/"


class _Unsupported(Exception):
    """A column this module does not write: the page is left to Django."""


def _column(cl, index: int, name, link: bool):
    """(cell's CSS classes, value of a row as Django displays it) of one column; the classes
    are None where they depend on the value (a method's date gets "nowrap")."""
    model_admin = cl.model_admin
    empty = model_admin.get_empty_value_display()
    classes = [f"field-{_coerce_field_name(name, index)}"]
    if callable(name) or not isinstance(name, str):
        raise _Unsupported(name)
    try:
        field = _get_non_gfk_field(cl.lookup_opts, name)
    except FieldDoesNotExist:
        field = None
    except Exception as error:  # FieldIsAForeignKeyColumnName and the like
        raise _Unsupported(name) from error
    if field is None:
        if name == "__str__" or not hasattr(model_admin, name):
            raise _Unsupported(name)
        method = getattr(model_admin, name)
        empty = getattr(method, "empty_value_display", empty)
        boolean = getattr(method, "boolean", False)
        if name == "action_checkbox":
            classes = ["action-checkbox"]
        fixed = " ".join(classes)

        def value(obj):
            try:
                shown = method(obj)
            except ObjectDoesNotExist:
                return fixed, empty
            cell = display_for_value(shown, empty, boolean)
            if isinstance(shown, datetime.date | datetime.time):
                return fixed + " nowrap", cell
            return fixed, cell

        return None, value
    if field.auto_created:
        raise _Unsupported(name)
    if isinstance(field, models.DateField | models.TimeField | models.ForeignKey):
        classes.append("nowrap")
    if isinstance(field.remote_field, models.ManyToOneRel):
        attname, key_name = field.name, field.attname
        named: dict = {}  # a page names the same cohort or host many times: once a record

        def value(obj):
            key = getattr(obj, key_name)
            try:
                return named[key]
            except KeyError:
                pass
            try:
                related = getattr(obj, attname)
            except ObjectDoesNotExist:
                return empty
            shown = named[key] = empty if related is None else conditional_escape(related)
            return shown

    else:
        attname = field.attname
        displayed: dict = {}  # dates and choices repeat from row to row

        def value(obj):
            raw = getattr(obj, attname)
            try:
                return displayed[raw]
            except KeyError:
                cell = displayed[raw] = display_for_field(raw, field, empty, avoid_link=link)
                return cell
            except TypeError:  # not hashable
                return display_for_field(raw, field, empty, avoid_link=link)

    return " ".join(classes), value


def _link_columns(cl) -> list[bool]:
    links = cl.list_display_links
    shown = list(cl.list_display)
    if links is None:
        return [False] * len(shown)
    return [(index == 0 and not links) or name in links for index, name in enumerate(shown)]


def _change_url(cl):
    """A function of a row giving its change URL with the list's preserved filters, or None
    where the change page has no URL (Django then shows the text alone). The URL is reversed
    once, for a numeric key, and each row's key put into it."""
    try:
        url = reverse(
            f"admin:{cl.opts.app_label}_{cl.opts.model_name}_change",
            args=(_KEY,),
            current_app=cl.model_admin.admin_site.name,
        )
    except NoReverseMatch:
        return None
    url = add_preserved_filters({"preserved_filters": cl.preserved_filters, "opts": cl.opts}, url)
    before, found, after = url.partition(_MARKER)
    pk = cl.lookup_opts.pk.attname

    def row_url(obj):
        key = getattr(obj, pk)
        if type(key) is int and found and _MARKER not in after:
            return f"{before}/{key}/change/{after}"
        return add_preserved_filters(
            {"preserved_filters": cl.preserved_filters, "opts": cl.opts}, cl.url_for_result(obj)
        )

    return row_url


def python_results(cl) -> list[ResultList]:
    """The rows of `cl` as Django's `results(cl)` gives them, each one safe string of its
    cells (Django gives a list of cells; the template joins them alike)."""
    if cl.formset or cl.is_popup or cl.to_field:
        return list(results(cl))
    links = _link_columns(cl)
    try:
        columns = [
            _column(cl, index, name, link)
            for index, (name, link) in enumerate(zip(cl.list_display, links, strict=True))
        ]
    except _Unsupported:
        return list(results(cl))
    change_url = _change_url(cl) if any(links) else None
    rows = []
    for obj in cl.result_list:
        cells = []
        first = True
        for (classes, value), link in zip(columns, links, strict=True):
            if classes is None:
                classes, shown = value(obj)
            else:
                shown = value(obj)
            shown = conditional_escape(shown)
            if link:
                tag = "th" if first else "td"
                first = False
                if change_url is not None:
                    url = conditional_escape(change_url(obj))
                    shown = f'<a href="{url}">{shown}</a>'
                cells.append(f'<{tag} class="{classes}">{shown}</{tag}>')
            else:
                cells.append(f'<td class="{classes}">{shown}</td>')
        rows.append(ResultList(None, [SafeString("".join(cells))]))
    return rows


class PythonRowsMixin:
    """For a ModelAdmin: its changelist's rows written by `python_results` (through the
    template admin/portal_change_list.html, which import-export's templates extend too).

    `list_only`, if given, names the columns the page of rows reads (QuerySet.only(), the
    joined records' too): a row then carries what its cells and its name need instead of
    every column of five tables. Only the page's rows are read so; the count, the filters,
    actions and exports read the changelist's queryset as before."""

    change_list_template = "admin/portal_change_list.html"
    list_only: tuple[str, ...] = ()

    def get_changelist(self, request, **kwargs):
        changelist = super().get_changelist(request, **kwargs)
        if not self.list_only:
            return changelist
        return _only_changelist(changelist)


@cache
def _only_changelist(changelist: type) -> type:
    class OnlyShownColumns(changelist):
        def get_results(self, request):
            queryset = self.queryset
            self.queryset = queryset.only(*self.model_admin.list_only)
            try:
                super().get_results(request)
            finally:
                self.queryset = queryset

    OnlyShownColumns.__name__ = f"OnlyShownColumns{changelist.__name__}"
    return OnlyShownColumns
