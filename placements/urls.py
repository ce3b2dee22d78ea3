from django.urls import path

from . import views

app_name = "placements"

urlpatterns = [
    path("status/", views.StatusEnquiryView.as_view(), name="status_enquiry"),
    path("host/", views.HostPlacementListView.as_view(), name="host_placements"),
    path("staff/needs-action/", views.NeedsActionView.as_view(), name="needs_action"),
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
