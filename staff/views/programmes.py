"""Staff screens for programmes and cohorts: CSB staff and the organising department's
coordinators read them (department HR read the cohorts, to nominate), CSB managers and
coordinators create, edit and run them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, TemplateView

import charts
from exchange_portal.access import RoleRequiredMixin
from exchange_portal.forms import add_service_error
from exchange_portal.roles import (
    CSB,
    CSB_AND_HR,
    PROGRAMME_READERS,
    RUNNERS,
    Role,
    department_scope,
)
from exchange_portal.staff import Column, RecordDetailMixin, StaffListView, choice_label
from exchange_portal.transition_views import TransitionView
from figures import chart_data
from participants.models import Participant
from placements.calendar_feed import feed_url
from placements.models import MAX_HOST_PREFERENCES, Placement
from placements.next_steps import for_cohort
from placements.selectors import host_preferences_for, nominations_for, placements_for
from placements.services import PLACE_HOLDING_STATES
from programmes import services
from programmes.filters import CohortFilter, ProgrammeFilter
from programmes.forms import formset_suspensions
from programmes.models import Cohort, Programme
from programmes.selectors import cohorts_for, programmes_for
from programmes.transitions import COHORT_TRANSITIONS, PROGRAMME_TRANSITIONS

from ..forms import (
    CohortForm,
    CohortQuotaFormSet,
    ProgrammeForm,
    SuspensionFormSet,
    formset_quotas,
)
from .hr import shows_nominate_button

# Who reads the cohorts' pages: the programme readers, and department HR to nominate.
COHORT_READERS = PROGRAMME_READERS | {Role.DEPARTMENT_HR}


class ProgrammeListView(StaffListView):
    allowed_roles = PROGRAMME_READERS
    filterset_class = ProgrammeFilter
    title = _("Programmes")
    export_name = "programmes"
    default_sort = "name"
    columns = [
        Column("name", _("Name"), lambda p: p.name, ("name_en",), link=True),
        Column("code", _("Code"), lambda p: p.code, ("code",)),
        Column("kind", _("Kind"), lambda p: choice_label(p, "kind"), ("kind",)),
        Column("organiser", _("Organiser"), lambda p: p.organiser.code, ("organiser__code",)),
        Column("direction", _("Direction"), lambda p: p.get_direction_display(), ("direction",)),
        Column("status", _("Status"), lambda p: p.get_status_display(), ("status",), tag=True),
    ]

    def get_base_queryset(self):
        return programmes_for(self.request.user)

    def get_context_data(self, **kwargs):
        if self.request.role in RUNNERS:
            kwargs.update(new_url=reverse("staff:programme_add"), new_label=_("New programme"))
        return super().get_context_data(**kwargs)


class ProgrammeDetailView(RoleRequiredMixin, RecordDetailMixin, DetailView):
    allowed_roles = PROGRAMME_READERS
    template_name = "programmes/staff_programme.html"
    context_object_name = "programme"
    transitions = PROGRAMME_TRANSITIONS
    transition_url = "staff:programme_transition"

    def get_queryset(self):
        return programmes_for(self.request.user).prefetch_related(
            "cohorts", "agreements", "suspensions"
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_edit=self.request.role in RUNNERS,
            is_csb=self.request.role in CSB,
            **kwargs,
        )


class CohortListView(StaffListView):
    allowed_roles = COHORT_READERS
    filterset_class = CohortFilter
    title = _("Cohorts")
    export_name = "cohorts"
    default_sort = "-start"
    columns = [
        Column("name", _("Cohort"), lambda c: c.localised_name, ("name",), link=True),
        Column("programme", _("Programme"), lambda c: c.programme.name, ("programme__name_en",)),
        Column("direction", _("Direction"), lambda c: c.get_direction_display(), ("direction",)),
        Column("start", _("Start"), lambda c: c.start_date, ("start_date",)),
        Column("end", _("End"), lambda c: c.end_date, ("end_date",)),
        Column("places", _("Places"), lambda c: c.places, ("places",), numeric=True),
        Column("status", _("Status"), lambda c: c.get_status_display(), ("status",), tag=True),
    ]

    def get_base_queryset(self):
        return cohorts_for(self.request.user)

    def get_context_data(self, **kwargs):
        if self.request.role in RUNNERS:
            kwargs.update(new_url=reverse("staff:cohort_add"), new_label=_("New cohort or call"))
        return super().get_context_data(**kwargs)

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        # The programme filter offers only the programmes the user may see.
        field = filterset.form.fields["programme"]
        field.queryset = programmes_for(self.request.user).order_by("name_en")
        field.widget.choices = field.choices
        return filterset


class CohortDetailView(RoleRequiredMixin, RecordDetailMixin, DetailView):
    allowed_roles = COHORT_READERS
    template_name = "programmes/staff_cohort.html"
    context_object_name = "cohort"
    transitions = COHORT_TRANSITIONS
    transition_url = "staff:cohort_transition"

    def get_queryset(self):
        return cohorts_for(self.request.user).prefetch_related(
            "quotas__department", "eligible_grades"
        )

    def next_step(self):
        return for_cohort(self.object)

    def get_context_data(self, **kwargs):
        user = self.request.user
        cohort = self.object
        # Only the nominations and placements the user may see: HR their department's.
        nominations = (
            nominations_for(user)
            .filter(cohort=cohort)
            .order_by("status", "participant__department__code", "rank")
        )
        placements = placements_for(user).filter(cohort=cohort).order_by("start_date")
        # A count of the places held, over every department: no one's personal data.
        taken = Placement.objects.filter(cohort=cohort, status__in=PLACE_HOLDING_STATES).count()
        reads_programme = self.request.role in PROGRAMME_READERS
        extra = {}
        if reads_programme:
            # The timeline names every placed officer: the programme's readers only.
            extra["timeline"] = charts.timeline(
                chart_data.timeline_for_cohort(cohort),
                key="cohort-timeline",
                title=_("Placements of %(cohort)s") % {"cohort": cohort.localised_name},
            )
            # Messages written to the cohort (issue 19.6), newest first.
            extra["cohort_messages"] = cohort.cohort_messages.select_related("sent_by")
        if self.request.role in CSB_AND_HR:  # the roles the cohort's feed serves
            extra["calendar_feed"] = feed_url(
                self.request, "portal:calendar_feed_cohort", pk=cohort.pk
            )
        if cohort.takes_host_preferences:
            extra["nomination_preferences"] = preference_rows(nominations, cohort)
        rank_labels = dict(Participant.RankLevel.choices)
        return super().get_context_data(
            nominations=nominations,
            placements=placements,
            places_left=max(cohort.places - taken, 0),
            rank_levels=[rank_labels.get(level, level) for level in cohort.eligible_rank_levels],
            reads_programme=reads_programme,
            is_csb=self.request.role in CSB,
            can_edit=self.request.role in RUNNERS,
            can_nominate=shows_nominate_button(cohort, self.request.role),
            **extra,
            **kwargs,
        )


def preference_rows(nominations, cohort) -> list[dict]:
    """The cohort page's "Host preferences": each nominee who named some, with the units in
    order (a blank where fewer than three) and their places left. Reads the nominations the
    page lists (the same evaluated queryset) and two queries more."""
    preferences = host_preferences_for(nominations, cohort)
    return [
        {
            "nomination": nomination,
            "preferences": [
                *preferences[nomination.pk],
                *[None] * (MAX_HOST_PREFERENCES - len(preferences[nomination.pk])),
            ],
        }
        for nomination in nominations
        if nomination.pk in preferences
    ]


class CohortTransitionView(TransitionView):
    allowed_roles = RUNNERS
    transitions = COHORT_TRANSITIONS


class ProgrammeTransitionView(TransitionView):
    allowed_roles = RUNNERS
    transitions = PROGRAMME_TRANSITIONS


class ProgrammeEditView(RoleRequiredMixin, TemplateView):
    """Create (no pk) or edit a programme. A coordinator's programme is organised by their
    department: they do not choose the organiser."""

    allowed_roles = RUNNERS
    template_name = "programmes/staff_programme_form.html"

    def get_object(self):
        if "pk" not in self.kwargs:
            return Programme()
        return get_object_or_404(programmes_for(self.request.user), pk=self.kwargs["pk"])

    def make_form(self, programme, data=None):
        return ProgrammeForm(
            data,
            instance=programme,
            organiser_fixed=department_scope(self.request.user) is not None,
        )

    def make_suspensions(self, programme, data=None):
        return SuspensionFormSet(
            data,
            instance=programme if programme.pk else Programme(),
            prefix="suspensions",
            queryset=programme.suspensions.all() if programme.pk else None,
        )

    def get(self, request, *args, **kwargs):
        programme = self.get_object()
        return self.render_to_response(
            self.get_context_data(
                form=self.make_form(programme),
                suspensions=self.make_suspensions(programme),
                programme=programme,
            )
        )

    def post(self, request, *args, **kwargs):
        programme = self.get_object()
        form = self.make_form(programme, request.POST)
        suspensions = self.make_suspensions(programme, request.POST)
        if form.is_valid() and suspensions.is_valid():
            fields = dict(form.cleaned_data)
            department = department_scope(request.user)
            if department is not None:
                fields["organiser_id"] = department
            try:
                with transaction.atomic():
                    programme = services.programme_save(
                        programme=programme,
                        actor=request.user,
                        suspensions=formset_suspensions(suspensions),
                        **fields,
                    )
            except ValidationError as error:
                if "pk" not in self.kwargs:
                    programme.pk = None  # a rolled-back insert leaves its id behind
                    programme._state.adding = True
                add_service_error(form, error)
            else:
                messages.success(request, _("Programme %(name)s saved.") % {"name": programme})
                return redirect(programme.get_staff_url())
        return self.render_to_response(
            self.get_context_data(form=form, suspensions=suspensions, programme=programme)
        )


class CohortEditView(RoleRequiredMixin, TemplateView):
    """Create (no pk) or edit a cohort with its eligibility and department quotas, in one
    transaction through the cohort service; a planned cohort's call may open on saving."""

    allowed_roles = RUNNERS
    template_name = "programmes/staff_cohort_form.html"

    def get_object(self):
        if "pk" not in self.kwargs:
            cohort = Cohort()
            programme = self.request.GET.get("programme", "")
            if programme.isdigit():
                cohort.programme = programmes_for(self.request.user).filter(pk=programme).first()
            return cohort
        return get_object_or_404(cohorts_for(self.request.user), pk=self.kwargs["pk"])

    def forms(self, cohort, data=None):
        form = CohortForm(data, instance=cohort, user=self.request.user)
        quotas = CohortQuotaFormSet(
            data,
            instance=cohort if cohort.pk else Cohort(),
            prefix="quotas",
            queryset=cohort.quotas.select_related("department") if cohort.pk else None,
        )
        return form, quotas

    def render_forms(self, cohort, form, quotas):
        return self.render_to_response(
            self.get_context_data(form=form, quotas=quotas, cohort=cohort)
        )

    def get(self, request, *args, **kwargs):
        cohort = self.get_object()
        return self.render_forms(cohort, *self.forms(cohort))

    def post(self, request, *args, **kwargs):
        cohort = self.get_object()
        form, quotas = self.forms(cohort, request.POST)
        if form.is_valid() and quotas.is_valid():
            fields = form.service_kwargs()
            try:
                with transaction.atomic():
                    cohort = services.cohort_save(
                        cohort=cohort,
                        actor=request.user,
                        quotas=formset_quotas(quotas),
                        **fields,
                    )
            except ValidationError as error:
                if "pk" not in self.kwargs:
                    cohort.pk = None  # a rolled-back insert leaves its id behind
                    cohort._state.adding = True
                add_service_error(form, error)
            else:
                if cohort.status == Cohort.Status.NOMINATIONS_OPEN and fields["open_call"]:
                    text = _("Cohort %(name)s saved and its call opened.")
                else:
                    text = _("Cohort %(name)s saved.")
                messages.success(request, text % {"name": cohort})
                return redirect(cohort.get_staff_url())
        return self.render_forms(cohort, form, quotas)
