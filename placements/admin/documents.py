"""The log of documents' downloads (decision 0056): read by CSB in the admin, never written
there (the portal's download view writes it)."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from exchange_portal.admin_scoping import PortalPlainAdmin
from exchange_portal.roles import CSB, role_of

from ..models import DocumentDownload


@admin.register(DocumentDownload)
class DocumentDownloadAdmin(PortalPlainAdmin):
    list_display = ["at", "document", "placement_code", "user", "request_id"]
    list_select_related = ["document__requirement", "document__placement", "user"]
    search_fields = ["document__placement__reference_code", "request_id"]
    search_help_text = _("Search by placement reference code or request id.")
    date_hierarchy = "at"
    fields = ["document", "user", "at", "request_id"]
    readonly_fields = fields
    show_full_result_count = False

    @admin.display(description=_("placement"), ordering="document__placement__reference_code")
    def placement_code(self, obj):
        return obj.document.placement.reference_code

    def history_view(self, request, object_id, extra_context=None):
        # Refused as every other page of the log is to those who may not read it (403), not
        # looked for in their (empty) scope first.
        if not self.has_view_permission(request):
            raise PermissionDenied
        return super().history_view(request, object_id, extra_context)

    def has_view_permission(self, request, obj=None):
        return role_of(request.user) in CSB

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
