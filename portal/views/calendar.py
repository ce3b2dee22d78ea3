"""Calendar feeds (.ics) of placement dates and the page that hands out their addresses.

The feeds are fetched by calendar programs without a session: the secret in the address stands
for its owner, and the owner's role decides what the feed may show, exactly as on the screens.
An unknown address, a disabled account, or a feed the owner's role may not see is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from exchange_portal.access import RoleRequiredMixin
from exchange_portal.roles import CSB, CSB_AND_HR, OWN_FEED_ROLES, Role, role_of
from participants.models import Department
from placements.calendar_feed import (
    calendar_key_rotate,
    feed_placements,
    feed_url,
    ics,
    user_for_token,
)
from placements.models import Placement
from placements.selectors import placements_for, placements_for_host_contact
from programmes.models import Cohort

FEED_ROLES = OWN_FEED_ROLES | CSB_AND_HR
# Cohort feeds are linked from cohort pages for CSB and from the feeds page for HR, who see
# only their own department's officers in them.
COHORT_FEED_LINKS_FOR_HR = 20


class CalendarFeedView(View):
    """One .ics feed. Subclasses say which roles may read it and which placements it holds."""

    allowed_roles: frozenset[Role] = frozenset()

    def get(self, request, token, **kwargs):
        owner = user_for_token(token)
        if owner is None or role_of(owner) not in self.allowed_roles:
            raise Http404
        profile = getattr(owner, "profile", None)
        with translation.override(profile.language if profile is not None else "en"):
            name, placements = self.feed(owner, **kwargs)
            body = ics(feed_placements(placements), name=name)
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="placements.ics"'
        response["Cache-Control"] = "private, no-store"
        return response

    def feed(self, owner, **kwargs):
        raise NotImplementedError


class OwnCalendarFeedView(CalendarFeedView):
    """A participant's own placements, or a host contact's units' placements."""

    allowed_roles = OWN_FEED_ROLES

    def feed(self, owner):
        if role_of(owner) == Role.HOST_CONTACT:
            return _("Placements in my units"), placements_for_host_contact(owner)
        if getattr(owner, "participant", None) is None:
            raise Http404
        return _("My placements"), Placement.objects.visible_to(owner)


class CohortCalendarFeedView(CalendarFeedView):
    """A cohort's placements: all for CSB, the HR officer's department's for HR."""

    allowed_roles = CSB_AND_HR

    def feed(self, owner, pk):
        cohort = get_object_or_404(Cohort.objects.select_related("programme"), pk=pk)
        return str(cohort), placements_for(owner).filter(cohort=cohort)


class DepartmentCalendarFeedView(CalendarFeedView):
    """A department's officers' placements: any department for CSB, their own for HR."""

    allowed_roles = CSB_AND_HR

    def feed(self, owner, pk):
        department = get_object_or_404(Department.objects.visible_to(owner), pk=pk)
        return (
            _("Officers of %(department)s away") % {"department": department.code},
            placements_for(owner).filter(participant__department=department),
        )


class CalendarFeedsPageView(RoleRequiredMixin, TemplateView):
    """The signed-in user's feed addresses, and a button that replaces them all."""

    allowed_roles = FEED_ROLES
    template_name = "placements/calendar_feeds.html"

    def get_context_data(self, **kwargs):
        request = self.request
        role = request.role
        feeds = []
        if role in OWN_FEED_ROLES:
            title = (
                gettext_lazy("Placements in my units")
                if role == Role.HOST_CONTACT
                else gettext_lazy("My placements")
            )
            feeds.append((title, feed_url(request, "portal:calendar_feed_own")))
        if role == Role.DEPARTMENT_HR:
            department = Department.objects.visible_to(request.user).first()
            if department is not None:
                feeds.append(
                    (
                        _("Officers of %(department)s away") % {"department": department.code},
                        feed_url(request, "portal:calendar_feed_department", pk=department.pk),
                    )
                )
                cohorts = (
                    Cohort.objects.filter(
                        placements__in=Placement.objects.visible_to(request.user).filter(
                            status__in=Placement.LIVE_STATES
                        )
                    )
                    .select_related("programme")
                    .distinct()
                    .order_by("-start_date", "pk")[:COHORT_FEED_LINKS_FOR_HR]
                )
                feeds.extend(
                    (str(c), feed_url(request, "portal:calendar_feed_cohort", pk=c.pk))
                    for c in cohorts
                )
        return super().get_context_data(feeds=feeds, csb=role in CSB, **kwargs)

    def post(self, request, *args, **kwargs):
        calendar_key_rotate(user=request.user)
        messages.success(
            request,
            _("Your calendar feeds have new addresses. The old addresses no longer work."),
        )
        return redirect("portal:calendar_feeds")
