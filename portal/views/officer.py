"""The participant portal: an officer's own nominations, placements and reports, nothing else."""

import json

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView, UpdateView

from exchange_portal.access import RoleRequiredMixin
from exchange_portal.roles import PARTICIPANTS
from operations.privacy import personal_data_for
from placements import next_steps
from placements.models import Placement, PlacementReport
from placements.selectors import nominations_for_participant, open_checkins_for

from .reports import ReportSubmissionMixin


class ParticipantMixin(RoleRequiredMixin):
    """Participants only, and only their own records: `self.participant` is the signed-in
    officer's record; a participant account without one sees a 404."""

    allowed_roles = PARTICIPANTS

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
                        and r.kind == PlacementReport.Kind.FINAL
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
        return super().get_context_data(
            participant=self.participant,
            rows=rows,
            open_checkins=list(
                open_checkins_for(self.request.user, PlacementReport.Author.PARTICIPANT)
            ),
            checkin_url="portal:report",
            **kwargs,
        )


class PortalReportView(ParticipantMixin, ReportSubmissionMixin, UpdateView):
    """The officer's report: a check-in of the programme's schedule once it opens, the
    end-of-placement report once the placement is completed (the title says which)."""

    template_name = "participants/portal_report.html"
    success_url = reverse_lazy("portal:home")

    def get_object(self, queryset=None):
        return get_object_or_404(
            PlacementReport.objects.select_related("placement__host_unit__organisation"),
            pk=self.kwargs["pk"],
            placement__participant=self.participant,
            author_role=PlacementReport.Author.PARTICIPANT,
        )


class PortalDataExportView(ParticipantMixin, View):
    """Everything the portal holds about the signed-in officer, as JSON (PDPO DPP6)."""

    def get(self, request):
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
