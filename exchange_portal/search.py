"""Searching officers and hosts by name, in English or Chinese, by any part of a word
(docs/decisions/0025-trigram-search.md).

Each searchable model declares the columns it is found by (`SEARCH_FIELDS`). They are searched
as one text, "name_en name_zh e-mail …", upper-cased, with `LIKE '%WORD%'` for every word typed;
on PostgreSQL a trigram GIN index over exactly that expression (`trigram_index`) answers it, so
a search reads a few index pages instead of every row. Lists that search through a relation
(placements by officer or host) ask the related table through its index and filter on the keys
it returns (`related__in`), instead of joining and comparing every row. When a word matches few
rows (up to `EAGER_KEYS`), those keys are read first and handed to the list as values: the planner
cannot estimate how many rows a UNION of trigram matches returns, and with a guess of hundreds it
walks the whole newest-first index looking for them (570 ms for a name matching 2 of 100,000
placements, against 4 ms for the keys; docs/performance.md).

SQLite has no trigram index; the same expressions run there as a scan (small databases only).
"""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db.models import F, Q, QuerySet, TextField, Value
from django.db.models.functions import Concat, Upper
from django.db.models.functions.text import ConcatPair

ALIAS = "_search_text"

#: Up to this many matching keys are read in a query of their own and passed to the list as
#: values; beyond it the word is common enough that walking the list in order finds a page of
#: matches quickly, and the keys stay a subquery.
EAGER_KEYS = 1000


class FlatConcat(Concat):
    """Concat, written on SQLite as one flat `COALESCE(a, '') || COALESCE(b, '') || …` rather
    than Django's nested pairs, whose depth (two levels a column) overflows SQLite's parser
    stack when an officer's eight columns are searched inside a subquery. Elsewhere Concat's
    own SQL, so PostgreSQL still matches the expression of the trigram index."""

    def as_sqlite(self, compiler, connection, **extra_context):
        leaves = []

        def walk(expression):
            if isinstance(expression, ConcatPair):
                for source in expression.get_source_expressions():
                    walk(source)
            else:
                leaves.append(expression)

        for source in self.get_source_expressions():
            walk(source)
        parts, params = [], []
        for leaf in leaves:
            sql, leaf_params = compiler.compile(leaf)
            parts.append(f"COALESCE({sql}, '')")
            params.extend(leaf_params)
        return "(" + " || ".join(parts) + ")", params


def search_text(fields, *, concat=FlatConcat):
    """The columns `fields`, one space between them, as one text. No word typed into a search
    box holds a space, so none can match across two columns."""
    if len(fields) == 1:
        return F(fields[0])
    parts = []
    for field in fields:
        parts += [F(field), Value(" ")]
    return concat(*parts[:-1], output_field=TextField())


def trigram_index(fields, *, name: str) -> GinIndex:
    """The PostgreSQL index that answers `UPPER(search_text) LIKE '%…%'` (the `icontains` of
    `matching`); created by the migrations on PostgreSQL only. Declared with Django's own Concat,
    as the migrations build it: FlatConcat writes the same SQL on PostgreSQL."""
    return GinIndex(
        OpClass(Upper(search_text(fields, concat=Concat)), name="gin_trgm_ops"), name=name
    )


def words(value: str) -> list[str]:
    return value.split()


def matching(model, word: str) -> QuerySet:
    """`model`'s rows whose search text holds `word`."""
    return model._default_manager.alias(**{ALIAS: search_text(model.SEARCH_FIELDS)}).filter(
        **{f"{ALIAS}__icontains": word}
    )


def apply(queryset: QuerySet, value: str, *, fields=(), through=()) -> QuerySet:
    """Keep the rows of `queryset` where every word of `value` is found in the model's own
    search text ("" in `through`), in the search text of a related model (a relation path in
    `through`, e.g. "host_unit__organisation"), or in one of `fields` (plain `icontains`)."""
    model = queryset.model
    if not fields and tuple(through) == ("",):
        # The model's own text alone: a condition on the list's table, read through its index.
        queryset = queryset.alias(**{ALIAS: search_text(model.SEARCH_FIELDS)})
        for word in words(value):
            queryset = queryset.filter(**{f"{ALIAS}__icontains": word})
        return queryset
    # Several places to look: the keys found in each, through each table's index, put together
    # (UNION). An OR of the same conditions would make PostgreSQL test every row of the list.
    for word in words(value):
        found = [model._default_manager.filter(**{f"{f}__icontains": word}) for f in fields]
        for path in through:
            if path:
                found.append(model._default_manager.filter(_through(model, path.split("__"), word)))
            else:
                found.append(matching(model, word))
        keys = [part.order_by().values_list("pk", flat=True) for part in found]
        union = keys[0].union(*keys[1:]).order_by() if len(keys) > 1 else keys[0]
        queryset = queryset.filter(pk__in=_few(union))
    return queryset


def _few(keys: QuerySet):
    """The keys themselves when there are at most `EAGER_KEYS` of them, else the subquery."""
    found = list(keys[: EAGER_KEYS + 1])
    return found if len(found) <= EAGER_KEYS else keys


def _through(model, names: list[str], word: str) -> Q:
    """`names[0]__in` the keys of the related rows that match, one subquery per step (no join
    of the list's table, so PostgreSQL reads each related table through its index)."""
    related = model._meta.get_field(names[0]).related_model
    if len(names) == 1:
        rows = matching(related, word)
    else:
        rows = related._default_manager.filter(_through(related, names[1:], word))
    return Q(**{f"{names[0]}__in": rows.values("pk")})


class TrigramSearchAdminMixin:
    """The admin's search box through `apply` (and so through the trigram index): every word
    must be found in the model's search text or in one of `search_also` (`search_fields`
    stays declared for Django's checks and the autocomplete's requirement)."""

    search_through: tuple[str, ...] = ("",)
    search_also: tuple[str, ...] = ()

    def get_search_results(self, request, queryset, search_term):
        if not words(search_term):
            return queryset, False
        return apply(
            queryset, search_term, fields=self.search_also, through=self.search_through
        ), False
