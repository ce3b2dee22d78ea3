"""The public status enquiry, and the host-unit contact's pages."""

import hmac

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, FormView, ListView, TemplateView, UpdateView

from exchange_portal import charts
from exchange_portal.access import PublicMixin, RoleRequiredMixin
from exchange_portal.exports import TableExportMixin
from exchange_portal.forms import add_service_error
from exchange_portal.roles import Role
from exchange_portal.throttle import allow, client_address
from programmes.models import Cohort, PartnerAgreement

from . import chart_data, services
from .forms import ReportForm, StatusEnquiryForm
from .models import PlacementReport
from .selectors import (
    exchange_by_batch,
    needs_action,
    placement_for_enquiry,
    placements_for_host_contact,
    reports_for_cohort,
)

# Compared against when no placement matches, so a wrong code costs the same as a wrong e-mail.
_NO_MATCH_EMAIL = "no-such-placement@invalid.example"


class StatusEnquiryView(PublicMixin, FormView):
    """Open to everyone; throttled per address and per reference code."""

    template_name = "placements/status_enquiry.html"
    form_class = StatusEnquiryForm

    def post(self, request, *args, **kwargs):
        limits = settings.STATUS_ENQUIRY_LIMITS
        if not allow("enquiry-address", client_address(request), **limits["address"]):
            return self.too_many()
        form = self.get_form()
        if form.is_valid():
            code = form.cleaned_data["reference_code"]
            # Per reference and address: a stranger's guesses do not lock the owner out.
            if not allow("enquiry-code", f"{code}|{client_address(request)}", **limits["code"]):
                return self.too_many()
            if not allow("enquiry-code-all", code, **limits["code_all_addresses"]):
                return self.too_many()
            return self.answer(form)
        return self.form_invalid(form)

    def too_many(self):
        response = self.render_to_response(
            self.get_context_data(
                form=self.get_form_class()(),
                throttled=True,
            ),
            status=429,
        )
        response["Retry-After"] = str(settings.STATUS_ENQUIRY_LIMITS["address"]["window"])
        return response

    def answer(self, form):
        placement = placement_for_enquiry(form.cleaned_data["reference_code"])
        given = form.cleaned_data["email"].strip().lower().encode()
        expected = (placement.participant.email if placement else _NO_MATCH_EMAIL).lower()
        matches = hmac.compare_digest(given, expected.encode()) and placement is not None
        # A fresh form: what was typed (an e-mail address) is not echoed back to the page.
        return self.render_to_response(
            self.get_context_data(
                form=self.get_form_class()(),
                placement=placement if matches else None,
                answered=True,
            )
        )


class HostContactMixin(RoleRequiredMixin):
    """Host-unit contacts only; they see the placements at their own units and nothing else."""

    allowed_roles = frozenset({Role.HOST_CONTACT})


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
        return redirect("placements:host_placements")


class CsbMixin(RoleRequiredMixin):
    """CSB staff: programme managers and viewers."""

    allowed_roles = frozenset({Role.CSB_MANAGER, Role.CSB_VIEWER})


class NeedsActionView(TableExportMixin, CsbMixin, TemplateView):
    """What CSB must act on, with a link to act on each; downloadable as one table."""

    template_name = "placements/needs_action.html"
    export_name = "needs-action"

    def export_table(self):
        header = [_("List"), _("Whose turn"), _("Record"), _("Date")]
        rows = [
            [
                action.title,
                action.whose,
                str(row),
                getattr(row, "due_on", None)
                or (row.end_date if action.key == "ending" else getattr(row, "start_date", None)),
            ]
            for action in needs_action()
            for row in action.rows
        ]
        return header, rows

    def get_context_data(self, **kwargs):
        return super().get_context_data(lists=needs_action(), **kwargs)


class CohortReportsView(TableExportMixin, CsbMixin, DetailView):
    """A cohort's reports gathered in one place: "consolidate the experience gained"."""

    template_name = "placements/cohort_reports.html"
    context_object_name = "cohort"
    export_name = "cohort-reports"

    def export_table(self):
        header = [
            _("Officer"),
            _("Department"),
            _("Host unit"),
            _("Host organisation"),
            _("Focus areas"),
            _("Report by"),
            _("Status"),
            _("Due on"),
            _("Summary"),
            _("Experience gained"),
            _("Recommendations"),
        ]
        rows = [
            [
                placement.participant.display_name,
                placement.participant.affiliation_code,
                placement.host_unit.name,
                placement.host_unit.organisation.name,
                ", ".join(area.name for area in placement.focus_areas.all()),
                report.get_author_role_display(),
                report.get_status_display(),
                report.due_on,
                report.summary if submitted else "",
                report.experience_gained if submitted else "",
                report.recommendations if submitted else "",
            ]
            for placement in reports_for_cohort(self.object)
            for report in placement.reports.all()
            for submitted in [report.status == PlacementReport.Status.SUBMITTED]
        ]
        return header, rows

    def get_queryset(self):
        return Cohort.objects.select_related("programme")

    def get_context_data(self, **kwargs):
        placements = list(reports_for_cohort(self.object))
        submitted = [
            r
            for p in placements
            for r in p.reports.all()
            if r.status == PlacementReport.Status.SUBMITTED
        ]
        return super().get_context_data(
            placements=placements,
            submitted_count=len(submitted),
            expected_count=2 * len(placements),
            **kwargs,
        )


class AgreementExchangeView(TableExportMixin, CsbMixin, DetailView):
    """A partner agreement: per phase and batch, officers sent and received."""

    template_name = "placements/agreement_exchange.html"
    context_object_name = "agreement"
    export_name = "agreement-exchange"

    def export_table(self):
        rows = exchange_by_batch(self.object)
        header = [_("Phase"), _("Batch"), _("Cohorts"), _("Sent"), _("Received")]
        table = [
            [
                row["phase"],
                row["batch"],
                "; ".join(cohort.name for cohort in row["cohorts"]),
                row["sent"],
                row["received"],
            ]
            for row in rows
        ]
        total = [_("Total"), "", "", sum(r["sent"] for r in rows), sum(r["received"] for r in rows)]
        return header, [*table, total]

    def get_queryset(self):
        return PartnerAgreement.objects.select_related("programme")

    def get_context_data(self, **kwargs):
        rows = exchange_by_batch(self.object)
        balance = charts.balance_chart(
            chart_data.agreement_balances(PartnerAgreement.objects.filter(pk=self.object.pk)),
            key="agreement-balance",
            title=_("Officers sent and received"),
        )
        return super().get_context_data(
            rows=rows,
            balance=balance,
            total_sent=sum(r["sent"] for r in rows),
            total_received=sum(r["received"] for r in rows),
            **kwargs,
        )
