from django.urls import path

from . import staff_views, views

app_name = "programmes"

urlpatterns = [
    path("programmes/", views.PublicProgrammeListView.as_view(), name="public_list"),
    path(
        "programmes/<slug:code>/",
        views.PublicProgrammeDetailView.as_view(),
        name="public_detail",
    ),
    path("figures/", views.PublicFiguresView.as_view(), name="public_figures"),
    path("staff/programmes/", staff_views.ProgrammeListView.as_view(), name="staff_programmes"),
    path(
        "staff/programmes/<int:pk>/",
        staff_views.ProgrammeDetailView.as_view(),
        name="staff_programme",
    ),
    path(
        "staff/programmes/<int:pk>/do/<slug:name>/",
        staff_views.ProgrammeTransitionView.as_view(),
        name="staff_programme_transition",
    ),
    path("staff/cohorts/", staff_views.CohortListView.as_view(), name="staff_cohorts"),
    path("staff/cohorts/<int:pk>/", staff_views.CohortDetailView.as_view(), name="staff_cohort"),
    path(
        "staff/cohorts/<int:pk>/do/<slug:name>/",
        staff_views.CohortTransitionView.as_view(),
        name="staff_cohort_transition",
    ),
]
