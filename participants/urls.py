from django.urls import path

from . import views

app_name = "participants"

urlpatterns = [
    path("me/", views.PortalHomeView.as_view(), name="portal"),
    path("me/reports/<int:pk>/", views.PortalReportView.as_view(), name="portal_report"),
    path("me/my-data.json", views.PortalDataExportView.as_view(), name="portal_data"),
    path("staff/officers/", views.StaffParticipantListView.as_view(), name="staff_participants"),
    path(
        "staff/officers/<int:pk>/",
        views.StaffParticipantDetailView.as_view(),
        name="staff_participant",
    ),
]
