from django.urls import path

from . import views

app_name = "placements"

urlpatterns = [
    path("status/", views.StatusEnquiryView.as_view(), name="status_enquiry"),
    path("host/", views.HostPlacementListView.as_view(), name="host_placements"),
    path(
        "host/placements/<int:pk>/feedback/",
        views.HostFeedbackView.as_view(),
        name="host_feedback",
    ),
]
