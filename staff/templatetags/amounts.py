"""Amounts of money on the staff pages, as Hong Kong writes them: `{{ value|amount }}` gives
"1,234,567.80" in every language (exchange_portal.money.format_amount), `{{ value|amount:1 }}`
one decimal place; nothing for None."""

from django import template

from exchange_portal.money import format_amount

register = template.Library()


@register.filter
def amount(value, places=2):
    return format_amount(value, int(places))
