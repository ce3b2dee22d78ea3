"""Money in the figures: exact sums of money columns on every database, and amounts written as
Hong Kong writes them.

SQLite keeps a decimal column as a binary float (NUMERIC affinity, REAL storage) and sums it
as floats, so `Sum("amount")` over many 0.10s or over large amounts can come back off by cents
(Django then rounds the float it got, which does not bring the lost cents back). PostgreSQL's
numeric sums are exact. `exact_sum` sums whole cents, integers on both, and `from_cents` turns
the sum back into a Decimal: the figure equals the sum made by hand.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import BigIntegerField, F, Q, Sum, Value
from django.db.models.functions import Cast, Round
from django.utils import numberformat
from django.utils.formats import get_format

CENT = Decimal("0.01")


def exact_sum(field: str, *, filter: Q | None = None, places: int = 2) -> Sum:
    """The sum of a money column of `places` decimal places, as an integer of its smallest
    unit (cents). Each value is exact after rounding to that unit (a float holds 15
    significant digits, a column of 14 digits fits); integers add exactly."""
    units = Cast(Round(F(field) * Value(10**places)), BigIntegerField())
    return Sum(units, filter=filter)


def from_cents(units: int | None, places: int = 2) -> Decimal:
    """The Decimal of a sum made by `exact_sum` (0.00 for no rows)."""
    return Decimal(units or 0).scaleb(-places)


def format_amount(amount: Decimal | None, places: int = 2) -> str:
    """ "1,234,567.80": an amount as Hong Kong writes it in English and in Chinese alike, a
    comma every three digits (Django's Chinese formats group by four with no separator, as
    large numbers are written elsewhere), with the language's decimal mark. Decimal in,
    never through a float; "" for None."""
    if amount is None:
        return ""
    return numberformat.format(
        Decimal(amount),
        get_format("DECIMAL_SEPARATOR"),
        decimal_pos=places,
        grouping=3,
        thousand_sep=",",
        force_grouping=True,
    )
