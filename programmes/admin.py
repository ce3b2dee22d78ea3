from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from exchange_portal.admin_chinese import ChineseSuggestionsAdminMixin
from exchange_portal.admin_scoping import PortalAdmin
from exchange_portal.admin_workflow import (
    JoinedForNamesMixin,
    ReadOnlyInline,
    ServiceSaveAdminMixin,
    WorkflowActionsMixin,
    service_fields,
)
from exchange_portal.files import PrivateFileWidget
from exchange_portal.roles import STAFF, Role, role_of

from . import services
from .forms import BaseSuspensionFormSet, formset_suspensions
from .models import (
    Budget,
    Cohort,
    CohortQuota,
    DocumentRequirement,
    PartnerAgreement,
    Programme,
    ProgrammeSuspension,
)
from .transitions import AGREEMENT_TRANSITIONS, PROGRAMME_TRANSITIONS

# Agreements and cohorts are listed read-only on their programme's page and edited on their own
# pages, where save_model and the status actions go through their services.


class PartnerAgreementInline(ReadOnlyInline):
    model = PartnerAgreement
    fields = ["title", "counterpart_en", "signed_on", "in_force_from", "in_force_to", "status"]
    readonly_fields = fields


class CohortInline(ReadOnlyInline):
    model = Cohort
    fields = ["name", "phase", "batch", "direction", "start_date", "end_date", "places", "status"]
    readonly_fields = fields


class ProgrammeSuspensionInline(ChineseSuggestionsAdminMixin, admin.TabularInline):
    """A programme's suspensions, edited on its page; saved through the service, which checks
    under the programme's lock that no two overlap."""

    model = ProgrammeSuspension
    formset = BaseSuspensionFormSet
    fields = ["starts_on", "ends_on", "reason", "reason_zh_hant", "reason_zh_hans"]
    extra = 0


class DocumentRequirementInline(ChineseSuggestionsAdminMixin, admin.TabularInline):
    """The documents every placement of the programme (or cohort) needs, edited by CSB
    programme managers on its page and saved through the service (decision 0056)."""

    model = DocumentRequirement
    fields = [
        "kind",
        "title",
        "title_zh_hant",
        "title_zh_hans",
        "provider",
        "due_days",
        "outside_hong_kong_only",
    ]
    extra = 0

    def _manager(self, request):
        return role_of(request.user) == Role.CSB_MANAGER

    def has_view_permission(self, request, obj=None):
        return role_of(request.user) in STAFF

    def has_add_permission(self, request, obj=None):
        return self._manager(request)

    def has_change_permission(self, request, obj=None):
        return self._manager(request)

    def has_delete_permission(self, request, obj=None):
        return self._manager(request)


def save_requirements_formset(request, form, formset) -> None:
    """Save an inline of required documents through the service, leaving the formset as
    formset.save() would for the admin's change message."""
    changes = formset_suspensions(formset)
    formset.new_objects = [r for r, fields in changes if fields is not None and not r.pk]
    formset.deleted_objects = [r for r, fields in changes if fields is None]
    formset.changed_objects = [
        (f.instance, f.changed_data)
        for f in formset.initial_forms
        if f.instance.pk and f.has_changed() and f not in formset.deleted_forms
    ]
    services.document_requirements_save(owner=form.instance, actor=request.user, changes=changes)


@admin.register(Programme)
class ProgrammeAdmin(WorkflowActionsMixin, ServiceSaveAdminMixin, PortalAdmin):
    transitions = PROGRAMME_TRANSITIONS

    list_display = [
        "name_en",
        "code",
        "kind",
        "organiser",
        "direction",
        "cohort_count",
        "status",
    ]
    list_filter = ["status", "kind", "direction", "requires_external_recommendation", "organiser"]
    search_fields = ["code", "name_en", "name_zh_hant", "name_zh_hans"]
    search_help_text = _("Search by code (GBA-EX) or by name in English or Chinese.")
    # Said here as well as in Meta: Django leaves Meta.ordering out of a query with GROUP BY
    # (the counts below), so the autocomplete's pages would come in no order at all.
    ordering = Programme._meta.ordering
    list_select_related = ["organiser"]
    show_full_result_count = False
    autocomplete_fields = ["organiser"]
    readonly_fields = ["add_related_links", "created_at", "updated_at"]
    inlines = [
        ProgrammeSuspensionInline,
        DocumentRequirementInline,
        PartnerAgreementInline,
        CohortInline,
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "code",
                    "name_en",
                    "name_zh_hant",
                    "name_zh_hans",
                    "kind",
                    "organiser",
                    "direction",
                    "default_duration_value",
                    "default_duration_unit",
                    "established_year",
                ]
            },
        ),
        (
            _("Description"),
            {"fields": ["description", "description_zh_hant", "description_zh_hans"]},
        ),
        (
            _("External recommendation"),
            {
                "fields": [
                    "requires_external_recommendation",
                    "recommending_body",
                    "recommending_body_zh_hant",
                    "recommending_body_zh_hans",
                ]
            },
        ),
        (_("Hosts"), {"fields": ["hosts_policy_bureaux_only"]}),
        (
            _("Reports and check-ins"),
            {
                "fields": [
                    "initial_checkin_writers",
                    "initial_checkin_days",
                    "midpoint_checkin_writers",
                    "final_report_writers",
                    "yearly_review_writers",
                ]
            },
        ),
        (_("Status"), {"fields": ["status", "status_reason", "created_at", "updated_at"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        return [*fieldsets, (_("Agreements and cohorts"), {"fields": ["add_related_links"]})]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(cohort_count=Count("cohorts"))

    @admin.display(description=_("cohorts"), ordering="cohort_count")
    def cohort_count(self, obj):
        return obj.cohort_count

    @admin.display(description=_("add"))
    def add_related_links(self, obj):
        links = [
            (reverse("admin:programmes_partneragreement_add"), obj.pk, _("Add an agreement")),
            (reverse("admin:programmes_cohort_add"), obj.pk, _("Add a cohort")),
        ]
        return format_html_join(" · ", '<a href="{}?programme={}">{}</a>', links)

    def save_through_service(self, request, obj, form, change):
        return services.programme_save(programme=obj, actor=request.user, **service_fields(form))

    def save_formset(self, request, form, formset, change):
        if formset.model is DocumentRequirement:
            return save_requirements_formset(request, form, formset)
        if formset.model is not ProgrammeSuspension:
            return super().save_formset(request, form, formset, change)
        changes = formset_suspensions(formset)
        # What the admin's change message lists, as formset.save() would have left it.
        formset.new_objects = [s for s, fields in changes if fields is not None and not s.pk]
        formset.deleted_objects = [s for s, fields in changes if fields is None]
        formset.changed_objects = [
            (form.instance, form.changed_data)
            for form in formset.initial_forms
            if form.instance.pk and form.has_changed() and form not in formset.deleted_forms
        ]
        services.programme_suspensions_save(
            programme=form.instance, actor=request.user, changes=changes
        )
        return None


@admin.register(PartnerAgreement)
class PartnerAgreementAdmin(WorkflowActionsMixin, ServiceSaveAdminMixin, PortalAdmin):
    transitions = AGREEMENT_TRANSITIONS

    list_display = [
        "title",
        "programme",
        "counterpart_en",
        "signed_on",
        "in_force_from",
        "in_force_to",
        "reciprocal",
        "document_link",
        "status",
    ]
    list_filter = ["status", "reciprocal", "programme"]
    search_fields = [
        "title",
        "title_zh_hant",
        "title_zh_hans",
        "counterpart_en",
        "counterpart_zh_hant",
        "counterpart_zh_hans",
        "programme__code",
    ]
    search_help_text = _("Search by title or counterpart (English or Chinese) or programme code.")
    list_select_related = ["programme"]
    show_full_result_count = False
    date_hierarchy = "signed_on"
    autocomplete_fields = ["programme"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "programme",
                    "title",
                    "title_zh_hant",
                    "title_zh_hans",
                    "counterpart_en",
                    "counterpart_zh_hant",
                    "counterpart_zh_hans",
                ]
            },
        ),
        (_("Dates"), {"fields": ["signed_on", "in_force_from", "in_force_to"]}),
        (
            _("Terms"),
            {
                "fields": [
                    "duration_value",
                    "duration_unit",
                    "places_per_batch",
                    "reciprocal",
                    "document",
                ]
            },
        ),
        (_("Status"), {"fields": ["status", "status_reason", "exchange_link"]}),
    ]
    readonly_fields = ["exchange_link"]

    @admin.display(description=_("officers sent and received"))
    def exchange_link(self, obj):
        if obj.pk is None:
            return ""
        return format_html(
            '<a href="{}">{}</a>',
            reverse("staff:agreement_exchange", args=[obj.pk]),
            _("By phase and batch"),
        )

    @admin.display(description=_("signed text"))
    def document_link(self, obj):
        if not obj.document:
            return ""
        return format_html(
            '<a href="{}">{}</a>',
            reverse("staff:agreement_document", args=[obj.pk]),
            _("Download"),
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "document" in form.base_fields:
            url = reverse("staff:agreement_document", args=[obj.pk]) if obj else None
            form.base_fields["document"].widget = PrivateFileWidget(download_url=url)
        return form

    def save_through_service(self, request, obj, form, change):
        return services.agreement_save(agreement=obj, actor=request.user, **service_fields(form))


@admin.register(CohortQuota)
class CohortQuotaAdmin(JoinedForNamesMixin, PortalAdmin):
    list_display = ["cohort", "programme_column", "department", "places"]
    list_filter = ["cohort__programme", "cohort__status"]
    search_fields = ["cohort__name", "department__code", "department__name_en"]
    search_help_text = _("Search by cohort name, or department code or name.")
    list_select_related = ["cohort__programme", "department"]
    show_full_result_count = False
    autocomplete_fields = ["cohort", "department"]
    fields = ["cohort", "department", "places"]

    @admin.display(description=_("programme"), ordering="cohort__programme__name_en")
    def programme_column(self, obj):
        return obj.cohort.programme


@admin.register(Budget)
class BudgetAdmin(JoinedForNamesMixin, ServiceSaveAdminMixin, PortalAdmin):
    """What each programme (or cohort) may commit in a financial year, in HK$ (decision 0049);
    the costs counted against it are recorded on the placements."""

    list_display = ["programme", "cohort", "financial_year", "amount_hkd"]
    list_filter = ["financial_year", "programme"]
    search_fields = ["programme__code", "programme__name_en", "cohort__name"]
    search_help_text = _("Search by programme code or name, or cohort name.")
    list_select_related = ["programme", "cohort"]
    show_full_result_count = False
    autocomplete_fields = ["programme", "cohort"]
    fields = ["programme", "cohort", "financial_year", "amount_hkd", "note"]

    def save_through_service(self, request, obj, form, change):
        return services.budget_save(budget=obj, actor=request.user, **service_fields(form))
