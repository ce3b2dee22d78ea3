"""Department HR's own pages: their home (the calls open to their officers, then their
department's nominations) and nominating an officer from a call's page, which CSB managers and
the organising department's coordinators use as well."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from exchange_portal.access import RoleRequiredMixin
from exchange_portal.forms import add_service_error
from exchange_portal.roles import ACTORS, DEPARTMENT_HRS, department_scope
from participants.models import Participant
from participants.selectors import participants_for
from placements import services
from placements.models import Nomination, Placement
from placements.selectors import host_units_for_cohort, nominations_for
from placements.services import PLACE_HOLDING_STATES
from programmes.models import Cohort, CohortQuota, Direction, Programme
from programmes.selectors import cohorts_for

from ..forms import NominationForm

# The nominations the home lists; the rest are on the nominations list.
HOME_NOMINATIONS = 50


def takes_nominations(cohort) -> bool:
    """Whether a cohort's call is open to Hong Kong officers: open for nominations and not an
    inbound batch (those are the partner government's officers'). The deadline and the
    officer's eligibility are the service's to check."""
    return cohort.status == Cohort.Status.NOMINATIONS_OPEN and cohort.direction != Direction.INBOUND


def shows_nominate_button(cohort, role, *, now=None) -> bool:
    """The cohort page's "Nominate an officer": for those who may nominate, while the call is
    open, its deadline has not passed and its programme is active (a suspended programme's call
    takes no nominations: the nominate page says so to whoever reaches it)."""
    now = now or timezone.now()
    return (
        role in ACTORS
        and takes_nominations(cohort)
        and cohort.programme.status == Programme.Status.ACTIVE
        and (cohort.nominations_close_at is None or cohort.nominations_close_at > now)
    )


def _count(queryset):
    """A correlated count of `queryset`'s rows (filtered on OuterRef('pk')), 0 when none."""
    counted = queryset.order_by().values("cohort").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def open_calls_for(user, *, now=None):
    """The calls a department's officers may be nominated to now, soonest deadline first, each
    with the places held overall and by the department, the department's quota (None if it
    has none) and how many nominations the department has made: one query, plus one for the
    eligible grades, whatever the number of calls."""
    now = now or timezone.now()
    department = department_scope(user)
    holding = Placement.objects.filter(cohort=OuterRef("pk"), status__in=PLACE_HOLDING_STATES)
    return (
        cohorts_for(user)
        .filter(status=Cohort.Status.NOMINATIONS_OPEN, programme__status=Programme.Status.ACTIVE)
        .exclude(direction=Direction.INBOUND)
        .filter(Q(nominations_close_at__isnull=True) | Q(nominations_close_at__gt=now))
        .annotate(
            taken=_count(holding),
            department_taken=_count(holding.filter(participant__department_id=department)),
            department_quota=Subquery(
                CohortQuota.objects.filter(cohort=OuterRef("pk"), department_id=department)
                .order_by()
                .values("places")[:1]
            ),
            department_nominations=_count(
                Nomination.objects.filter(
                    cohort=OuterRef("pk"), nominating_department_id=department
                )
            ),
        )
        .prefetch_related("eligible_grades")
        .order_by("nominations_close_at", "start_date", "pk")
    )


class HrHomeView(RoleRequiredMixin, TemplateView):
    """What department HR do next: the open calls they may nominate to, then what became of
    their department's nominations (each decision's status and reason)."""

    allowed_roles = DEPARTMENT_HRS
    template_name = "staff/hr_home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        rank_labels = dict(Participant.RankLevel.choices)
        calls = list(open_calls_for(user))
        for call in calls:
            call.places_left = max(call.places - call.taken, 0)
            if call.department_quota is not None:
                call.quota_left = max(call.department_quota - call.department_taken, 0)
            call.rank_level_labels = [
                rank_labels.get(level, level) for level in call.eligible_rank_levels
            ]
        nominations = nominations_for(user).filter(
            participant__department_id=department_scope(user)
        )
        return super().get_context_data(
            calls=calls,
            nominations=list(nominations.order_by("-created_at", "-pk")[:HOME_NOMINATIONS]),
            nominations_count=nominations.count(),
            **kwargs,
        )


class NominateView(RoleRequiredMixin, FormView):
    """Nominate one officer for an open call from the cohort's page. HR and coordinators offer
    their own department's Hong Kong officers, CSB managers any (in the officer's department's
    name); the service checks the call, the officer's eligibility and who may nominate whom."""

    allowed_roles = ACTORS
    template_name = "staff/nominate.html"
    form_class = NominationForm

    @cached_property
    def cohort(self):
        return get_object_or_404(cohorts_for(self.request.user), pk=self.kwargs["pk"])

    def officers(self):
        officers = (
            participants_for(self.request.user)
            .filter(origin=Participant.Origin.HONG_KONG, department__isnull=False)
            .order_by("name_en", "pk")
        )
        department = department_scope(self.request.user)
        if department is not None:
            officers = officers.filter(department_id=department)
        return officers

    def refuse_if_closed(self):
        if takes_nominations(self.cohort):
            return None
        messages.error(
            self.request,
            _("%(cohort)s is not open for nominations (it is %(status)s).")
            % {"cohort": self.cohort, "status": self.cohort.get_status_display().lower()}
            if self.cohort.direction != Direction.INBOUND
            else _("%(cohort)s is an inbound batch: its officers come from the partner government.")
            % {"cohort": self.cohort},
        )
        return redirect(self.cohort.get_staff_url())

    def get(self, request, *args, **kwargs):
        return self.refuse_if_closed() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.refuse_if_closed() or super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "officers": self.officers(),
            "cohort": self.cohort,
            "host_units": host_units_for_cohort(self.cohort),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(cohort=self.cohort, **kwargs)

    def form_valid(self, form):
        try:
            nomination = services.nomination_create(
                cohort=self.cohort, actor=self.request.user, **form.service_kwargs()
            )
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(officer)s is nominated for %(cohort)s.")
            % {"officer": nomination.participant, "cohort": self.cohort},
        )
        # Not refusals: the nomination is made, and the nominator is told of the overlap.
        for warning in nomination.warnings:
            messages.warning(self.request, warning)
        return redirect(nomination.get_staff_url())
