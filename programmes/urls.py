from django.urls import path

from . import views

app_name = "programmes"

urlpatterns = [
    path("programmes/", views.PublicProgrammeListView.as_view(), name="public_list"),
    path(
        "programmes/<slug:code>/",
        views.PublicProgrammeDetailView.as_view(),
        name="public_detail",
    ),
    path("figures/", views.PublicFiguresView.as_view(), name="public_figures"),
]
