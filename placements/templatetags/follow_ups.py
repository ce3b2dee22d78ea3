"""The follow-ups after return that the officer's home, the HR home and the staff placement page
show, read through the user's scope (`{% load follow_ups %}`)."""

from django import template

from ..selectors import follow_ups_for, follow_ups_of_participant

register = template.Library()

# Follow-ups the HR home lists; the rest are on the list of returnees.
HOME_FOLLOW_UPS = 50


@register.simple_tag(takes_context=True)
def follow_ups_on_placement(context, placement):
    """The placement's follow-ups the reader may see."""
    return list(follow_ups_for(context["request"].user).filter(placement=placement))


@register.simple_tag(takes_context=True)
def follow_ups_open_for_me(context):
    """The open follow-ups of the reader's reach (department HR: their own department's
    officers), the soonest due first."""
    return list(follow_ups_for(context["request"].user).open()[:HOME_FOLLOW_UPS])


@register.simple_tag
def follow_ups_of(participant):
    """An officer's own follow-ups, for their home."""
    return list(follow_ups_of_participant(participant))
