"""Dated periods of a programme read as sentences in the active language: its suspensions
("Suspended from January 2020 to December 2022: ...")."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _

# A reason's own closing full stop, dropped where the sentence adds one.
CLOSING_STOPS = ".。．"


def month(day) -> str:
    """ "January 2020", "2020年1月": a suspension's dates read to the month."""
    return date_format(day, "YEAR_MONTH_FORMAT")


def _reason(suspension) -> str:
    return suspension.localised_reason.strip().rstrip(CLOSING_STOPS)


def suspension_sentence(suspension) -> str:
    """The period and its reason, for the programme's pages."""
    values = {"start": month(suspension.starts_on), "reason": _reason(suspension)}
    if suspension.ends_on is None:
        if values["reason"]:
            return _("Suspended since %(start)s: %(reason)s.") % values
        return _("Suspended since %(start)s.") % values
    values["end"] = month(suspension.ends_on)
    if values["reason"]:
        return _("Suspended from %(start)s to %(end)s: %(reason)s.") % values
    return _("Suspended from %(start)s to %(end)s.") % values


def programme_suspension_sentence(suspension) -> str:
    """The same period as context in a cohort's factsheet."""
    values = {"start": month(suspension.starts_on), "reason": _reason(suspension)}
    if suspension.ends_on is None:
        if values["reason"]:
            return _("The programme has been suspended since %(start)s: %(reason)s.") % values
        return _("The programme has been suspended since %(start)s.") % values
    values["end"] = month(suspension.ends_on)
    if values["reason"]:
        return _("The programme was suspended from %(start)s to %(end)s: %(reason)s.") % values
    return _("The programme was suspended from %(start)s to %(end)s.") % values
