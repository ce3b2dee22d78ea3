"""The reports page (figures staff choose) and the cohort factsheet (the bureau's sentences)."""

from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, TemplateView

import charts
from exchange_portal.access import RoleRequiredMixin
from exchange_portal.disclosure import Group, SuppressedTable
from exchange_portal.exports import TableExportMixin
from exchange_portal.roles import CSB, STAFF
from figures import costs, factsheet
from figures.forms import FiguresReportForm
from figures.reports import DIMENSIONS, Report, breakdown
from programmes.models import Cohort

# The report a bare /staff/reports/ shows: every programme's officers, year by year.
DEFAULT_REPORT = {"by": "programme", "across": "year"}


def report_title(report: Report) -> str:
    if report.across:
        return _("Officers by %(breakdown)s, across %(across)s") % {
            "breakdown": report.row_heading,
            "across": DIMENSIONS[report.across].label,
        }
    return _("Officers by %(breakdown)s") % {"breakdown": report.row_heading}


def report_chart(report: Report) -> charts.BarChart:
    """The report as a bar chart: a bar per group, or a group of bars per row when crossed."""
    title = report_title(report)
    if report.across:
        return charts.grouped_bar_chart(
            charts.CrossTable(
                rows=[row.label for row in report.rows],
                columns=report.columns,
                cells=[row.cells for row in report.rows],
            ),
            key="report",
            title=title,
            label_heading=report.row_heading,
        )
    table = SuppressedTable(
        shown=[Group(row.label, row.total, row.key) for row in report.rows],
        other_count=None,
        other_groups=0,
        total=report.total,
    )
    return charts.bar_chart(
        table,
        key="report",
        title=title,
        label_heading=report.row_heading,
        show_total=not report.overlapping,
    )


class ReportsView(TableExportMixin, RoleRequiredMixin, TemplateView):
    """Staff choose programmes, years and a breakdown; the page answers with a table with
    totals, a chart, and the same table as CSV or XLSX. HR see their own department only, a
    programme coordinator their department's programmes. Those who may see costs (CSB and
    coordinators) also get what each programme cost, year by year (figures/costs.py)."""

    allowed_roles = STAFF
    template_name = "staff/reports.html"
    export_name = "report"

    def get_form(self) -> FiguresReportForm:
        data = self.request.GET.copy()
        data.pop("export", None)
        if not data:
            data = QueryDict(mutable=True)
            data.update(DEFAULT_REPORT)
        return FiguresReportForm(data)

    def get_report(self, form: FiguresReportForm) -> Report | None:
        if not form.is_valid():
            return None
        data = form.cleaned_data
        return breakdown(
            user=self.request.user,
            by=data["by"],
            across=data["across"] or None,
            programmes=data["programmes"],
            years=(data["year_from"], data["year_to"]),
        )

    def get_costs(self, form: FiguresReportForm) -> costs.CostReport | None:
        """What the chosen programmes cost in the chosen (financial) years, for those who may
        see costs; None for the others and for choices that do not make a report."""
        if not costs.may_see_costs(self.request.user) or not form.is_valid():
            return None
        data = form.cleaned_data
        return costs.cost_report(
            user=self.request.user,
            programmes=data["programmes"],
            years=(data["year_from"], data["year_to"]),
        )

    def export_table(self):
        form = self.get_form()
        report = self.get_report(form)
        cost_report = self.get_costs(form)
        if report is None:  # an address typed by hand: download the default report
            report = breakdown(user=self.request.user, **DEFAULT_REPORT)
            if costs.may_see_costs(self.request.user):
                cost_report = costs.cost_report(user=self.request.user)
        rows = report.table()
        if cost_report is not None and cost_report.rows:  # below it, where costs are recorded
            rows = [*rows, *cost_report.export_rows()]
        return report.header(), rows

    def get_context_data(self, **kwargs):
        form = self.get_form()
        report = self.get_report(form)
        return super().get_context_data(
            form=form,
            report=report,
            costs=self.get_costs(form),
            title=report_title(report) if report else "",
            chart=report_chart(report) if report and report.rows else None,
            presets=[
                (gettext_lazy("Officers per programme, year by year"), "by=programme&across=year"),
                (
                    gettext_lazy("Departments and grades per programme"),
                    "by=department&across=programme",
                ),
                (
                    gettext_lazy("Host organisations, year by year"),
                    "by=host_organisation&across=year",
                ),
                (
                    gettext_lazy("Nominations by status, per programme"),
                    "by=nomination_status&across=programme",
                ),
                *self.cost_presets(),
            ],
            **kwargs,
        )

    def cost_presets(self):
        if not costs.may_see_costs(self.request.user):
            return []
        year = costs.current_financial_year()
        return [
            (
                _("Cost of each programme in %(year)s") % {"year": costs.year_label(year)},
                f"by=programme&across=year&year_from={year}&year_to={year}#costs",
            )
        ]


class CohortFactsheetView(RoleRequiredMixin, DetailView):
    """The sentences the bureau writes about a batch, in English, Traditional and Simplified
    Chinese, generated from the cohort's figures."""

    allowed_roles = CSB
    template_name = "placements/cohort_factsheet.html"
    context_object_name = "cohort"

    def get_queryset(self):
        return Cohort.objects.select_related("programme", "agreement")

    def get_context_data(self, **kwargs):
        facts = factsheet.facts_for_cohort(self.object)
        return super().get_context_data(
            facts=facts, blocks=factsheet.sentences_in_every_language(facts), **kwargs
        )
