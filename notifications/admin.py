from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.core.exceptions import PermissionDenied
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from exchange_portal.admin_scoping import PortalPlainAdmin

from . import services
from .models import Event, OutboundEmail


class EventFilter(admin.SimpleListFilter):
    """The events by name, from the code rather than a DISTINCT over the whole outbox."""

    title = _("event")
    parameter_name = "event"

    def lookups(self, request, model_admin):
        return Event.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(event=self.value())
        return queryset


@admin.register(OutboundEmail)
class OutboundEmailAdmin(PortalPlainAdmin):
    """The outbox: every message the portal has queued, for reading. Nothing is added, edited
    or deleted here; a failed message can be sent again."""

    list_display = [
        "created_at",
        "event_column",
        "to_column",
        "language",
        "subject",
        "status",
        "attempts",
        "sent_at",
    ]
    list_filter = ["status", EventFilter, "language"]
    search_fields = ["to_email", "subject"]
    search_help_text = _("Search by the recipient's e-mail address or the subject.")
    date_hierarchy = "created_at"
    show_full_result_count = False
    actions = ["retry_sending"]
    fieldsets = [
        (None, {"fields": ["event_column", "status", "attempts", "last_error"]}),
        (_("Message"), {"fields": ["to_column", "language", "subject", "body"]}),
        (
            _("Record"),
            {
                "fields": [
                    "created_at",
                    "last_attempt_at",
                    "sent_at",
                    "about_column",
                    "dedupe_key",
                ]
            },
        ),
    ]
    readonly_fields = ["event_column", "to_column", "about_column"]

    @admin.display(description=_("event"), ordering="event")
    def event_column(self, obj):
        return obj.event_label

    @admin.display(description=_("to"), ordering="to_email")
    def to_column(self, obj):
        return f"{obj.to_name} <{obj.to_email}>" if obj.to_name else obj.to_email

    @admin.display(description=_("about"))
    def about_column(self, obj):
        related = obj.related if obj.content_type_id else None
        if related is None:
            return "–"
        url = getattr(related, "get_absolute_url", None)
        return format_html('<a href="{}">{}</a>', url(), related) if url else str(related)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_retry_permission(self, request):
        return request.user.has_perm("notifications.retry_outboundemail")

    @admin.action(
        description=_("Retry sending"),
        permissions=["retry"],
        location=[ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM],
    )
    def retry_sending(self, request, queryset):
        try:
            queued = services.outbound_emails_retry(emails=queryset, actor=request.user)
        except PermissionDenied as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        left = queryset.count() - queued
        if queued:
            self.message_user(
                request,
                ngettext(
                    "%(count)d failed e-mail is queued to be sent again.",
                    "%(count)d failed e-mails are queued to be sent again.",
                    queued,
                )
                % {"count": queued},
                messages.SUCCESS,
            )
        if left:
            self.message_user(
                request,
                ngettext(
                    "%(count)d e-mail had not failed and was left as it is.",
                    "%(count)d e-mails had not failed and were left as they are.",
                    left,
                )
                % {"count": left},
                messages.WARNING,
            )
