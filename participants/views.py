"""The participant portal: an officer's own nominations, placements and reports, nothing else."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views import View
from django.views.generic import DetailView, TemplateView, UpdateView

from exchange_portal.access import RoleRequiredMixin
from exchange_portal.forms import add_service_error
from exchange_portal.history import history_of
from exchange_portal.roles import Role
from exchange_portal.staff import CSB_AND_HR, Column, StaffListView, choice_label
from placements import next_steps, services
from placements.forms import ReportForm
from placements.models import Placement, PlacementReport
from placements.selectors import nominations_for_participant

from .filters import ParticipantFilter
from .selectors import participants_for


class ParticipantMixin(RoleRequiredMixin):
    """Participants only, and only their own records: `self.participant` is the signed-in
    officer's record; a participant account without one sees a 404."""

    allowed_roles = frozenset({Role.PARTICIPANT})

    @property
    def participant(self):
        participant = getattr(self.request.user, "participant", None)
        if participant is None:
            raise Http404(_("No officer record is linked to this account."))
        return participant


class PortalHomeView(ParticipantMixin, TemplateView):
    template_name = "participants/portal_home.html"

    def get_context_data(self, **kwargs):
        nominations = list(
            nominations_for_participant(self.participant).prefetch_related("placement__reports")
        )
        rows = []
        for nomination in nominations:
            placement = getattr(nomination, "placement", None)
            due_report = None
            if placement is not None and placement.status == Placement.Status.COMPLETED:
                due_report = next(
                    (
                        r
                        for r in placement.reports.all()
                        if r.author_role == PlacementReport.Author.PARTICIPANT
                        and r.status == PlacementReport.Status.DRAFT
                    ),
                    None,
                )
            rows.append(
                {
                    "nomination": nomination,
                    "placement": placement,
                    "next_step": next_steps.for_nomination(nomination),
                    "due_report": due_report,
                }
            )
        return super().get_context_data(participant=self.participant, rows=rows, **kwargs)


class PortalReportView(ParticipantMixin, UpdateView):
    """The officer's end-of-placement report, once the placement is completed."""

    template_name = "participants/portal_report.html"
    form_class = ReportForm

    def get_object(self, queryset=None):
        return get_object_or_404(
            PlacementReport.objects.select_related("placement__host_unit__organisation"),
            pk=self.kwargs["pk"],
            placement__participant=self.participant,
            author_role=PlacementReport.Author.PARTICIPANT,
        )

    def form_valid(self, form):
        submit = "submit" in self.request.POST
        try:
            services.report_write(
                report=self.object, actor=self.request.user, submit=submit, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Report submitted. Thank you.") if submit else _("Draft saved.")
        )
        return redirect("participants:portal")


class PortalDataExportView(ParticipantMixin, View):
    """Everything the portal holds about the signed-in officer, as JSON (PDPO DPP6)."""

    def get(self, request):
        from .privacy import personal_data_for

        data = personal_data_for(self.participant)
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = (
            f'attachment; filename="my-exchange-portal-data-{stamp}.json"'
        )
        return response


class StaffParticipantListView(StaffListView):
    """CSB staff, and department HR for their own officers."""

    allowed_roles = CSB_AND_HR
    filterset_class = ParticipantFilter
    title = _("Officers")
    export_name = "officers"
    default_sort = "name"
    columns = [
        Column(
            "name",
            pgettext_lazy("a person's name", "Name"),
            lambda p: p.name_en,
            ("name_en",),
            link=True,
        ),
        Column("name_zh", _("Chinese name"), lambda p: p.name_zh, ("name_zh",)),
        Column(
            "department",
            _("Department or home organisation"),
            lambda p: p.affiliation_code,
            ("department__code", "home_organisation"),
        ),
        Column("grade", _("Grade"), lambda p: p.grade.code if p.grade_id else "", ("grade__code",)),
        Column("rank", _("Rank"), lambda p: p.rank, ("rank",)),
        Column(
            "rank_level", _("Rank level"), lambda p: choice_label(p, "rank_level"), ("rank_level",)
        ),
        Column("email", _("E-mail"), lambda p: p.email, ("email",)),
    ]

    def get_base_queryset(self):
        return participants_for(self.request.user)

    def row_url(self, obj):
        return reverse("participants:staff_participant", args=[obj.pk])


class StaffParticipantDetailView(RoleRequiredMixin, DetailView):
    allowed_roles = CSB_AND_HR
    template_name = "participants/staff_detail.html"
    context_object_name = "participant"

    def get_queryset(self):
        return participants_for(self.request.user)

    def get_context_data(self, **kwargs):
        from placements.selectors import nominations_for_participant

        nominations = list(
            nominations_for_participant(self.object).prefetch_related("placement__reports")
        )
        return super().get_context_data(
            nominations=nominations,
            history=history_of(self.object),
            **kwargs,
        )
