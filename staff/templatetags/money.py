"""Money on the staff pages (decision 0049): a placement's costs and a programme's budgets as
the reader may see them, and amounts written with their currency and grouped digits as Hong
Kong writes them (exchange_portal.money.format_amount, as on the reports page). Decimal in,
text out; never float."""

from decimal import Decimal

from django import template

from exchange_portal.money import format_amount
from exchange_portal.roles import MANAGERS, role_of
from placements import budgets

register = template.Library()


def _grouped(value: Decimal) -> str:
    # As the reports page writes amounts: a comma every three digits in every language.
    return format_amount(value)


@register.filter
def hkd(value) -> str:
    """ "HK$1,337.59"; empty for no value."""
    if value in (None, ""):
        return ""
    return "HK$" + _grouped(value)


@register.filter
def money(value, currency) -> str:
    """ "CNY 6,000.00": an amount in the currency paid, with its ISO code."""
    if value in (None, ""):
        return ""
    return f"{currency} {_grouped(value)}"


@register.simple_tag(takes_context=True)
def placement_costs(context, placement):
    """The placement's costs and totals the reader may see (None: their role reads none)."""
    return budgets.placement_costs(placement, context["request"].user)


@register.simple_tag(takes_context=True)
def programme_budgets(context, programme):
    """The programme's budgets with committed and left (None: the role reads none)."""
    return budgets.programme_budgets(programme, context["request"].user)


@register.simple_tag(takes_context=True)
def may_record_costs(context) -> bool:
    """CSB programme managers record, change and remove costs (the cost pages' roles)."""
    user = context["request"].user
    return role_of(user) in MANAGERS and user.has_perm("placements.add_placementcost")
