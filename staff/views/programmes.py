"""Staff screens for programmes and cohorts."""

from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

import charts
from exchange_portal.access import RoleRequiredMixin
from exchange_portal.roles import CSB, MANAGERS
from exchange_portal.staff import Column, RecordDetailMixin, StaffListView, choice_label
from exchange_portal.transition_views import TransitionView
from figures import chart_data
from placements.calendar_feed import feed_url
from placements.next_steps import for_cohort
from placements.selectors import placements_for
from programmes.filters import CohortFilter, ProgrammeFilter
from programmes.selectors import cohorts_for, programmes_for
from programmes.transitions import COHORT_TRANSITIONS, PROGRAMME_TRANSITIONS


class ProgrammeListView(StaffListView):
    allowed_roles = CSB
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
        Column("status", _("Status"), lambda p: p.get_status_display(), ("status",)),
    ]

    def get_base_queryset(self):
        return programmes_for(self.request.user)


class ProgrammeDetailView(RoleRequiredMixin, RecordDetailMixin, DetailView):
    allowed_roles = CSB
    template_name = "programmes/staff_programme.html"
    context_object_name = "programme"
    transitions = PROGRAMME_TRANSITIONS
    transition_url = "staff:programme_transition"

    def get_queryset(self):
        return programmes_for(self.request.user).prefetch_related("cohorts", "agreements")


class CohortListView(StaffListView):
    allowed_roles = CSB
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
        Column("status", _("Status"), lambda c: c.get_status_display(), ("status",)),
    ]

    def get_base_queryset(self):
        return cohorts_for(self.request.user)


class CohortDetailView(RoleRequiredMixin, RecordDetailMixin, DetailView):
    allowed_roles = CSB
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
        nominations = self.object.nominations.select_related(
            "participant__department", "participant__grade"
        ).order_by("status", "participant__department__code", "rank")
        placements = (
            placements_for(self.request.user).filter(cohort=self.object).order_by("start_date")
        )
        timeline = charts.timeline(
            chart_data.timeline_for_cohort(self.object),
            key="cohort-timeline",
            title=_("Placements of %(cohort)s") % {"cohort": self.object.name},
        )
        return super().get_context_data(
            timeline=timeline,
            nominations=nominations,
            placements=placements,
            calendar_feed=feed_url(self.request, "portal:calendar_feed_cohort", pk=self.object.pk),
            **kwargs,
        )


class CohortTransitionView(TransitionView):
    allowed_roles = MANAGERS
    transitions = COHORT_TRANSITIONS


class ProgrammeTransitionView(TransitionView):
    allowed_roles = MANAGERS
    transitions = PROGRAMME_TRANSITIONS
