"""The public pages: open to everyone, never personal data."""

from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("programmes/", views.PublicProgrammeListView.as_view(), name="programmes"),
    path("programmes/<slug:code>/", views.PublicProgrammeDetailView.as_view(), name="programme"),
    path("figures/", views.PublicFiguresView.as_view(), name="figures"),
    path("status/", views.StatusEnquiryView.as_view(), name="status_enquiry"),
]
