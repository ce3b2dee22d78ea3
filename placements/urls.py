from django.urls import path

from . import calendar_views, report_views, staff_views, views

app_name = "placements"

urlpatterns = [
    path("status/", views.StatusEnquiryView.as_view(), name="status_enquiry"),
    path("host/", views.HostPlacementListView.as_view(), name="host_placements"),
    path("staff/", staff_views.DashboardView.as_view(), name="dashboard"),
    path("staff/needs-action/", views.NeedsActionView.as_view(), name="needs_action"),
    path("staff/nominations/", staff_views.NominationListView.as_view(), name="staff_nominations"),
    path(
        "staff/nominations/<int:pk>/",
        staff_views.NominationDetailView.as_view(),
        name="staff_nomination",
    ),
    path(
        "staff/nominations/<int:pk>/do/<slug:name>/",
        staff_views.NominationTransitionView.as_view(),
        name="staff_nomination_transition",
    ),
    path(
        "staff/nominations/<int:pk>/propose-placement/",
        staff_views.PlacementProposeView.as_view(),
        name="staff_propose_placement",
    ),
    path("staff/placements/", staff_views.PlacementListView.as_view(), name="staff_placements"),
    path(
        "staff/placements/<int:pk>/",
        staff_views.PlacementDetailView.as_view(),
        name="staff_placement",
    ),
    path(
        "staff/placements/<int:pk>/do/<slug:name>/",
        staff_views.PlacementTransitionView.as_view(),
        name="staff_placement_transition",
    ),
    path("staff/hosts/", staff_views.HostOrganisationListView.as_view(), name="staff_hosts"),
    path(
        "staff/hosts/<int:pk>/", staff_views.HostOrganisationDetailView.as_view(), name="staff_host"
    ),
    path("staff/units/", staff_views.HostUnitListView.as_view(), name="staff_units"),
    path("staff/figures/", staff_views.FiguresView.as_view(), name="staff_figures"),
    path("staff/reports/", report_views.ReportsView.as_view(), name="staff_reports"),
    path(
        "staff/cohorts/<int:pk>/factsheet/",
        report_views.CohortFactsheetView.as_view(),
        name="cohort_factsheet",
    ),
    path(
        "staff/departments/<int:pk>/calendar/",
        staff_views.DepartmentCalendarView.as_view(),
        name="department_calendar",
    ),
    path(
        "staff/cohorts/<int:pk>/reports/",
        views.CohortReportsView.as_view(),
        name="cohort_reports",
    ),
    path(
        "staff/agreements/<int:pk>/",
        views.AgreementExchangeView.as_view(),
        name="agreement_exchange",
    ),
    path(
        "host/placements/<int:pk>/feedback/",
        views.HostFeedbackView.as_view(),
        name="host_feedback",
    ),
]

urlpatterns += [
    path("calendar/", calendar_views.CalendarFeedsPageView.as_view(), name="calendar_feeds"),
    path(
        "calendar/<str:token>/mine.ics",
        calendar_views.OwnCalendarFeedView.as_view(),
        name="calendar_feed_own",
    ),
    path(
        "calendar/<str:token>/cohorts/<int:pk>.ics",
        calendar_views.CohortCalendarFeedView.as_view(),
        name="calendar_feed_cohort",
    ),
    path(
        "calendar/<str:token>/departments/<int:pk>.ics",
        calendar_views.DepartmentCalendarFeedView.as_view(),
        name="calendar_feed_department",
    ),
]
