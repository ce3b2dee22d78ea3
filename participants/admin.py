from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from exchange_portal.admin_workflow import ServiceSaveAdminMixin, in_use_filter, service_fields

from .models import Department, Grade, Participant
from .services import participant_save


@admin.register(Department)
class DepartmentAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name_en", "name_zh_hant", "is_policy_bureau"]
    list_display_links = ["code", "name_en"]
    list_filter = ["is_policy_bureau"]
    search_fields = ["code", "name_en", "name_zh_hant", "name_zh_hans"]
    search_help_text = _("Search by code (EPD) or by name in English or Chinese.")
    list_select_related = ()
    show_full_result_count = False
    fields = ["code", "name_en", "name_zh_hant", "name_zh_hans", "is_policy_bureau"]


@admin.register(Grade)
class GradeAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name_en", "name_zh_hant"]
    list_display_links = ["code", "name_en"]
    list_filter = [
        in_use_filter(
            "participants.Participant.grade",
            _("held by officers on record"),
        )
    ]
    search_fields = ["code", "name_en", "name_zh_hant", "name_zh_hans"]
    search_help_text = _("Search by code or by name in English or Chinese.")
    list_select_related = ()
    show_full_result_count = False
    fields = ["code", "name_en", "name_zh_hant", "name_zh_hans"]


@admin.register(Participant)
class ParticipantAdmin(ServiceSaveAdminMixin, SimpleHistoryAdmin):
    list_display = [
        "name_en",
        "name_zh",
        "origin",
        "affiliation_column",
        "grade",
        "rank",
        "rank_level",
        "staff_number",
    ]
    list_filter = ["origin", "rank_level", "department", "grade"]
    search_fields = [
        "name_en",
        "name_zh",
        "email",
        "staff_number",
        "home_organisation",
        "department__code",
    ]
    search_help_text = _(
        "Search by name (English or Chinese), e-mail, staff number, department code or home "
        "organisation."
    )
    list_select_related = ["department", "grade"]
    show_full_result_count = False
    autocomplete_fields = ["department", "grade"]
    readonly_fields = ["user", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["name_en", "name_zh", "email", "phone", "origin"]}),
        (
            _("Hong Kong civil servant"),
            {"fields": ["department", "grade", "rank", "rank_level", "staff_number"]},
        ),
        (_("Partner-government officer"), {"fields": ["home_organisation"]}),
        # The sign-in account is linked by the account services, not typed in here
        # (participant_save ignores it).
        (_("Record"), {"fields": ["user", "created_at", "updated_at"]}),
    ]

    @admin.display(description=_("department or home organisation"), ordering="department__code")
    def affiliation_column(self, obj):
        return obj.department.code if obj.department_id else obj.home_organisation

    def save_through_service(self, request, obj, form, change):
        return participant_save(participant=obj, actor=request.user, **service_fields(form))
