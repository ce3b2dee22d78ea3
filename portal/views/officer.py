"""The participant portal: an officer's own nominations, placements and reports, nothing else."""

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView, TemplateView, UpdateView

from exchange_portal.access import RoleRequiredMixin
from exchange_portal.forms import add_service_error
from exchange_portal.roles import PARTICIPANTS
from operations.privacy import personal_data_for
from placements import next_steps
from placements.models import Placement, PlacementReport, ReturnFollowUp
from placements.selectors import (
    follow_ups_of_participant,
    nominations_for_participant,
    open_checkins_for,
)
from placements.services import follow_up_submit_officer

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


class FollowUpAccountForm(forms.Form):
    officer_account = forms.CharField(
        label=_("What I have applied since my return"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10000,
        help_text=ReturnFollowUp._meta.get_field("officer_account").help_text,
    )


class PortalFollowUpView(ParticipantMixin, FormView):
    """The officer's part of a follow-up after return: what they have applied since, submitted
    once (read-only after, until CSB reopens it)."""

    template_name = "participants/portal_follow_up.html"
    form_class = FollowUpAccountForm

    def get_follow_up(self):
        if not hasattr(self, "_follow_up"):
            self._follow_up = get_object_or_404(
                follow_ups_of_participant(self.participant), pk=self.kwargs["pk"]
            )
        return self._follow_up

    def get_initial(self):
        return {"officer_account": self.get_follow_up().officer_account}

    def get_context_data(self, **kwargs):
        follow_up = self.get_follow_up()
        return super().get_context_data(
            follow_up=follow_up,
            placement=follow_up.placement,
            may_write=follow_up.officer_submitted_at is None
            and follow_up.opens_on <= timezone.localdate(),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            follow_up_submit_officer(
                follow_up=self.get_follow_up(),
                actor=self.request.user,
                officer_account=form.cleaned_data["officer_account"],
            )
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Your account is submitted. Thank you."))
        return redirect("portal:home")
