"""Staff screens for hosts, nominations and placements, and the CSB dashboard."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, FormView, TemplateView

import charts
from exchange_portal.access import RoleRequiredMixin
from exchange_portal.exports import TableExportMixin, figures_table
from exchange_portal.forms import add_service_error
from exchange_portal.kept_pages import KeptPageMixin
from exchange_portal.names import localised_name, name_fields, unit_at_organisation
from exchange_portal.roles import ACTORS, CSB, CSB_AND_HR, MANAGERS, RUNNERS, STAFF, role_of
from exchange_portal.staff import (
    Column,
    RecordDetailMixin,
    StaffListView,
    choice_label,
    value_label,
)
from exchange_portal.transition_views import TransitionView
from figures import chart_data
from figures.selectors import dashboard_figures
from participants.models import Participant
from placements import next_steps, services
from placements.calendar_feed import feed_url
from placements.filters import (
    HostOrganisationFilter,
    HostUnitFilter,
    NominationFilter,
    PlacementFilter,
)
from placements.forms import RenewalDecisionForm
from placements.models import HostOrganisation, HostUnit, Nomination, Placement
from placements.schedule import with_reports
from placements.selectors import (
    first_preference_with_place,
    host_preferences_for,
    host_units_allowed_for,
    host_units_for_cohort,
    needs_action,
    nominations_for,
    placements_for,
    stale_states,
)
from placements.services.amendments import AMENDABLE
from placements.transitions import (
    AMENDMENT_TRANSITIONS,
    NOMINATION_TRANSITIONS,
    PLACEMENT_TRANSITIONS,
    REPORT_TRANSITIONS,
)

from ..forms import AmendmentRequestForm, NominationPreferencesForm, PlacementProposeForm

# Rows the dashboard shows of each "needs action" list; the needs-action page shows them all.
DASHBOARD_ROWS = 5


class DashboardView(RoleRequiredMixin, KeptPageMixin, TemplateView):
    """CSB's day: records the calendar passed by, what needs action, and this year's headline
    figures."""

    allowed_roles = CSB
    template_name = "staff/dashboard.html"

    def get(self, request, *args, **kwargs):
        # Kept whole between changes, at most a minute as to the clock (decision 0058).
        return self.kept_get(super().get, request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            stale=stale_states(),
            lists=needs_action(shown=DASHBOARD_ROWS),
            figures=dashboard_figures(),
            **kwargs,
        )


class NominationListView(StaffListView):
    allowed_roles = STAFF
    filterset_class = NominationFilter
    title = _("Nominations")
    export_name = "nominations"
    default_sort = "-submitted"
    columns = [
        Column(
            "officer",
            _("Officer"),
            lambda n: n.participant.name_en,
            ("participant__name_en",),
            link=True,
        ),
        Column(
            "department",
            _("Department"),
            lambda n: n.participant.affiliation_code,
            ("participant__department__code",),
        ),
        Column(
            "grade",
            _("Grade"),
            lambda n: n.participant.grade.code if n.participant.grade_id else "",
            ("participant__grade__code",),
        ),
        Column("cohort", _("Cohort"), lambda n: n.cohort.localised_name, ("cohort__name",)),
        Column("rank", _("Ranking"), lambda n: n.rank, ("rank",), numeric=True),
        Column("status", _("Status"), lambda n: choice_label(n, "status"), ("status",)),
        Column("submitted", _("Submitted"), lambda n: n.created_at.date(), ("created_at",)),
    ]

    def get_base_queryset(self):
        return nominations_for(self.request.user)


class NominationDetailView(RoleRequiredMixin, RecordDetailMixin, DetailView):
    allowed_roles = STAFF
    template_name = "placements/staff_nomination.html"
    context_object_name = "nomination"
    transitions = NOMINATION_TRANSITIONS
    transition_url = "staff:nomination_transition"

    def get_queryset(self):
        return nominations_for(self.request.user)

    def next_step(self):
        return next_steps.for_nomination(self.object)

    def get_context_data(self, **kwargs):
        user = self.request.user
        placement = getattr(self.object, "placement", None)
        return super().get_context_data(
            may_propose=(
                self.object.status == Nomination.Status.SELECTED
                and placement is None
                and role_in(user, RUNNERS)
                and user.has_perm("placements.add_placement")
            ),
            may_propose_another=may_propose_another(placement, user),
            host_preferences=host_preferences_for([self.object], self.object.cohort).get(
                self.object.pk, []
            ),
            may_change_preferences=may_change_preferences(self.object, user),
            **kwargs,
        )


def may_change_preferences(nomination, user) -> bool:
    """The nomination page's "Change the host preferences": while the nomination is submitted,
    for whoever may change it (CSB managers, the nominee's department's HR, the organising
    department's coordinator), where the call takes preferences."""
    return (
        nomination.cohort.takes_host_preferences
        and nomination.status == Nomination.Status.SUBMITTED
        and role_in(user, ACTORS)
        and services.may_change_nomination(user, nomination)
    )


class NominationPreferencesView(RoleRequiredMixin, FormView):
    """Change the host units a submitted nomination's officer prefers, in order. Reads the
    nomination through the user's scope (another department's is a 404); the service checks
    who may change it and when."""

    allowed_roles = ACTORS
    template_name = "placements/staff_nomination_preferences.html"
    form_class = NominationPreferencesForm

    @cached_property
    def nomination(self):
        return get_object_or_404(
            nominations_for(self.request.user).select_related("cohort__programme"),
            pk=self.kwargs["pk"],
        )

    def refuse_if_fixed(self):
        nomination = self.nomination
        if may_change_preferences(nomination, self.request.user):
            return None
        if not nomination.cohort.takes_host_preferences:
            message = _("%(cohort)s does not take host preferences.") % {
                "cohort": nomination.cohort
            }
        elif nomination.status != Nomination.Status.SUBMITTED:
            message = _(
                "Host preferences can be changed only while the nomination is submitted (it is "
                "%(status)s)."
            ) % {"status": nomination.get_status_display().lower()}
        else:
            message = _("This nomination is not your department's.")
        messages.error(self.request, message)
        return redirect(nomination.get_staff_url())

    def get(self, request, *args, **kwargs):
        return self.refuse_if_fixed() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.refuse_if_fixed() or super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        cohort = self.nomination.cohort
        return {
            **super().get_form_kwargs(),
            "cohort": cohort,
            "host_units": host_units_for_cohort(cohort),
            "initial_units": [
                p.host_unit
                for p in host_preferences_for([self.nomination], cohort).get(self.nomination.pk, [])
            ],
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(nomination=self.nomination, **kwargs)

    def form_valid(self, form):
        try:
            services.nomination_preferences_set(
                nomination=self.nomination,
                actor=self.request.user,
                host_preferences=form.host_preferences(),
            )
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        except PermissionDenied as error:
            messages.error(self.request, str(error))
            return redirect(self.nomination.get_staff_url())
        messages.success(self.request, _("The host preferences are saved."))
        return redirect(self.nomination.get_staff_url())


class PlacementListView(StaffListView):
    allowed_roles = STAFF
    filterset_class = PlacementFilter
    title = _("Placements")
    export_name = "placements"
    default_sort = "-start"
    # Rows are read as dicts of the columns shown (no model instances: 50 rows were about 400
    # instances of six models); names in the reader's language as the models' `name` gives them.
    row_fields = (
        "pk",
        "reference_code",
        *name_fields("participant"),
        "participant__origin",
        *name_fields("participant", "home_organisation"),
        "participant__department__code",
        *name_fields("cohort__programme"),
        *name_fields("host_unit"),
        *name_fields("host_unit__organisation"),
        "start_date",
        "end_date",
        "status",
    )
    columns = [
        Column(
            "reference",
            _("Reference"),
            lambda p: p["reference_code"],
            ("reference_code",),
            link=True,
        ),
        Column(
            "officer",
            _("Officer"),
            # The name in the reader's language and script (Participant.display_name).
            lambda p: localised_name(*(p[f] or "" for f in name_fields("participant"))),
            ("participant__name_en",),
        ),
        Column(
            "department",
            _("Department"),
            lambda p: Participant.affiliation_code_of(
                p["participant__origin"],
                localised_name(
                    *(p[f] or "" for f in name_fields("participant", "home_organisation"))
                ),
                p["participant__department__code"],
            ),
            ("participant__department__code",),
        ),
        Column(
            "programme",
            _("Programme"),
            lambda p: localised_name(*(p[f] or "" for f in name_fields("cohort__programme"))),
            ("cohort__programme__name_en",),
        ),
        Column(
            "host",
            _("Host"),
            lambda p: unit_at_organisation(
                localised_name(*(p[f] or "" for f in name_fields("host_unit"))),
                localised_name(*(p[f] or "" for f in name_fields("host_unit__organisation"))),
            ),
            ("host_unit__organisation__name_en", "host_unit__name_en"),
        ),
        Column("start", _("Start"), lambda p: p["start_date"], ("start_date",)),
        Column("end", _("End"), lambda p: p["end_date"], ("end_date",)),
        Column(
            "status",
            _("Status"),
            lambda p: value_label(Placement, "status", p["status"]),
            ("status",),
        ),
    ]

    def get_base_queryset(self):
        return placements_for(self.request.user)

    def row_url(self, obj) -> str:
        return reverse("staff:placement", args=[obj["pk"]])


class PlacementDetailView(RoleRequiredMixin, RecordDetailMixin, DetailView):
    allowed_roles = STAFF
    template_name = "placements/staff_placement.html"
    context_object_name = "placement"
    transitions = PLACEMENT_TRANSITIONS
    transition_url = "staff:placement_transition"

    def get_queryset(self):
        return placements_for(self.request.user).prefetch_related(
            "focus_areas",
            "reports",
            "amendments__new_host_unit__organisation",
            "amendments__requested_by",
            "amendments__decided_by",
            "renewal_decisions__decided_by",
            "renewal_decisions__amendment",
        )

    def next_step(self):
        return next_steps.for_placement(self.object)

    def get_context_data(self, **kwargs):
        user = self.request.user
        amendments = [
            (amendment, self.amendment_actions(amendment))
            for amendment in self.object.amendments.all()
        ]
        reports = [(report, returns_offered(report, user)) for report in self.object.reports.all()]
        return super().get_context_data(
            amendments=amendments,
            reports=reports,
            may_propose_another=may_propose_another(self.object, user),
            checkins=with_reports(self.object, self.object.reports.all()),
            may_decide_renewal=role_in(user, MANAGERS)
            and services.may_decide_renewal(self.object, user),
            may_request_amendment=(
                self.object.status in AMENDABLE
                and role_in(user, RUNNERS)
                and user.has_perm("placements.add_placementamendment")
                and not any(a.status == a.Status.REQUESTED for a, _actions in amendments)
            ),
            **kwargs,
        )

    def amendment_actions(self, amendment):
        """The buttons of one amendment: its requester withdraws it, someone else decides."""
        user = self.request.user
        if not role_in(user, RUNNERS):
            return []
        if amendment.requested_by_id == user.pk:
            available = AMENDMENT_TRANSITIONS.workflow.available_from(amendment.status)
            return [t for t in available if t.name == "withdraw"]
        offered = AMENDMENT_TRANSITIONS.offered(amendment, user)
        return [t for t in offered if t.name != "withdraw"]


class NominationTransitionView(TransitionView):
    allowed_roles = ACTORS
    transitions = NOMINATION_TRANSITIONS


class PlacementTransitionView(TransitionView):
    allowed_roles = ACTORS
    transitions = PLACEMENT_TRANSITIONS


def role_in(user, roles) -> bool:
    return role_of(user) in roles


def may_propose_another(placement, user) -> bool:
    """ "Propose another unit" for a proposal its host unit declined, to those who run it."""
    return (
        placement is not None
        and placement.status == Placement.Status.PROPOSED
        and placement.host_response == Placement.HostResponse.DECLINED
        and role_in(user, RUNNERS)
        and user.has_perm("placements.change_placement")
    )


def returns_offered(report, user) -> list:
    """ "Return for changes" on a submitted report, for CSB managers and coordinators (the
    author submits from their own form)."""
    if not role_in(user, RUNNERS):
        return []
    return [t for t in REPORT_TRANSITIONS.offered(report, user) if t.name == "return"]


class AmendmentTransitionView(TransitionView):
    """Approve, reject (with a reason) or withdraw an amendment; the service holds four eyes."""

    allowed_roles = RUNNERS
    transitions = AMENDMENT_TRANSITIONS


class ReportTransitionView(TransitionView):
    """Return a submitted report to its author with the reason shown on their form."""

    allowed_roles = RUNNERS
    transitions = REPORT_TRANSITIONS


class AmendmentRequestView(RoleRequiredMixin, FormView):
    """Ask for new dates or another host unit for a confirmed or running placement."""

    allowed_roles = RUNNERS
    template_name = "placements/staff_amendment_request.html"
    form_class = AmendmentRequestForm

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self._placement = None

    def get_placement(self):
        if self._placement is None:
            self._placement = get_object_or_404(
                placements_for(self.request.user), pk=self.kwargs["pk"]
            )
        return self._placement

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "host_units": host_units_allowed_for(self.get_placement().cohort.programme),
            "programme": self.get_placement().cohort.programme,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(placement=self.get_placement(), **kwargs)

    def form_valid(self, form):
        placement = self.get_placement()
        try:
            with transaction.atomic():
                services.amendment_request(
                    placement=placement, actor=self.request.user, **form.service_kwargs()
                )
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        except PermissionDenied as error:
            messages.error(self.request, str(error))
            return redirect(placement.get_staff_url())
        messages.success(
            self.request,
            _("Amendment of %(code)s asked for; someone else approves or rejects it.")
            % {"code": placement.reference_code},
        )
        return redirect(placement.get_staff_url() + "#amendments-heading")


class RenewalDecisionView(RoleRequiredMixin, FormView):
    """CSB's renewal decision at a long appointment's yearly review: renew (the extension
    asked for as an amendment that someone else approves) or not, with the reason."""

    allowed_roles = MANAGERS
    template_name = "placements/staff_renewal_decision.html"
    form_class = RenewalDecisionForm

    def get_placement(self):
        if not hasattr(self, "_placement"):
            self._placement = get_object_or_404(
                placements_for(self.request.user).prefetch_related("reports"),
                pk=self.kwargs["pk"],
            )
        return self._placement

    def get_context_data(self, **kwargs):
        placement = self.get_placement()
        return super().get_context_data(
            placement=placement, year=services.renewal_year(placement), **kwargs
        )

    def form_valid(self, form):
        placement = self.get_placement()
        data = form.cleaned_data
        try:
            with transaction.atomic():
                decision = services.renewal_decide(
                    placement=placement,
                    actor=self.request.user,
                    outcome=data["outcome"],
                    months=data.get("months"),
                    reason=data["reason"],
                )
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        except PermissionDenied as error:
            messages.error(self.request, str(error))
            return redirect(placement.get_staff_url())
        if decision.amendment_id:
            message = _(
                "Renewal recorded; the extension is asked for as an amendment that someone "
                "else approves."
            )
        else:
            message = _("Decision not to renew recorded; the placement ends as planned.")
        messages.success(self.request, message)
        return redirect(decision.get_staff_url())


class HostOrganisationListView(StaffListView):
    allowed_roles = CSB
    filterset_class = HostOrganisationFilter
    title = _("Host organisations")
    export_name = "host-organisations"
    default_sort = "name"
    columns = [
        Column("name", _("Name"), lambda o: o.name, ("name_en",), link=True),
        Column("kind", _("Kind"), lambda o: choice_label(o, "kind"), ("kind",)),
        Column("country", _("Country or region"), lambda o: o.localised_country, ("country",)),
        Column("city", _("City"), lambda o: o.localised_city, ("city",)),
        Column(
            "parent",
            _("Part of"),
            lambda o: o.parent.name if o.parent_id else "",
            ("parent__name_en",),
        ),
    ]

    def get_base_queryset(self):
        return HostOrganisation.objects.select_related("parent")


class HostOrganisationDetailView(
    TableExportMixin, RoleRequiredMixin, RecordDetailMixin, DetailView
):
    allowed_roles = CSB
    template_name = "placements/staff_host.html"
    context_object_name = "organisation"
    export_name = "host-placements"

    def get_queryset(self):
        return HostOrganisation.objects.select_related("parent").prefetch_related(
            "units", "children"
        )

    def placements(self):
        return (
            placements_for(self.request.user)
            .filter(host_unit__organisation__in=[self.object, *self.object.children.all()])
            .order_by("-start_date", "pk")
        )

    def export_table(self):
        header = [
            _("Reference"),
            _("Officer"),
            _("Department"),
            _("Unit"),
            _("Start"),
            _("End"),
            _("Status"),
        ]
        rows = (
            [
                p.reference_code,
                p.participant.display_name,
                p.participant.affiliation_code,
                p.host_unit.name,
                p.start_date,
                p.end_date,
                choice_label(p, "status"),
            ]
            for p in self.placements().iterator(2000)
        )
        return header, rows

    def get_context_data(self, **kwargs):
        placements = self.placements()[:200]
        timeline = charts.timeline(
            chart_data.timeline_for_host_organisation(self.object),
            key="host-timeline",
            title=_("Placements at %(organisation)s") % {"organisation": self.object.name},
        )
        return super().get_context_data(placements=placements, timeline=timeline, **kwargs)


class HostUnitListView(StaffListView):
    allowed_roles = CSB
    filterset_class = HostUnitFilter
    title = _("Host units")
    export_name = "host-units"
    default_sort = "organisation"
    columns = [
        Column("name", _("Unit"), lambda u: u.name, ("name_en",), link=True),
        Column(
            "organisation",
            _("Organisation"),
            lambda u: u.organisation.name,
            ("organisation__name_en", "name_en"),
        ),
        Column("city", _("City"), lambda u: u.localised_city, ("city",)),
        Column("contact", _("Contact"), lambda u: u.contact_name, ("contact_name",)),
        Column("capacity", _("Capacity"), lambda u: u.capacity, ("capacity",), numeric=True),
    ]

    def get_base_queryset(self):
        return HostUnit.objects.select_related("organisation")


class PlacementProposeView(RoleRequiredMixin, FormView):
    """A runner (CSB, or the organising department's coordinator for its own programmes)
    proposes where a selected officer goes, among the units the programme allows; the service
    checks the officer's dates."""

    allowed_roles = RUNNERS
    template_name = "placements/staff_propose.html"
    form_class = PlacementProposeForm

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self._nomination = None

    def get_nomination(self):
        if self._nomination is None:
            self._nomination = get_object_or_404(
                nominations_for(self.request.user).filter(
                    status=Nomination.Status.SELECTED, placement__isnull=True
                ),
                pk=self.kwargs["pk"],
            )
        return self._nomination

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "host_units": host_units_for_cohort(self.get_nomination().cohort),
            "programme": self.get_nomination().cohort.programme,
        }

    @cached_property
    def host_preferences(self):
        nomination = self.get_nomination()
        return host_preferences_for([nomination], nomination.cohort).get(nomination.pk, [])

    @cached_property
    def preferred(self):
        """The proposal's default unit: the officer's first preference with a place left."""
        if not self.host_preferences:
            return None
        nomination = self.get_nomination()
        return first_preference_with_place(
            self.host_preferences, host_units_for_cohort(nomination.cohort)
        )

    def get_initial(self):
        initial = super().get_initial()
        if self.preferred is not None:
            initial["host_unit"] = self.preferred.host_unit.pk
        return initial

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            nomination=self.get_nomination(),
            host_preferences=self.host_preferences,
            preferred=self.preferred,
            **kwargs,
        )

    def form_valid(self, form):
        nomination = self.get_nomination()
        data = form.service_kwargs()
        focus_areas = data.pop("focus_areas", [])
        try:
            with transaction.atomic():
                placement = services.placement_create(
                    nomination=nomination, actor=self.request.user, focus_areas=focus_areas, **data
                )
        except ValidationError as error:
            self._nomination = None  # as stored, not as the rolled-back service left it
            add_service_error(form, error)
            return self.form_invalid(form)
        except PermissionDenied as error:
            messages.error(self.request, str(error))
            return redirect(nomination.get_staff_url())
        messages.success(
            self.request,
            _("Placement %(code)s proposed; confirm it when the host agrees.")
            % {"code": placement.reference_code},
        )
        return redirect(placement.get_staff_url())


class PlacementProposeAnotherUnitView(RoleRequiredMixin, FormView):
    """After the host unit declined: propose the same officer to another unit, on the propose
    form with the dates and post filled in. The placement stays the nomination's one (the
    declined answer stays in its history) and the new unit is asked to accept afresh
    (placements.services.placement_update)."""

    allowed_roles = RUNNERS
    template_name = "placements/staff_propose.html"
    form_class = PlacementProposeForm

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self._placement = None

    def get_placement(self):
        if self._placement is None:
            self._placement = get_object_or_404(
                placements_for(self.request.user).filter(
                    status=Placement.Status.PROPOSED,
                    host_response=Placement.HostResponse.DECLINED,
                ),
                pk=self.kwargs["pk"],
            )
        return self._placement

    def get_initial(self):
        placement = self.get_placement()
        fields = [f for f in Placement.ROLE_FIELDS if f != "focus_areas"]
        return {
            "start_date": placement.start_date,
            "end_date": placement.end_date,
            "focus_areas": list(placement.focus_areas.all()),
            **{name: getattr(placement, name) for name in fields},
        }

    def get_form_kwargs(self):
        placement = self.get_placement()
        return {
            **super().get_form_kwargs(),
            "host_units": host_units_for_cohort(placement.cohort).exclude(
                pk=placement.host_unit_id
            ),
            "programme": placement.cohort.programme,
        }

    def get_context_data(self, **kwargs):
        placement = self.get_placement()
        return super().get_context_data(
            nomination=placement.nomination, declined=placement, **kwargs
        )

    def form_valid(self, form):
        placement = self.get_placement()
        data = form.service_kwargs()
        data["start_date"] = data.get("start_date") or placement.cohort.start_date
        data["end_date"] = data.get("end_date") or placement.cohort.end_date
        focus_areas = data.pop("focus_areas", [])
        try:
            with transaction.atomic():
                placement = services.placement_update(
                    placement=placement,
                    actor=self.request.user,
                    focus_areas=focus_areas,
                    expected_version=placement.version,
                    **data,
                )
        except ValidationError as error:
            self._placement = None  # as stored, not as the rolled-back service left it
            add_service_error(form, error)
            return self.form_invalid(form)
        except PermissionDenied as error:
            messages.error(self.request, str(error))
            return redirect(placement.get_staff_url())
        messages.success(
            self.request,
            _("%(code)s proposed to %(unit)s; it is asked to accept.")
            % {
                "code": placement.reference_code,
                "unit": placement.host_unit.name_with_organisation,
            },
        )
        return redirect(placement.get_staff_url())


class FiguresView(TableExportMixin, RoleRequiredMixin, TemplateView):
    """CSB's figures as charts, each with its table: by programme and year, department, grade,
    rank level, destination, focus area, and the balance of each partner agreement."""

    allowed_roles = CSB
    template_name = "staff/figures.html"
    export_name = "figures"

    def balance(self):
        return charts.balance_chart(
            chart_data.agreement_balances(),
            key="agreements",
            title=_("Officers sent and received under each partner agreement"),
        )

    def export_table(self):
        return figures_table([*chart_data.figure_charts(suppress=False), self.balance()])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            charts=chart_data.figure_charts(suppress=False), balance=self.balance(), **kwargs
        )


class DepartmentCalendarView(TableExportMixin, RoleRequiredMixin, DetailView):
    """Which of a department's officers are away when: CSB for any department, HR for theirs."""

    allowed_roles = CSB_AND_HR
    template_name = "staff/department_calendar.html"
    context_object_name = "department"
    export_name = "officers-away"

    def get_queryset(self):
        from participants.selectors import departments_for

        return departments_for(self.request)

    def export_table(self):
        coverage = chart_data.coverage_for_department(self.object)
        header = [_("Officer"), _("Host unit"), _("From"), _("To"), _("Status")]
        rows = [
            [item.label, span.place, span.start, span.end, span.status_label]
            for item in coverage.items
            for span in item.spans
        ]
        return header, rows

    def get_context_data(self, **kwargs):
        calendar = charts.coverage_calendar(
            chart_data.coverage_for_department(self.object),
            key="coverage",
            title=_("Officers of %(department)s away, month by month")
            % {"department": self.object.code},
        )
        return super().get_context_data(
            calendar=calendar,
            calendar_feed=feed_url(
                self.request, "portal:calendar_feed_department", pk=self.object.pk
            ),
            **kwargs,
        )
