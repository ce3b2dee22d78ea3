"""Dated periods of a programme read as sentences in the active language: its suspensions
("Suspended from January 2020 to December 2022: ..."), and lengths of time in days, weeks or
months ("4 weeks", "3 months"; decision 0041)."""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

DAY, WEEK, MONTH = "day", "week", "month"


def length_text(value, unit) -> str:
    """ "1 day", "4 weeks", "3 months" in the active language; "" when no length is set."""
    if not value:
        return ""
    if unit == DAY:
        return ngettext("%(count)s day", "%(count)s days", value) % {"count": value}
    if unit == WEEK:
        return ngettext("%(count)s week", "%(count)s weeks", value) % {"count": value}
    return ngettext("%(count)s month", "%(count)s months", value) % {"count": value}


def add_calendar_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` calendar months later (the month's last day when it is shorter:
    31 January + 1 month is 28 or 29 February)."""
    import calendar

    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def end_after(start, value, unit):
    """The last day of a stay of `value` `unit`s from `start` (inclusive): months in calendar
    months (18 December + 3 months ends 17 March), weeks and days counted in days; None when
    either is missing."""
    if start is None or not value:
        return None
    if unit == MONTH:
        return add_calendar_months(start, value) - datetime.timedelta(days=1)
    days = value * 7 if unit == WEEK else value
    return start + datetime.timedelta(days=days - 1)


def in_months(value, unit):
    """A length as whole months (at least one), as the release before decision 0041 held it:
    what going back writes, and what the migration round trip expects."""
    if value is None:
        return None
    if unit == MONTH:
        return value
    days = value * 7 if unit == WEEK else value
    return max(round(days / 30.4375), 1)


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
