"""CSB's working lists: what needs action, a cohort's reports, a partner agreement's exchange and
its signed text."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, TemplateView

import charts
from exchange_portal.access import RoleRequiredMixin
from exchange_portal.exports import TableExportMixin
from exchange_portal.files import private_file_response
from exchange_portal.roles import CSB, PROGRAMME_READERS, RUNNERS, role_of
from figures import chart_data
from placements.models import PlacementReport
from placements.selectors import (
    exchange_by_batch,
    needs_action,
    reports_for_cohort,
    stale_states,
)
from programmes.models import Cohort, PartnerAgreement


class CsbMixin(RoleRequiredMixin):
    """CSB staff: programme managers and viewers."""

    allowed_roles = CSB


class NeedsActionView(TableExportMixin, RoleRequiredMixin, TemplateView):
    """What must be acted on, with a link to act on each, under the records the calendar passed
    by (stale states); downloadable as one table. CSB sees
    every programme's; a coordinator their department's (it is their start page), without the
    amendments they asked for themselves."""

    allowed_roles = PROGRAMME_READERS
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
            for action in self.lists()
            for row in action.rows
        ]
        return header, rows

    def lists(self):
        return needs_action(self.request.user)

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            stale=stale_states(user),
            lists=self.lists(),
            may_propose=role_of(user) in RUNNERS and user.has_perm("placements.add_placement"),
            **kwargs,
        )


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
                report.title,
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
            may_return=self.request.user.has_perm("placements.change_placementreport"),
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
                "; ".join(cohort.localised_name for cohort in row["cohorts"]),
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


class AgreementDocumentView(CsbMixin, View):
    """The signed text of an agreement, to those who may see the agreement, as a download.

    Kept files are never served from a directory (decision 0036): this is their only door."""

    http_method_names = ["get", "head", "options"]

    def get(self, request, pk):
        agreement = get_object_or_404(PartnerAgreement.objects.visible_to(request.user), pk=pk)
        if not agreement.document:
            raise Http404(_("This agreement has no signed text."))
        name = slugify(agreement.title, allow_unicode=True) or f"agreement-{agreement.pk}"
        return private_file_response(agreement.document, download_name=f"{name}.pdf")
