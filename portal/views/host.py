"""The host-unit contact's pages: placements at their units, the proposals waiting for the
unit's answer, the officers arriving soon, and the host's feedback."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView, ListView, UpdateView

from exchange_portal.access import RoleRequiredMixin
from exchange_portal.forms import add_service_error
from exchange_portal.roles import HOST_CONTACTS
from placements import next_steps, services
from placements.models import PlacementReport
from placements.selectors import (
    arrivals_for_host_contact,
    open_checkins_for,
    placements_awaiting_host,
    placements_for_host_contact,
)

from ..forms import HostDeclineForm
from .reports import ReportSubmissionMixin

ARRIVALS_DAYS = 90


class HostContactMixin(RoleRequiredMixin):
    """Host-unit contacts only; they see the placements at their own units and nothing else."""

    allowed_roles = HOST_CONTACTS


class HostPlacementListView(HostContactMixin, ListView):
    template_name = "placements/host_placements.html"
    context_object_name = "placements"

    def get_queryset(self):
        return placements_for_host_contact(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        # Each row with whose turn it is (read from the row and its prefetched reports).
        rows = [(p, next_steps.for_placement(p)) for p in context["placements"]]
        context.update(
            rows=rows,
            awaiting=list(placements_awaiting_host(user)),
            arrivals=list(arrivals_for_host_contact(user, today=timezone.localdate())),
            arrivals_days=ARRIVALS_DAYS,
            open_checkins=list(open_checkins_for(user, PlacementReport.Author.HOST)),
            checkin_url="portal:host_report",
        )
        return context


class HostPlacementAcceptView(HostContactMixin, View):
    """The unit agrees to take the officer (POST only); CSB may then confirm."""

    http_method_names = ["post"]

    def post(self, request, pk):
        placement = get_object_or_404(placements_for_host_contact(request.user), pk=pk)
        try:
            services.accept_placement(placement, request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("You accepted the placement %(code)s. CSB will confirm it.")
                % {"code": placement.reference_code},
            )
        return redirect("portal:host_placements")


class HostPlacementDeclineView(HostContactMixin, FormView):
    """The unit cannot take the officer: a page of its own, asking why."""

    template_name = "placements/host_decline.html"
    form_class = HostDeclineForm
    success_url = reverse_lazy("portal:host_placements")

    def get_placement(self):
        if not hasattr(self, "_placement"):
            self._placement = get_object_or_404(
                placements_for_host_contact(self.request.user), pk=self.kwargs["pk"]
            )
        return self._placement

    def get_context_data(self, **kwargs):
        placement = self.get_placement()
        return super().get_context_data(
            placement=placement,
            waiting=placement.host_response == placement.HostResponse.AWAITING
            and placement.status == placement.Status.PROPOSED,
            cancel_url=reverse("portal:host_placements"),
            **kwargs,
        )

    def form_valid(self, form):
        placement = self.get_placement()
        try:
            services.decline_placement(placement, self.request.user, form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("You declined the placement %(code)s. CSB has been told your reason.")
            % {"code": placement.reference_code},
        )
        return redirect(self.get_success_url())


class HostFeedbackView(HostContactMixin, ReportSubmissionMixin, UpdateView):
    """The host's feedback report on one placement at the contact's unit."""

    template_name = "placements/host_feedback.html"
    submitted_message = _("Feedback submitted. Thank you.")
    success_url = reverse_lazy("portal:host_placements")

    def get_object(self, queryset=None):
        placement = get_object_or_404(
            placements_for_host_contact(self.request.user), pk=self.kwargs["pk"]
        )
        report = placement.reports.filter(
            author_role=PlacementReport.Author.HOST, kind=PlacementReport.Kind.FINAL
        ).first()
        if report is None:
            raise Http404(_("Feedback on this placement is not due yet."))
        return report

    def get_context_data(self, **kwargs):
        return super().get_context_data(placement=self.object.placement, **kwargs)


class HostReportView(HostFeedbackView):
    """One report of the host unit by its own address: a check-in of the programme's schedule
    (initial, mid-point, yearly review) or the end-of-placement feedback."""

    def get_object(self, queryset=None):
        return get_object_or_404(
            PlacementReport.objects.visible_to(self.request.user).select_related(
                "placement__participant", "placement__host_unit"
            ),
            pk=self.kwargs["pk"],
            author_role=PlacementReport.Author.HOST,
            placement__in=placements_for_host_contact(self.request.user),
        )
