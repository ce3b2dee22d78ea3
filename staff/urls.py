"""The staff screens (CSB staff, programme coordinators and department HR), all under
/staff/."""

from django.urls import path

from .views import (
    cohort_messages,
    costs,
    documents,
    hr,
    jobs,
    officers,
    placements,
    programmes,
    reports,
    returnees,
    worklists,
)

app_name = "staff"

urlpatterns = [
    # Background jobs (long imports and exports): each one's owner only
    path("staff/jobs/<int:pk>/", jobs.JobDetailView.as_view(), name="job"),
    path("staff/jobs/<int:pk>/status/", jobs.JobStatusView.as_view(), name="job_status"),
    path("staff/jobs/<int:pk>/download/", jobs.JobDownloadView.as_view(), name="job_download"),
    path("staff/jobs/<int:pk>/retry/", jobs.JobRetryView.as_view(), name="job_retry"),
    path("staff/", placements.DashboardView.as_view(), name="dashboard"),
    path("staff/needs-action/", worklists.NeedsActionView.as_view(), name="needs_action"),
    # Department HR: the calls open to their officers and their department's nominations
    path("staff/hr/", hr.HrHomeView.as_view(), name="hr_home"),
    path("staff/cohorts/<int:pk>/nominate/", hr.NominateView.as_view(), name="nominate"),
    # Programmes and cohorts
    path("staff/programmes/", programmes.ProgrammeListView.as_view(), name="programmes"),
    path("staff/programmes/new/", programmes.ProgrammeEditView.as_view(), name="programme_add"),
    path("staff/programmes/<int:pk>/", programmes.ProgrammeDetailView.as_view(), name="programme"),
    path(
        "staff/programmes/<int:pk>/edit/",
        programmes.ProgrammeEditView.as_view(),
        name="programme_edit",
    ),
    path(
        "staff/programmes/<int:pk>/do/<slug:name>/",
        programmes.ProgrammeTransitionView.as_view(),
        name="programme_transition",
    ),
    path("staff/cohorts/", programmes.CohortListView.as_view(), name="cohorts"),
    path("staff/cohorts/new/", programmes.CohortEditView.as_view(), name="cohort_add"),
    path("staff/cohorts/<int:pk>/", programmes.CohortDetailView.as_view(), name="cohort"),
    path("staff/cohorts/<int:pk>/edit/", programmes.CohortEditView.as_view(), name="cohort_edit"),
    path(
        "staff/cohorts/<int:pk>/do/<slug:name>/",
        programmes.CohortTransitionView.as_view(),
        name="cohort_transition",
    ),
    path(
        "staff/cohorts/<int:pk>/write/",
        cohort_messages.CohortMessageView.as_view(),
        name="cohort_message",
    ),
    path(
        "staff/cohorts/<int:pk>/reports/",
        worklists.CohortReportsView.as_view(),
        name="cohort_reports",
    ),
    path(
        "staff/cohorts/<int:pk>/factsheet/",
        reports.CohortFactsheetView.as_view(),
        name="cohort_factsheet",
    ),
    path(
        "staff/agreements/<int:pk>/",
        worklists.AgreementExchangeView.as_view(),
        name="agreement_exchange",
    ),
    path(
        "staff/agreements/<int:pk>/document/",
        worklists.AgreementDocumentView.as_view(),
        name="agreement_document",
    ),
    # Nominations and placements
    path("staff/nominations/", placements.NominationListView.as_view(), name="nominations"),
    path(
        "staff/nominations/<int:pk>/",
        placements.NominationDetailView.as_view(),
        name="nomination",
    ),
    path(
        "staff/nominations/<int:pk>/do/<slug:name>/",
        placements.NominationTransitionView.as_view(),
        name="nomination_transition",
    ),
    path(
        "staff/nominations/<int:pk>/preferences/",
        placements.NominationPreferencesView.as_view(),
        name="nomination_preferences",
    ),
    path(
        "staff/nominations/<int:pk>/propose-placement/",
        placements.PlacementProposeView.as_view(),
        name="propose_placement",
    ),
    path("staff/placements/", placements.PlacementListView.as_view(), name="placements"),
    path(
        "staff/placements/<int:pk>/",
        placements.PlacementDetailView.as_view(),
        name="placement",
    ),
    path(
        "staff/placements/<int:pk>/do/<slug:name>/",
        placements.PlacementTransitionView.as_view(),
        name="placement_transition",
    ),
    path(
        "staff/placements/<int:pk>/propose-another-unit/",
        placements.PlacementProposeAnotherUnitView.as_view(),
        name="propose_another_unit",
    ),
    path(
        "staff/placements/<int:pk>/documents/<int:requirement>/",
        documents.PlacementDocumentUploadView.as_view(),
        name="placement_document_upload",
    ),
    path(
        "staff/placements/<int:pk>/amend/",
        placements.AmendmentRequestView.as_view(),
        name="amendment_request",
    ),
    # What a placement costs (decision 0049): CSB programme managers
    path(
        "staff/placements/<int:pk>/costs/add/",
        costs.PlacementCostCreateView.as_view(),
        name="placement_cost_add",
    ),
    path(
        "staff/placements/<int:pk>/costs/<int:cost_pk>/edit/",
        costs.PlacementCostUpdateView.as_view(),
        name="placement_cost_edit",
    ),
    path(
        "staff/placements/<int:pk>/costs/<int:cost_pk>/delete/",
        costs.PlacementCostDeleteView.as_view(),
        name="placement_cost_delete",
    ),
    path(
        "staff/placements/<int:pk>/renewal/",
        placements.RenewalDecisionView.as_view(),
        name="placement_renewal",
    ),
    path(
        "staff/amendments/<int:pk>/do/<slug:name>/",
        placements.AmendmentTransitionView.as_view(),
        name="amendment_transition",
    ),
    path(
        "staff/placement-reports/<int:pk>/do/<slug:name>/",
        placements.ReportTransitionView.as_view(),
        name="report_transition",
    ),
    # Hosts
    path("staff/hosts/", placements.HostOrganisationListView.as_view(), name="hosts"),
    path("staff/hosts/<int:pk>/", placements.HostOrganisationDetailView.as_view(), name="host"),
    path("staff/units/", placements.HostUnitListView.as_view(), name="units"),
    # Officers
    path("staff/officers/", officers.StaffParticipantListView.as_view(), name="officers"),
    path(
        "staff/officers/<int:pk>/",
        officers.StaffParticipantDetailView.as_view(),
        name="officer",
    ),
    path(
        "staff/officers/<int:pk>/erase/",
        officers.StaffParticipantEraseView.as_view(),
        name="officer_erase",
    ),
    path(
        "staff/officers/<int:pk>/merge/",
        officers.StaffParticipantMergeView.as_view(),
        name="officer_merge",
    ),
    path(
        "staff/officers/<int:pk>/languages/",
        returnees.OfficerLanguagesView.as_view(),
        name="officer_languages",
    ),
    # After return: the returnees and their follow-ups
    path("staff/returnees/", returnees.ReturneeListView.as_view(), name="returnees"),
    path(
        "staff/follow-ups/<int:pk>/",
        returnees.FollowUpDetailView.as_view(),
        name="follow_up",
    ),
    # Figures and reports
    path("staff/figures/", placements.FiguresView.as_view(), name="figures"),
    path("staff/reports/", reports.ReportsView.as_view(), name="reports"),
    path(
        "staff/departments/<int:pk>/calendar/",
        placements.DepartmentCalendarView.as_view(),
        name="department_calendar",
    ),
]
