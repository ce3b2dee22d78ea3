"""The host-unit contact's pages: placements at their units and the host's feedback."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView, UpdateView

from exchange_portal.access import RoleRequiredMixin
from exchange_portal.forms import add_service_error
from exchange_portal.roles import HOST_CONTACTS
from placements import services
from placements.models import PlacementReport
from placements.selectors import placements_for_host_contact

from ..forms import ReportForm


class HostContactMixin(RoleRequiredMixin):
    """Host-unit contacts only; they see the placements at their own units and nothing else."""

    allowed_roles = HOST_CONTACTS


class HostPlacementListView(HostContactMixin, ListView):
    template_name = "placements/host_placements.html"
    context_object_name = "placements"

    def get_queryset(self):
        return placements_for_host_contact(self.request.user)


class HostFeedbackView(HostContactMixin, UpdateView):
    """The host's feedback report on one placement at the contact's unit."""

    template_name = "placements/host_feedback.html"
    form_class = ReportForm

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
            self.request, _("Feedback submitted. Thank you.") if submit else _("Draft saved.")
        )
        return redirect("portal:host_placements")
