"""The officers' portal (/me/), the host contacts' pages (/host/) and the calendar feeds."""

from django.urls import path

from .views import calendar, host, officer

app_name = "portal"

urlpatterns = [
    path("me/", officer.PortalHomeView.as_view(), name="home"),
    path("me/reports/<int:pk>/", officer.PortalReportView.as_view(), name="report"),
    path("me/my-data.json", officer.PortalDataExportView.as_view(), name="my_data"),
    path("host/", host.HostPlacementListView.as_view(), name="host_placements"),
    path(
        "host/placements/<int:pk>/accept/",
        host.HostPlacementAcceptView.as_view(),
        name="host_placement_accept",
    ),
    path(
        "host/placements/<int:pk>/decline/",
        host.HostPlacementDeclineView.as_view(),
        name="host_placement_decline",
    ),
    path(
        "host/placements/<int:pk>/feedback/",
        host.HostFeedbackView.as_view(),
        name="host_feedback",
    ),
    path("calendar/", calendar.CalendarFeedsPageView.as_view(), name="calendar_feeds"),
    path(
        "calendar/<str:token>/mine.ics",
        calendar.OwnCalendarFeedView.as_view(),
        name="calendar_feed_own",
    ),
    path(
        "calendar/<str:token>/cohorts/<int:pk>.ics",
        calendar.CohortCalendarFeedView.as_view(),
        name="calendar_feed_cohort",
    ),
    path(
        "calendar/<str:token>/departments/<int:pk>.ics",
        calendar.DepartmentCalendarFeedView.as_view(),
        name="calendar_feed_department",
    ),
]
