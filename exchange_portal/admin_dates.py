"""The admin's date hierarchy over a large table: its list of years found by one index probe per
year instead of a DISTINCT over every row.

Django's date hierarchy, at its top level, reads `queryset.dates(field, "year")`: a
`SELECT DISTINCT DATE_TRUNC('year', …)` that reads every row of the (filtered) list. Over
100,000 placements that was the slowest query of the changelist (32 ms, docs/performance.md).
Here the years between the list's first and last date are each asked "is there a row in this
year?" as EXISTS subqueries of one query: each stops at its first row, found through the date's
index. The answer is the same list of years (tested against Django's own)."""

from __future__ import annotations

import datetime
from functools import cache

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import DateField, Exists, Max, Min, QuerySet

# A longer span (a mistyped year 0201, say) is left to Django's DISTINCT.
MAX_PROBED_YEARS = 200


# Stand for a year's first and next year's first day in the probe compiled once (years_with_rows).
_LOW = datetime.date(1, 1, 1)
_HIGH = datetime.date(1, 1, 2)


def years_with_rows(queryset: QuerySet, field_name: str, years: range, order: str = "ASC"):
    """The first day of each of `years` in which `queryset` has a row, as Django's
    `dates(field, "year")` gives them.

    The probe "has the list a row in this year?" is compiled once, with stand-in dates, and
    asked for each year with that year's dates: compiling one filtered subquery per year through
    the ORM was most of the date hierarchy's time
    (docs/decisions/0060-admin-changelist-near-the-floor.md)."""
    if not years:
        return []
    probe = queryset.order_by().filter(**{f"{field_name}__gte": _LOW, f"{field_name}__lt": _HIGH})
    connection = connections[probe.db]
    try:
        sql, params = probe.query.exists(limit=True).get_compiler(probe.db).as_sql()
    except EmptyResultSet:  # a filter that no row can match
        return []
    adapt = connection.ops.adapt_datefield_value
    low, high = adapt(_LOW), adapt(_HIGH)
    at_low = [i for i, value in enumerate(params) if value == low]
    at_high = [i for i, value in enumerate(params) if value == high]
    if len(at_low) != 1 or len(at_high) != 1:  # the dates are not plain parameters
        return _years_by_exists(queryset, field_name, years, order)
    parts, values = [], []
    for year in years:
        year_params = list(params)
        year_params[at_low[0]] = adapt(datetime.date(year, 1, 1))
        year_params[at_high[0]] = adapt(datetime.date(year + 1, 1, 1))
        parts.append(f"EXISTS({sql})")
        values += year_params
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), values)
        answers = cursor.fetchone()
    result = [
        datetime.date(year, 1, 1) for year, found in zip(years, answers, strict=True) if found
    ]
    return result[::-1] if order == "DESC" else result


def _years_by_exists(queryset: QuerySet, field_name: str, years: range, order: str = "ASC"):
    rows = queryset.order_by()
    probes = {
        f"y{year}": Exists(
            rows.filter(
                **{
                    f"{field_name}__gte": datetime.date(year, 1, 1),
                    f"{field_name}__lt": datetime.date(year + 1, 1, 1),
                }
            )
        )
        for year in years
    }
    # Any one row of the table carries the answers (it has rows: the caller found dates).
    found = queryset.model._base_manager.order_by().annotate(**probes).values(*probes)[:1]
    answers = found[0] if found else {}
    result = [datetime.date(year, 1, 1) for year in years if answers.get(f"y{year}")]
    return result[::-1] if order == "DESC" else result


def _bounds_field(args, kwargs) -> str | None:
    """The field of an aggregate(first=Min(field), last=Max(field)), as the date hierarchy
    asks it; None for any other aggregate."""
    if args or set(kwargs) != {"first", "last"}:
        return None
    first, last = kwargs["first"], kwargs["last"]
    if type(first) is not Min or type(last) is not Max or first.filter or last.filter:
        return None
    names = {
        getattr(expression.get_source_expressions()[0], "name", None)
        for expression in (first, last)
    }
    if len(names) != 1 or None in names:
        return None
    return names.pop()


@cache
def _probing(queryset_class: type[QuerySet]) -> type[QuerySet]:
    class YearsByProbe(queryset_class):
        def aggregate(self, *args, **kwargs):
            # Django's date hierarchy asks the list's first and last date, then its years,
            # which need the same two dates: the answer is kept on this queryset for dates().
            bounds = super().aggregate(*args, **kwargs)
            field_name = _bounds_field(args, kwargs)
            if field_name is not None:
                self.__dict__.setdefault("_kept_bounds", {})[field_name] = bounds
            return bounds

        def dates(self, field_name, kind, order="ASC"):
            field = self.model._meta.get_field(field_name) if "__" not in field_name else None
            if kind != "year" or not isinstance(field, DateField):
                return super().dates(field_name, kind, order)
            bounds = self.__dict__.get("_kept_bounds", {}).get(field_name)
            if bounds is None:
                bounds = self.order_by().aggregate(first=Min(field_name), last=Max(field_name))
            if bounds["first"] is None:
                return []
            years = range(bounds["first"].year, bounds["last"].year + 1)
            if len(years) > MAX_PROBED_YEARS:
                return super().dates(field_name, kind, order)
            return years_with_rows(self, field_name, years, order)

    YearsByProbe.__name__ = f"YearsByProbe{queryset_class.__name__}"
    return YearsByProbe


class IndexedYearsMixin:
    """For a ModelAdmin whose `date_hierarchy` is a DateField of a large table with an index on
    it: the hierarchy's years are probed year by year (see the module's text)."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)._chain()
        queryset.__class__ = _probing(type(queryset))
        return queryset


class DateCheckedChangeList(ChangeList):
    """Django's changelist, with a date hierarchy's year, month or day that makes no date
    (99999999999999999999999, or 9999, whose year has no next year to end at) taken as a bad
    filter, as Django takes a month of 13: the list says so instead of failing. Django catches
    the ValueError of `datetime(...)` but neither its OverflowError nor the ValueError of the
    end of the range it computes after it."""

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (OverflowError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error
