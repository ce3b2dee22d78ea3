"""Whether the reader may change an officer's working languages (`{% load working_languages %}`)."""

from django import template

from ..services import may_set_languages

register = template.Library()


@register.simple_tag(takes_context=True)
def may_change_languages(context, participant) -> bool:
    return may_set_languages(context["request"].user, participant)
