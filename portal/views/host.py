"""The host-unit contact's pages: placements at their units and the host's feedback."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView, UpdateView

from exchange_portal.access import RoleRequiredMixin
from exchange_portal.roles import HOST_CONTACTS
from placements.models import PlacementReport
from placements.selectors import placements_for_host_contact

from .reports import ReportSubmissionMixin


class HostContactMixin(RoleRequiredMixin):
    """Host-unit contacts only; they see the placements at their own units and nothing else."""

    allowed_roles = HOST_CONTACTS


class HostPlacementListView(HostContactMixin, ListView):
    template_name = "placements/host_placements.html"
    context_object_name = "placements"

    def get_queryset(self):
        return placements_for_host_contact(self.request.user)


class HostFeedbackView(HostContactMixin, ReportSubmissionMixin, UpdateView):
    """The host's feedback report on one placement at the contact's unit."""

    template_name = "placements/host_feedback.html"
    submitted_message = _("Feedback submitted. Thank you.")
    success_url = reverse_lazy("portal:host_placements")

    def get_object(self, queryset=None):
        placement = get_object_or_404(
            placements_for_host_contact(self.request.user), pk=self.kwargs["pk"]
        )
        report = placement.reports.filter(author_role=PlacementReport.Author.HOST).first()
        if report is None:
            raise Http404(_("Feedback on this placement is not due yet."))
        return report

    def get_context_data(self, **kwargs):
        return super().get_context_data(placement=self.object.placement, **kwargs)
