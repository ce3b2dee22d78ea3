"""Amounts of money written as Hong Kong writes them."""

from __future__ import annotations

from decimal import Decimal

from django.utils import numberformat
from django.utils.formats import get_format


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
