"""iCalendar (RFC 5545) feeds of placement dates, read by calendar programs that cannot sign in.

A feed's address carries a per-user secret: ``<user id>-<HMAC of the user's salt>``. The HMAC
is keyed with SECRET_KEY, so the salt in the database alone does not make an address; a new salt
(the "new addresses" button) ends every address handed out before. Whoever holds an address sees
what its owner may see today: the owner's role and department are looked up on every fetch, so a
removed role or a disabled account closes the feed at once.
"""

from __future__ import annotations

import datetime
import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from participants.models import CalendarKey

from .models import Placement

_HMAC_PURPOSE = "exchange_portal.calendar_feed"
PRODID = "-//Civil Service Bureau//Exchange Portal//EN"
# Withdrawn and cancelled placements drop out of the feed; calendar programs then remove them.
SHOWN_STATES = Placement.LIVE_STATES


def _signature(user_id: int, salt: str) -> str:
    return salted_hmac(_HMAC_PURPOSE, f"{user_id}:{salt}", algorithm="sha256").hexdigest()


def calendar_token(user) -> str:
    """The secret part of `user`'s feed addresses (made on first use)."""
    key, _created = CalendarKey.objects.get_or_create(
        user=user, defaults={"salt": secrets.token_urlsafe(32)}
    )
    return f"{user.pk}-{_signature(user.pk, key.salt)}"


@transaction.atomic
def calendar_key_rotate(*, user) -> str:
    """New addresses for `user`'s feeds; the old ones answer 404 from now on."""
    salt = secrets.token_urlsafe(32)
    CalendarKey.objects.update_or_create(user=user, defaults={"salt": salt})
    return f"{user.pk}-{_signature(user.pk, salt)}"


def user_for_token(token: str):
    """The active account whose feed address this is, or None (one query)."""
    user_id, _sep, signature = token.partition("-")
    if not user_id.isdigit() or not signature:
        return None
    key = (
        CalendarKey.objects.select_related("user__profile")
        .filter(user_id=int(user_id), user__is_active=True)
        .first()
    )
    if key is None or not constant_time_compare(signature, _signature(key.user_id, key.salt)):
        return None
    return key.user


def feed_placements(queryset):
    """The placements a feed shows, with what their events print, in one query."""
    return (
        queryset.filter(status__in=SHOWN_STATES)
        .select_related("participant", "cohort__programme", "host_unit__organisation")
        .order_by("start_date", "pk")
    )


def ics(placements, *, name: str, now: datetime.datetime | None = None) -> bytes:
    """An iCalendar file with one all-day event per placement, from its first to its last day.

    Each event's UID is the placement's reference code, so a calendar program updates the same
    event when dates change; SEQUENCE is the placement's version."""
    now = now or timezone.now()
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    domain = urlsplit(settings.PORTAL_BASE_URL).hostname or "exchange-portal"
    for placement in placements:
        unit = placement.host_unit
        event = Event()
        event.add("uid", f"{placement.reference_code}@{domain}")
        event.add("dtstamp", now)
        event.add("last-modified", placement.updated_at)
        event.add("sequence", placement.version)
        event.add("dtstart", placement.start_date)
        # DTEND of an all-day event is the day after the last day (RFC 5545, 3.6.1).
        event.add("dtend", placement.end_date + datetime.timedelta(days=1))
        event.add(
            "summary",
            _("%(officer)s at %(unit)s")
            % {
                "officer": placement.participant.display_name,
                "unit": unit.name_with_organisation,
            },
        )
        event.add("location", ", ".join(p for p in (unit.name, unit.city) if p))
        event.add(
            "description",
            _("%(cohort)s. Reference %(code)s. Status: %(status)s.")
            % {
                "cohort": placement.cohort,
                "code": placement.reference_code,
                "status": placement.get_status_display(),
            },
        )
        event.add(
            "status", "TENTATIVE" if placement.status == Placement.Status.PROPOSED else "CONFIRMED"
        )
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()


def feed_url(request, name: str, **kwargs) -> str:
    """The absolute address of one of the signed-in user's feeds, `name` being the feed's URL
    name (the secret is looked up once a request)."""
    if not hasattr(request, "calendar_token"):
        request.calendar_token = calendar_token(request.user)
    kwargs["token"] = request.calendar_token
    return request.build_absolute_uri(reverse(name, kwargs=kwargs))
