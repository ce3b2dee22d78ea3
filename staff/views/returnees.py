"""After return (issue 19, point 4): the list of returnees, a follow-up's staff page (the
department's view written by the officer's department HR, a part reopened by CSB), and an
officer's working languages."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, FormView

from exchange_portal.access import RoleRequiredMixin
from exchange_portal.forms import add_service_error
from exchange_portal.names import unit_at_organisation
from exchange_portal.roles import STAFF, Role, department_scope, role_of
from exchange_portal.staff import Column, RecordDetailMixin, StaffListView
from participants.models import Language
from participants.selectors import participants_for
from participants.services import may_set_languages, participant_set_languages
from placements import services
from placements.filters import ReturneeFilter
from placements.models import ReturnFollowUp
from placements.selectors import follow_ups_for, returnees_for

LANGUAGE_EDITORS = frozenset({Role.CSB_MANAGER, Role.DEPARTMENT_HR})


def follow_up_state(placement) -> str:
    """Each follow-up of a returnee (prefetched) and what it waits for; "not open yet"."""
    follow_ups = sorted(placement.follow_ups.all(), key=lambda f: f.months)
    if not follow_ups:
        return str(_("Not open yet"))
    return "; ".join(
        str(_("%(months)s months: %(state)s") % {"months": f.months, "state": f.state_label()})
        for f in follow_ups
    )


class ReturneeListView(StaffListView):
    """Officers back from a placement, to call on by programme, focus area, host, language,
    grade and year of return: CSB see all, department HR and coordinators their own
    department's officers."""

    allowed_roles = STAFF
    filterset_class = ReturneeFilter
    title = _("Returnees")
    export_name = "returnees"
    default_sort = "-returned"
    columns = [
        Column(
            "officer",
            _("Officer"),
            lambda p: p.participant.display_name,
            ("participant__name_en",),
            link=True,
        ),
        Column(
            "department",
            _("Department"),
            lambda p: p.participant.affiliation_code,
            ("participant__department__code",),
        ),
        Column(
            "grade",
            _("Grade"),
            lambda p: p.participant.grade.code if p.participant.grade_id else "",
            ("participant__grade__code",),
        ),
        Column(
            "programme",
            _("Programme"),
            lambda p: p.cohort.programme.name,
            ("cohort__programme__name_en",),
        ),
        Column("cohort", _("Cohort"), lambda p: p.cohort.localised_name, ("cohort__name",)),
        Column(
            "host",
            _("Host"),
            lambda p: unit_at_organisation(p.host_unit.name, p.host_unit.organisation.name),
            ("host_unit__organisation__name_en", "host_unit__name_en"),
        ),
        Column(
            "focus_areas",
            _("Focus areas"),
            lambda p: ", ".join(sorted(area.name for area in p.focus_areas.all())),
        ),
        Column(
            "languages",
            _("Working languages"),
            lambda p: ", ".join(sorted(lang.name for lang in p.participant.languages.all())),
        ),
        Column("returned", _("Returned"), lambda p: p.end_date, ("end_date",)),
        Column("follow_up", _("Follow-up after return"), follow_up_state),
    ]

    def get_base_queryset(self):
        return returnees_for(self.request.user)

    def row_url(self, obj) -> str | None:
        """The placement's page, where the reader reaches it: a coordinator sees their own
        department's returnees, but the placements of their department's programmes only."""
        user = self.request.user
        if role_of(
            user
        ) == Role.PROGRAMME_COORDINATOR and obj.cohort.programme.organiser_id != department_scope(
            user
        ):
            return None
        return obj.get_staff_url()


class DepartmentViewForm(forms.Form):
    department_view = forms.CharField(
        label=_("The department's view"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        help_text=ReturnFollowUp._meta.get_field("department_view").help_text,
    )


class ReopenForm(forms.Form):
    part = forms.ChoiceField(label=_("Part to reopen"), choices=ReturnFollowUp.Part.choices)
    reason = forms.CharField(
        label=_("Reason for reopening"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class FollowUpDetailView(RoleRequiredMixin, RecordDetailMixin, DetailView):
    """A follow-up after return: both parts; the department's HR submits the department's view
    here, CSB managers reopen a submitted part."""

    allowed_roles = STAFF
    template_name = "placements/staff_follow_up.html"
    context_object_name = "follow_up"

    def get_queryset(self):
        return follow_ups_for(self.request.user)

    def may_write(self):
        return self.object.department_submitted_at is None and services.may_write_part(
            self.request.user, self.object, ReturnFollowUp.Part.DEPARTMENT
        )

    def get_context_data(self, **kwargs):
        follow_up = self.object
        if self.may_write() and "form" not in kwargs:
            kwargs["form"] = DepartmentViewForm(
                initial={"department_view": follow_up.department_view}
            )
        if services.may_reopen(self.request.user) and "reopen_form" not in kwargs:
            kwargs["reopen_form"] = ReopenForm()
        return super().get_context_data(
            placement=follow_up.placement, may_write=self.may_write(), **kwargs
        )

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if "reopen" in request.POST:
            return self.reopen()
        if not services.may_write_part(request.user, self.object, ReturnFollowUp.Part.DEPARTMENT):
            raise PermissionDenied
        form = DepartmentViewForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            services.follow_up_submit_department(
                follow_up=self.object,
                actor=request.user,
                department_view=form.cleaned_data["department_view"],
            )
        except ValidationError as error:
            add_service_error(form, error)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, _("The department's view is submitted. Thank you."))
        return redirect(self.object.get_staff_url())

    def reopen(self):
        form = ReopenForm(self.request.POST)
        if not services.may_reopen(self.request.user):
            raise PermissionDenied
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(reopen_form=form))
        try:
            services.follow_up_reopen(
                follow_up=self.object,
                actor=self.request.user,
                part=form.cleaned_data["part"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_error(form, error)
            return self.render_to_response(self.get_context_data(reopen_form=form))
        messages.success(self.request, _("The part is reopened for its author to change."))
        return redirect(self.object.get_staff_url())


class LanguagesForm(forms.Form):
    languages = forms.ModelMultipleChoiceField(
        label=_("Working languages"),
        queryset=Language.objects.order_by("name_en"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class OfficerLanguagesView(RoleRequiredMixin, FormView):
    """CSB managers, and department HR for their own department's officers, record the
    languages an officer can work in."""

    allowed_roles = LANGUAGE_EDITORS
    template_name = "participants/staff_languages.html"
    form_class = LanguagesForm

    def get_participant(self):
        if not hasattr(self, "_participant"):
            participant = get_object_or_404(
                participants_for(self.request.user), pk=self.kwargs["pk"]
            )
            if not may_set_languages(self.request.user, participant):
                # An officer HR reads (an inbound one placed in their units) but does not keep.
                raise PermissionDenied
            self._participant = participant
        return self._participant

    def get_initial(self):
        return {"languages": list(self.get_participant().languages.all())}

    def get_context_data(self, **kwargs):
        return super().get_context_data(participant=self.get_participant(), **kwargs)

    def form_valid(self, form):
        participant = self.get_participant()
        try:
            participant_set_languages(
                participant=participant,
                actor=self.request.user,
                languages=form.cleaned_data["languages"],
            )
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The officer's working languages are saved."))
        return redirect(participant.get_staff_url())
