"""/api/v1/ (the records), /api/schema/ (OpenAPI 3), /api/docs/ (Swagger UI), /api/redoc/."""

from django.urls import include, path, re_path
from rest_framework.routers import DefaultRouter

from . import docs, views


class Router(DefaultRouter):
    # No ".json" twins of every address: JSON is the one format, and every door is listed in
    # the access matrix.
    include_format_suffixes = False


router = Router()
router.register("programmes", views.ProgrammeViewSet, basename="programme")
router.register("cohorts", views.CohortViewSet, basename="cohort")
router.register("agreements", views.AgreementViewSet, basename="agreement")
router.register("host-organisations", views.HostOrganisationViewSet, basename="hostorganisation")
router.register("host-units", views.HostUnitViewSet, basename="hostunit")
router.register("departments", views.DepartmentViewSet, basename="department")
router.register("grades", views.GradeViewSet, basename="grade")
router.register("participants", views.ParticipantViewSet, basename="participant")
router.register("nominations", views.NominationViewSet, basename="nomination")
router.register("placements", views.PlacementViewSet, basename="placement")

app_name = "api"

urlpatterns = [
    path("v1/reports/", views.ReportView.as_view(), name="report-list"),
    path("v1/costs/", views.CostView.as_view(), name="cost-list"),
    path("v1/", include(router.urls)),
    re_path(r"^v1/", views.NoSuchAddressView.as_view(), name="no-such-address"),
    path("schema/", docs.SchemaView.as_view(), name="schema"),
    path("docs/", docs.SwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", docs.RedocView.as_view(url_name="api:schema"), name="redoc"),
]
