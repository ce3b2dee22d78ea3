"""A placement's documents on its staff page: department HR upload those HR provides for
their department's officers, CSB managers those CSB provides (decision 0056)."""

from django.urls import reverse
from django.views.generic import FormView

from exchange_portal.access import RoleRequiredMixin
from exchange_portal.roles import STAFF_DOCUMENT_PROVIDERS
from placements.selectors import placements_for
from placements.upload_views import DocumentUploadMixin


class PlacementDocumentUploadView(RoleRequiredMixin, DocumentUploadMixin, FormView):
    allowed_roles = STAFF_DOCUMENT_PROVIDERS
    template_name = "placements/document_upload_staff.html"

    def placements(self):
        return placements_for(self.request.user)

    def get_success_url(self):
        return reverse("staff:placement", args=[self.kwargs["pk"]]) + "#documents-heading"
