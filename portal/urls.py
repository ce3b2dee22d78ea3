"""The officers' portal (/me/), the host contacts' pages (/host/), the partner-government
coordinators' pages (/partner/) and the calendar feeds."""

from django.urls import path

from .views import calendar, documents, host, officer, partner

app_name = "portal"

urlpatterns = [
    path("me/", officer.PortalHomeView.as_view(), name="home"),
    path("me/reports/<int:pk>/", officer.PortalReportView.as_view(), name="report"),
    path("me/follow-ups/<int:pk>/", officer.PortalFollowUpView.as_view(), name="follow_up"),
    path("me/my-data.json", officer.PortalDataExportView.as_view(), name="my_data"),
    path(
        "me/placements/<int:pk>/documents/<int:requirement>/",
        documents.OfficerDocumentUploadView.as_view(),
        name="officer_document_upload",
    ),
    path(
        "host/placements/<int:pk>/documents/<int:requirement>/",
        documents.HostDocumentUploadView.as_view(),
        name="host_document_upload",
    ),
    path("documents/<int:pk>/", documents.DocumentDownloadView.as_view(), name="document"),
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
    path("host/reports/<int:pk>/", host.HostReportView.as_view(), name="host_report"),
    path("partner/", partner.PartnerHomeView.as_view(), name="partner_home"),
    path(
        "partner/cohorts/<int:pk>/",
        partner.PartnerCohortView.as_view(),
        name="partner_cohort",
    ),
    path(
        "partner/cohorts/<int:pk>/put-forward/",
        partner.PartnerPutForwardView.as_view(),
        name="partner_put_forward",
    ),
    path(
        "partner/nominations/<int:pk>/",
        partner.PartnerNominationView.as_view(),
        name="partner_nomination",
    ),
    path("partner/import/", partner.PartnerImportView.as_view(), name="partner_import"),
    path(
        "partner/import/template/<slug:kind>/",
        partner.PartnerImportTemplateView.as_view(),
        name="partner_import_template",
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
