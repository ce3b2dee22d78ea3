"""Placements' documents on the portal: the one door every document is downloaded through, and
the upload screens of the officer (/me/) and the host contact (/host/) (decision 0056)."""

from django.shortcuts import get_object_or_404
from django.views import View
from django.views.generic import FormView

from exchange_portal.access import RoleRequiredMixin
from exchange_portal.files import private_file_response
from exchange_portal.roles import HOST_CONTACTS, PARTICIPANTS, SIGNED_IN
from placements import services
from placements.models import PlacementDocument
from placements.upload_views import DocumentUploadMixin


class DocumentDownloadView(RoleRequiredMixin, View):
    """A placement's document, to whoever may see the placement, as a download; every download
    is logged. Anyone else gets 404, as for a document that does not exist."""

    allowed_roles = SIGNED_IN
    http_method_names = ["get", "head", "options"]

    def get(self, request, pk):
        document = get_object_or_404(
            PlacementDocument.objects.visible_to(request.user).select_related("placement"),
            pk=pk,
        )
        services.document_download_record(document=document, user=request.user)
        return private_file_response(
            document.file,
            download_name=document.original_name,
            content_type=document.content_type,
        )


class OfficerDocumentUploadView(RoleRequiredMixin, DocumentUploadMixin, FormView):
    allowed_roles = PARTICIPANTS
    template_name = "placements/document_upload_portal.html"
    success_url_name = "portal:home"


class HostDocumentUploadView(RoleRequiredMixin, DocumentUploadMixin, FormView):
    allowed_roles = HOST_CONTACTS
    template_name = "placements/document_upload_portal.html"
    success_url_name = "portal:host_placements"
