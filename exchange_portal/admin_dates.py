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
from django.db.models import DateField, Exists, Max, Min, QuerySet

# A longer span (a mistyped year 0201, say) is left to Django's DISTINCT.
MAX_PROBED_YEARS = 200


def years_with_rows(queryset: QuerySet, field_name: str, years: range, order: str = "ASC"):
    """The first day of each of `years` in which `queryset` has a row, as Django's
    `dates(field, "year")` gives them."""
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


@cache
def _probing(queryset_class: type[QuerySet]) -> type[QuerySet]:
    class YearsByProbe(queryset_class):
        def dates(self, field_name, kind, order="ASC"):
            field = self.model._meta.get_field(field_name) if "__" not in field_name else None
            if kind != "year" or not isinstance(field, DateField):
                return super().dates(field_name, kind, order)
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
