"""The bench's URLconf (bench/settings.py only): the portal's URLs, a bare view, an admin site
with Django's defaults for placements, and each benchmarked page's floor (bench/floors.py)."""

from django.contrib import admin
from django.http import HttpResponse
from django.urls import path

from api.views import PlacementViewSet
from bench import floors
from exchange_portal.admin_site import PortalAdminSite
from exchange_portal.urls import handler500
from exchange_portal.urls import urlpatterns as portal_urlpatterns
from placements.admin.records import PlacementAdmin
from placements.models import Placement
from staff.views.officers import StaffParticipantListView
from staff.views.placements import DashboardView, HostUnitListView, PlacementListView

__all__ = ["handler500", "urlpatterns"]


def bare(request):
    """What a request costs with no work in the view: the yardstick of every page."""
    return HttpResponse(b"ok", content_type="text/plain")


class DefaultPlacementAdmin(admin.ModelAdmin):
    """Django's defaults with the portal's columns: no list_select_related, the full count."""

    list_display = [
        "reference_code",
        "participant",
        "cohort",
        "host_unit",
        "start_date",
        "end_date",
        "status",
    ]


default_admin = admin.AdminSite(name="bench_admin")
default_admin.register(Placement, DefaultPlacementAdmin)


class FreshPlacementAdmin(PlacementAdmin):
    """The portal's placement admin with its changelist made afresh on every request."""

    keep_changelist = False
    autocomplete_fields = ()  # the change form's; this site registers no other model


fresh_admin = PortalAdminSite(name="bench_fresh_admin")
fresh_admin.register(Placement, FreshPlacementAdmin)

urlpatterns = [
    path("bench/bare/", bare, name="bench_bare"),
    path("bench-admin/", default_admin.urls),
    # Each benchmarked page's floor: the same work with the least code (bench/floors.py).
    path("bench/floor/figures/", floors.figures, name="floor_figures"),
    path("bench/floor/status/", floors.enquiry, name="floor_enquiry"),
    path("bench/floor/staff/placements/", floors.staff_list_kept, name="floor_staff_list"),
    path("bench/floor/staff/", floors.dashboard_kept, name="floor_dashboard"),
    # The two kept pages made afresh on every request, and their floors (decision 0058).
    path(
        "bench/fresh/staff/placements/",
        PlacementListView.as_view(keep_pages=False),
        name="fresh_staff_list",
    ),
    path("bench/fresh/staff/", DashboardView.as_view(keep_pages=False), name="fresh_dashboard"),
    path(
        "bench/fresh/staff/officers/",
        StaffParticipantListView.as_view(keep_pages=False),
        name="fresh_officers",
    ),
    path(
        "bench/fresh/staff/units/", HostUnitListView.as_view(keep_pages=False), name="fresh_units"
    ),
    path("bench/floor/fresh/staff/placements/", floors.staff_list, name="floor_fresh_staff_list"),
    path("bench/floor/fresh/staff/", floors.dashboard, name="floor_fresh_dashboard"),
    path("bench/floor/api/placements/", floors.api_list_kept, name="floor_api_list"),
    path(
        "bench/fresh/api/placements/",
        PlacementViewSet.as_view({"get": "list"}, keep_lists=False),
        name="fresh_api_list",
    ),
    path("bench/floor/fresh/api/placements/", floors.api_list, name="floor_fresh_api_list"),
    path("bench/floor/admin/placements/", floors.admin_list_kept, name="floor_admin"),
    path("bench-fresh-admin/", fresh_admin.urls),
    path("bench/floor/fresh/admin/placements/", floors.admin_list, name="floor_fresh_admin"),
    *portal_urlpatterns,
]
