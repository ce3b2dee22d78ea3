"""A cohort's admin page, registered from the placements side: a cohort is edited with its
department quotas, and shown with its nominations and placements, its next step and the
places taken, which only the placements app knows about (programmes import nothing of it)."""

from django import forms
from django.contrib import admin
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from exchange_portal.admin_scoping import PortalAdmin, SafeAutocompleteMixin
from exchange_portal.admin_workflow import (
    ReadOnlyInline,
    ServiceSaveAdminMixin,
    ServiceValidatedForm,
    WorkflowActionsMixin,
    service_fields,
)
from exchange_portal.roles import Role, role_of
from participants.models import Participant
from programmes import services
from programmes.admin import DocumentRequirementInline, save_requirements_formset
from programmes.models import COHORT_SEARCH_FIELDS, Cohort, CohortQuota, DocumentRequirement
from programmes.transitions import COHORT_TRANSITIONS

from ..models import Nomination, Placement
from ..next_steps import for_cohort
from ..services import PLACE_HOLDING_STATES


class CohortQuotaInline(SafeAutocompleteMixin, admin.TabularInline):
    model = CohortQuota
    fields = ["department", "places"]
    autocomplete_fields = ["department"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("department")


class NominationInline(ReadOnlyInline):
    model = Nomination
    fields = ["participant", "nominating_department", "rank", "status", "created_at"]
    readonly_fields = fields
    select_related = ("participant", "nominating_department")


class PlacementInline(ReadOnlyInline):
    model = Placement
    fk_name = "cohort"
    fields = ["reference_code", "participant", "host_unit", "start_date", "end_date", "status"]
    readonly_fields = fields
    select_related = ("participant", "host_unit__organisation")


class CohortForm(ServiceValidatedForm):
    eligible_rank_levels = forms.MultipleChoiceField(
        label=_("eligible rank levels"),
        choices=Participant.RankLevel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Leave all unticked to accept any rank level."),
    )


@admin.register(Cohort)
class CohortAdmin(WorkflowActionsMixin, ServiceSaveAdminMixin, PortalAdmin):
    form = CohortForm
    transitions = COHORT_TRANSITIONS

    list_display = [
        "name",
        "programme",
        "phase",
        "batch",
        "direction",
        "start_date",
        "end_date",
        "nomination_count",
        "places_taken",
        "status",
    ]
    list_filter = ["status", "direction", "programme"]
    ordering = Cohort._meta.ordering  # as for programmes: the counts' GROUP BY drops Meta's
    search_fields = [*COHORT_SEARCH_FIELDS, "programme__code", "programme__name_en"]
    search_help_text = _("Search by cohort name, destination, or programme code or name.")
    list_select_related = ["programme"]
    show_full_result_count = False
    date_hierarchy = "start_date"
    autocomplete_fields = ["programme", "agreement"]
    readonly_fields = ["created_at", "updated_at", "next_step", "reports_link"]
    filter_horizontal = ["eligible_grades"]
    inlines = [CohortQuotaInline, DocumentRequirementInline, NominationInline, PlacementInline]
    fieldsets = [
        (
            None,
            {"fields": Cohort.IDENTITY_FIELDS},
        ),
        (
            _("Dates and places"),
            {"fields": Cohort.WHEN_AND_WHERE_FIELDS},
        ),
        (
            _("Who may be nominated"),
            {
                "fields": [
                    "eligible_grades",
                    "eligible_rank_levels",
                    "min_age",
                    "max_age",
                    "min_years_of_service",
                ]
            },
        ),
        (
            _("Status"),
            {
                "fields": [
                    "status",
                    "status_reason",
                    "next_step",
                    "reports_link",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    @admin.display(description=_("next step"))
    def next_step(self, obj):
        step = for_cohort(obj) if obj.pk else None
        return format_html("{} ({})", step.text, step.whose) if step else "—"

    @admin.display(description=_("reports"))
    def reports_link(self, obj):
        if obj.pk is None:
            return ""
        return format_html(
            '<a href="{}">{}</a>',
            reverse("staff:cohort_reports", args=[obj.pk]),
            _("All reports of this cohort"),
        )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                nomination_count=Count("nominations", distinct=True),
                taken=Count(
                    "placements",
                    filter=Q(placements__status__in=PLACE_HOLDING_STATES),
                    distinct=True,
                ),
            )
        )

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        source = [request.GET.get(k) for k in ("app_label", "model_name", "field_name")]
        if (
            source == ["placements", "nomination", "cohort"]
            and role_of(request.user) == Role.DEPARTMENT_HR
        ):
            # Department HR nominate only into calls that are open now.
            queryset = queryset.filter(pk__in=Cohort.objects.open_for_nominations())
        return queryset, may_have_duplicates

    @admin.display(description=_("nominations"), ordering="nomination_count")
    def nomination_count(self, obj):
        return obj.nomination_count

    @admin.display(description=_("places taken"), ordering="taken")
    def places_taken(self, obj):
        return f"{obj.taken} / {obj.places}"

    def save_through_service(self, request, obj, form, change):
        return services.cohort_save(cohort=obj, actor=request.user, **service_fields(form))

    def save_formset(self, request, form, formset, change):
        if formset.model is DocumentRequirement:
            return save_requirements_formset(request, form, formset)
        return super().save_formset(request, form, formset, change)
