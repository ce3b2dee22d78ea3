"""Pages of 50 like the staff lists. The count is exact up to `EXACT_COUNT_UP_TO` records and
PostgreSQL's estimate beyond (decision 0048): counting 100,000 placements exactly cost more than
everything else the list does. Links and the end of the list stay exact either way."""

import json
import time

from django.core.exceptions import EmptyResultSet
from django.core.paginator import InvalidPage
from django.core.paginator import Paginator as DjangoPaginator
from django.db import connections
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

EXACT_COUNT_UP_TO = 1000
# An estimate is an estimate: each process keeps the planner's for a minute per query (the
# query's SQL, with the caller's scope and filters in it), so a client paging through a long
# list does not ask the planner again for every page.
ESTIMATE_SECONDS = 60
_ESTIMATES_KEPT = 500
_estimates: dict[str, tuple[float, int]] = {}


def planned_rows(queryset) -> int | None:
    """PostgreSQL's estimate of the rows `queryset` holds (its planner's, from the table's
    statistics: no row is read); None on another database."""
    if connections[queryset.db].vendor != "postgresql":
        return None
    rows = queryset.order_by().values("pk")
    key = str(rows.query)
    now = time.monotonic()
    kept = _estimates.get(key)
    if kept is not None and now - kept[0] < ESTIMATE_SECONDS:
        return kept[1]
    plan = json.loads(rows.explain(format="json"))
    estimate = int(plan[0]["Plan"]["Plan Rows"])
    if len(_estimates) >= _ESTIMATES_KEPT:
        _estimates.clear()
    _estimates[key] = (now, estimate)
    return estimate


def capped_count(queryset, most: int) -> int:
    """How many records `queryset` holds, counting no more than `most`: the count of
    `queryset.order_by().values("pk")[:most]`, with the count put around the list's SQL as
    the ORM compiles it (the ORM's own count clones the query into an aggregate over a
    subquery first: a third of the count's time on the placement list)."""
    rows = queryset.order_by().values("pk")
    if rows.query.is_sliced or rows.query.combinator:
        return rows[:most].count()
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:
        return 0
    with connections[queryset.db].cursor() as cursor:
        # The ORM's own SQL and a number; the values stay parameters.
        count_sql = f"SELECT COUNT(*) FROM ({sql} LIMIT {int(most)}) subquery"  # noqa: S608
        cursor.execute(count_sql, params)
        return cursor.fetchone()[0]


class Paginator(DjangoPaginator):
    """Counts at most `EXACT_COUNT_UP_TO` + 1 records; beyond, `count` is the planner's
    estimate (never less than what was counted) and `count_is_exact` is False."""

    count_is_exact = True

    @cached_property
    def count(self):
        queryset = self.object_list
        if not hasattr(queryset, "values"):  # not a queryset
            return super().count
        counted = capped_count(queryset, EXACT_COUNT_UP_TO + 1)
        if counted <= EXACT_COUNT_UP_TO:
            return counted
        estimate = planned_rows(queryset)
        if estimate is None:
            return super().count
        self.count_is_exact = False
        return max(counted, estimate)

    def exact(self) -> "Paginator":
        """This paginator with the count made exact (for the last page asked by name)."""
        self.count  # noqa: B018 (counted first: it says whether the count is exact)
        if not self.count_is_exact:
            self.count = self.object_list.count()
            self.count_is_exact = True
            self.__dict__.pop("num_pages", None)
        return self


class EstimatedPage:
    """A page of a list whose count is an estimate: whether a next page exists is known from
    one record read past the page, not from the count."""

    def __init__(self, rows, number, paginator, *, more):
        self.object_list = rows
        self.number = number
        self.paginator = paginator
        self.more = more

    def __iter__(self):
        return iter(self.object_list)

    def has_next(self):
        return self.more

    def has_previous(self):
        return self.number > 1

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1


class Pages(PageNumberPagination):
    """Pages of 50 like the staff lists; `page_size` asks for 1 to 200 (anything else is 400,
    not silently the default).

    A view may read each page its own way (`read_page(queryset_slice) -> list`: the placement
    list reads plain rows, api/rows.py); the count is always of the view's queryset."""

    django_paginator_class = Paginator
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= self.max_page_size):
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("A whole number from 1 to %(most)d.") % {"most": self.max_page_size}
                    ]
                }
            )
        return int(raw)

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        page_size = self.get_page_size(request)
        paginator = self.django_paginator_class(queryset, page_size)
        read = getattr(view, "read_page", list)
        raw = request.query_params.get(self.page_query_param) or 1
        if raw in self.last_page_strings:
            raw = paginator.exact().num_pages
        paginator.count  # noqa: B018 (counted first: it says whether the count is exact)
        if paginator.count_is_exact:
            try:
                self.page = paginator.page(raw)
            except InvalidPage as error:
                raise NotFound(
                    self.invalid_page_message.format(page_number=raw, message=error)
                ) from None
            self.page.object_list = read(self.page.object_list)
            return list(self.page)
        # An estimated count: the page is found by its number alone, and one record more than
        # the page is read to know whether another follows.
        try:
            number = int(raw)
        except (TypeError, ValueError):
            number = 0
        bottom = (number - 1) * page_size
        rows = read(queryset[bottom : bottom + page_size + 1]) if number >= 1 else []
        if not rows and number != 1:
            raise NotFound(self.invalid_page_message.format(page_number=raw, message=""))
        self.page = EstimatedPage(rows[:page_size], number, paginator, more=len(rows) > page_size)
        return list(self.page)

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.page.paginator.count,
                "count_is_exact": self.page.paginator.count_is_exact,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["required"] = ["count", "count_is_exact", "results"]
        response["properties"] = {
            "count": {
                **response["properties"]["count"],
                "minimum": 0,
                "description": (
                    f"How many records the list holds: exact up to {EXACT_COUNT_UP_TO:,}, "
                    "beyond that PostgreSQL's estimate (see count_is_exact). `next` is exact "
                    "either way: page until it is null."
                ),
            },
            "count_is_exact": {
                "type": "boolean",
                "description": (
                    f"False when the list holds more than {EXACT_COUNT_UP_TO:,} records and "
                    "`count` is an estimate."
                ),
            },
            **{k: v for k, v in response["properties"].items() if k != "count"},
        }
        return response

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
            if parameter["name"] == self.page_query_param:
                parameter["schema"].update(minimum=1)
        return parameters
