from django.urls import path

from . import views

app_name = "participants"

urlpatterns = [
    path("me/", views.PortalHomeView.as_view(), name="portal"),
    path("me/reports/<int:pk>/", views.PortalReportView.as_view(), name="portal_report"),
    path("me/my-data.json", views.PortalDataExportView.as_view(), name="portal_data"),
]
