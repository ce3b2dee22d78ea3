from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from exchange_portal.admin_chinese import ChineseSuggestionsAdminMixin
from exchange_portal.admin_dates import IndexedYearsMixin
from exchange_portal.admin_imports import PortalImportMixin
from exchange_portal.admin_rows import PythonRowsMixin
from exchange_portal.admin_scoping import PortalAdmin, PortalPlainAdmin
from exchange_portal.admin_workflow import (
    JoinedForNamesMixin,
    KeptRelatedFieldListFilter,
    ReadOnlyInline,
    ServiceSaveAdminMixin,
    ServiceValidatedForm,
    WorkflowActionsMixin,
    in_use_filter,
    service_fields,
)
from exchange_portal.names import name_fields
from exchange_portal.roles import MANAGERS, Role, role_of
from exchange_portal.search import TrigramSearchAdminMixin
from exchange_portal.staff import choice_label
from programmes.models import Cohort

from .. import next_steps, services
from ..forms import PREFERENCE_LABELS, OverBudgetApprovalFields, cost_widgets
from ..imports import NominationResource, PlacementResource
from ..models import (
    FocusArea,
    HostOrganisation,
    HostUnit,
    Nomination,
    Placement,
    PlacementAmendment,
    PlacementCost,
    PlacementReport,
    ReturnFollowUp,
)
from ..selectors import host_units_allowed_for
from ..transitions import (
    AMENDMENT_TRANSITIONS,
    NOMINATION_TRANSITIONS,
    PLACEMENT_TRANSITIONS,
    REPORT_TRANSITIONS,
)

# Hosts ---------------------------------------------------------------------------------------


class HostUnitInline(ChineseSuggestionsAdminMixin, admin.TabularInline):
    model = HostUnit
    fields = [
        "name_en",
        "name_zh_hant",
        "name_zh_hans",
        "city",
        "city_zh_hant",
        "city_zh_hans",
        "contact_name",
        "contact_email",
        "capacity",
    ]
    extra = 0
    show_change_link = True


@admin.register(HostOrganisation)
class HostOrganisationAdmin(TrigramSearchAdminMixin, PortalAdmin):
    list_display = ["name_en", "name_zh_hant", "kind", "country", "city", "parent", "department"]
    list_filter = ["kind", "country"]
    search_fields = list(HostOrganisation.SEARCH_FIELDS)  # through the trigram index
    search_help_text = _("Search by name in English or Chinese, or city; any part of them.")
    list_select_related = ["parent", "department"]
    show_full_result_count = False
    autocomplete_fields = ["parent", "department"]
    inlines = [HostUnitInline]
    fields = [
        "name_en",
        "name_zh_hant",
        "name_zh_hans",
        "kind",
        "country",
        "country_zh_hant",
        "country_zh_hans",
        "city",
        "city_zh_hant",
        "city_zh_hans",
        "parent",
        "department",
    ]


@admin.register(HostUnit)
class HostUnitAdmin(TrigramSearchAdminMixin, JoinedForNamesMixin, PortalAdmin):
    list_display = ["name_en", "organisation", "city", "contact_name", "contact_email", "capacity"]
    list_filter = ["organisation__kind", "organisation__country"]
    search_fields = list(HostUnit.SEARCH_FIELDS)  # and the organisation's, through the index
    search_through = ("", "organisation")
    search_help_text = _(
        "Search by unit or organisation name (English or Chinese), city or contact person."
    )
    list_select_related = ["organisation"]
    show_full_result_count = False
    autocomplete_fields = ["organisation", "contacts"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "organisation",
                    "name_en",
                    "name_zh_hant",
                    "name_zh_hans",
                    "city",
                    "city_zh_hant",
                    "city_zh_hans",
                ]
            },
        ),
        (
            _("Contact"),
            {"fields": ["contact_name", "contact_email", "contact_phone", "contacts"]},
        ),
        (None, {"fields": ["capacity"]}),
    ]


@admin.register(FocusArea)
class FocusAreaAdmin(PortalPlainAdmin):
    list_display = ["name_en", "name_zh_hant", "code"]
    list_filter = [in_use_filter("placements.Placement.focus_areas", _("used by placements"))]
    search_fields = ["code", "name_en", "name_zh_hant", "name_zh_hans"]
    search_help_text = _("Search by code or by name in English or Chinese.")
    list_select_related = ()
    show_full_result_count = False
    fields = ["code", "name_en", "name_zh_hant", "name_zh_hans"]


# Nominations ---------------------------------------------------------------------------------


def _preference_field(label):
    field = forms.ModelChoiceField(
        label=label,
        queryset=HostUnit.objects.none(),
        required=False,
        empty_label=_("No preference"),
    )
    field.label_from_instance = lambda unit: unit.name_with_organisation
    return field


class NominationAdminForm(ServiceValidatedForm):
    """The nomination with the host units its officer prefers, in order (where the call takes
    them); the service (nomination_create / nomination_update) checks the rules and its
    refusals are shown by the first preference."""

    preference_1 = _preference_field(PREFERENCE_LABELS[0])
    preference_2 = _preference_field(PREFERENCE_LABELS[1])
    preference_3 = _preference_field(PREFERENCE_LABELS[2])
    service_error_fields = {"host_preferences": "preference_1"}
    PREFERENCE_FIELDS = ("preference_1", "preference_2", "preference_3")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cohort = self.instance.cohort if self.instance.cohort_id else None
        if self.instance.pk is not None and not cohort.takes_host_preferences:
            for name in self.PREFERENCE_FIELDS:
                del self.fields[name]
            return
        units = (
            host_units_allowed_for(cohort.programme)
            if cohort is not None
            else HostUnit.objects.select_related("organisation").order_by(
                "organisation__name_en", "name_en"
            )
        )
        stored = (
            list(self.instance.preferences.order_by("rank").values_list("host_unit", flat=True))
            if self.instance.pk is not None
            else []
        )
        fixed = self.instance.pk is not None and self.instance.status != Nomination.Status.SUBMITTED
        for index, name in enumerate(self.PREFERENCE_FIELDS):
            self.fields[name].queryset = units
            self.fields[name].disabled = fixed  # changed only while submitted
            if index < len(stored):
                self.fields[name].initial = stored[index]

    def host_preferences(self):
        """The units chosen, in order, blanks left out; None when the form has no such fields."""
        if "preference_1" not in self.fields:
            return None
        chosen = (self.cleaned_data.get(name) for name in self.PREFERENCE_FIELDS)
        return [unit for unit in chosen if unit is not None]


@admin.register(Nomination)
class NominationAdmin(
    PortalImportMixin, JoinedForNamesMixin, WorkflowActionsMixin, ServiceSaveAdminMixin, PortalAdmin
):
    resource_classes = [NominationResource]
    transitions = NOMINATION_TRANSITIONS
    form = NominationAdminForm

    list_display = [
        "participant",
        "cohort",
        "nominating_department",
        "rank",
        "created_at",
        "placement_link",
        "status",
    ]
    list_filter = [
        "status",
        "cohort__programme",
        "cohort",
        ("nominating_department", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = [
        "participant__name_en",
        "participant__name_zh_hant",
        "participant__name_zh_hans",
        "participant__staff_number",
        "cohort__name",
        "nominating_department__code",
    ]
    search_help_text = _(
        "Search by officer's name (English or Chinese) or staff number, cohort name or "
        "department code."
    )
    list_select_related = ["participant", "cohort", "nominating_department", "placement"]
    show_full_result_count = False
    date_hierarchy = "created_at"
    autocomplete_fields = ["cohort", "participant", "nominating_department"]
    add_fieldsets = [
        (None, {"fields": ["cohort", "participant", "nominating_department", "rank", "statement"]}),
    ]
    fieldsets = [
        *add_fieldsets,
        (
            _("Decision"),
            {
                "fields": [
                    "status",
                    "status_reason",
                    "next_step",
                    "reserve_rank",
                    "recommended_by",
                    "recommended_on",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    preference_fieldset = (
        _("Host preferences"),
        {
            "fields": list(NominationAdminForm.PREFERENCE_FIELDS),
            "description": _(
                "Up to three host units the officer would prefer, in order, where the call takes "
                "host preferences; changed only while the nomination is submitted."
            ),
        },
    )

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [*self.add_fieldsets, self.preference_fieldset]
        if obj.cohort.takes_host_preferences:
            return [*self.add_fieldsets, self.preference_fieldset, *self.fieldsets[1:]]
        return self.fieldsets

    @admin.display(description=_("next step"))
    def next_step(self, obj):
        step = next_steps.for_nomination(obj)
        return format_html("{} ({})", step.text, step.whose) if step else "—"

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if obj is None:
            return readonly
        readonly += ["next_step", "reserve_rank"]
        # Who is nominated for what is fixed once submitted; the ranking and statement can be
        # edited while the nomination is still under consideration.
        readonly += ["cohort", "participant", "nominating_department", "created_at", "updated_at"]
        if obj.status not in Nomination.OPEN_STATES:
            readonly += ["rank", "statement"]
        return readonly

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "cohort" and role_of(request.user) == Role.DEPARTMENT_HR:
            # Department HR nominate only into calls that are open now.
            kwargs["queryset"] = Cohort.objects.open_for_nominations()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # Placing: the autocomplete offers only selected nominations without a placement.
        source = [request.GET.get(k) for k in ("app_label", "model_name", "field_name")]
        if source == ["placements", "placement", "nomination"]:
            queryset = queryset.filter(status=Nomination.Status.SELECTED, placement__isnull=True)
        return queryset, may_have_duplicates

    @admin.display(description=_("placement"), ordering="placement__reference_code")
    def placement_link(self, obj):
        placement = getattr(obj, "placement", None)
        if placement is None:
            return ""
        return format_html(
            '<a href="{}">{}</a>', placement.get_absolute_url(), placement.reference_code
        )

    def get_transition_initial(self, request, transition, queryset):
        if transition.name != "recommend":
            return {}
        bodies = {
            n.cohort.programme.recommending_body
            for n in queryset.select_related("cohort__programme")
        }
        initial = {"recommended_on": timezone.localdate()}
        if len(bodies) == 1:
            initial["recommended_by"] = bodies.pop()
        return initial

    def save_through_service(self, request, obj, form, change):
        preferences = form.host_preferences()
        if change:
            return services.nomination_update(
                nomination=obj,
                actor=request.user,
                host_preferences=preferences,
                **service_fields(form),
            )
        nomination = services.nomination_create(
            actor=request.user, host_preferences=preferences, **service_fields(form)
        )
        # Not refusals: the nomination is made, and who made it is told of the overlap.
        for warning in nomination.warnings:
            self.message_user(request, warning, messages.WARNING)
        return nomination


# Placements ----------------------------------------------------------------------------------


class PlacementAddForm(ServiceValidatedForm):
    """Placing a selected nomination: the officer and cohort come from the nomination, and the
    dates default to the cohort's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("start_date", "end_date"):
            self.fields[name].required = False
            self.fields[name].help_text = _("Leave blank to use the cohort's dates.")


class PlacementReportInline(ReadOnlyInline):
    model = PlacementReport
    fields = ["author_role", "due_on", "status", "submitted_at"]
    readonly_fields = fields


# States in which placement_update still accepts changes.
PLACEMENT_EDITABLE_STATES = (
    Placement.Status.PROPOSED,
    Placement.Status.CONFIRMED,
    Placement.Status.IN_PROGRESS,
)


class PlacementAmendmentInline(ReadOnlyInline):
    model = PlacementAmendment
    fields = [
        "created_at",
        "old_start_date",
        "new_start_date",
        "old_end_date",
        "new_end_date",
        "new_host_unit",
        "reason",
        "status",
        "status_reason",
    ]
    readonly_fields = fields
    select_related = ("new_host_unit__organisation",)


class PlacementAdminForm(ServiceValidatedForm):
    """The placement's version when the editor opened the page travels with the form, so that
    a save over someone else's newer change is refused naming what they changed."""

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["opened_version"].initial = self.instance.version


@admin.register(Placement)
class PlacementAdmin(
    PortalImportMixin,
    PythonRowsMixin,
    IndexedYearsMixin,
    JoinedForNamesMixin,
    WorkflowActionsMixin,
    ServiceSaveAdminMixin,
    PortalAdmin,
):
    resource_classes = [PlacementResource]
    # Department HR only read placements; CSB managers propose them, one by one or by import.
    import_roles = MANAGERS
    transitions = PLACEMENT_TRANSITIONS

    list_display = [
        "reference_code",
        "participant",
        "cohort",
        "host_unit",
        "start_date",
        "end_date",
        "status_label",
    ]
    list_filter = [
        "status",
        ("cohort__programme", KeptRelatedFieldListFilter),
        "host_unit__organisation__kind",
        ("focus_areas", KeptRelatedFieldListFilter),
    ]
    search_fields = [
        "reference_code",
        "participant__name_en",
        "participant__name_zh_hant",
        "participant__name_zh_hans",
        "participant__staff_number",
        "cohort__name",
        "host_unit__name_en",
        "host_unit__organisation__name_en",
    ]
    search_help_text = _(
        "Search by reference code (EX-…), officer's name or staff number, cohort, or host "
        "unit or organisation."
    )
    list_select_related = ["participant", "cohort", "host_unit__organisation"]
    # What the rows show and name (str(placement) for the checkbox's label): the officer's,
    # cohort's, unit's and organisation's names in three scripts.
    list_only = (
        "reference_code",
        "start_date",
        "end_date",
        "status",
        *name_fields("participant"),
        *name_fields("cohort", "name"),
        *name_fields("host_unit"),
        *name_fields("host_unit__organisation"),
    )
    show_full_result_count = False
    list_per_page = 50  # as the staff lists; rendering rows is most of the page's cost
    date_hierarchy = "start_date"
    autocomplete_fields = ["nomination", "host_unit", "focus_areas"]
    inlines = [PlacementAmendmentInline, PlacementReportInline]
    add_fieldsets = [
        (None, {"fields": ["nomination", *Placement.MOVING_FIELDS]}),
        (_("Role"), {"fields": Placement.ROLE_FIELDS}),
    ]
    form = PlacementAdminForm
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "nomination",
                    "participant",
                    "cohort",
                    *Placement.MOVING_FIELDS,
                    "opened_version",
                ]
            },
        ),
        (_("Role"), {"fields": Placement.ROLE_FIELDS}),
        (
            _("Status"),
            {
                "fields": [
                    "status",
                    "status_reason",
                    "next_step",
                    "reference_code",
                    "version",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    @admin.display(description=Placement._meta.get_field("status").verbose_name, ordering="status")
    def status_label(self, obj):
        # The status's label from a mapping built once: Django's own column rebuilds the
        # field's choices for every row (docs/decisions/0047).
        return choice_label(obj, "status")

    @admin.display(description=_("next step"))
    def next_step(self, obj):
        step = next_steps.for_placement(obj)
        return format_html("{} ({})", step.text, step.whose) if step else "—"

    def get_fieldsets(self, request, obj=None):
        return self.add_fieldsets if obj is None else self.fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = PlacementAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if obj is None:
            return readonly
        readonly += [
            "nomination",
            "participant",
            "cohort",
            "next_step",
            "created_at",
            "updated_at",
        ]
        # Dates and host of a confirmed placement change only by an approved amendment, and a
        # finished placement not at all (placement_update refuses both).
        if obj.status != Placement.Status.PROPOSED:
            readonly += Placement.MOVING_FIELDS
        if obj.status not in PLACEMENT_EDITABLE_STATES:
            readonly += Placement.ROLE_FIELDS
        return readonly

    def save_through_service(self, request, obj, form, change):
        fields = service_fields(form)
        if change:
            return services.placement_update(
                placement=obj,
                actor=request.user,
                focus_areas=form.cleaned_data.get("focus_areas"),
                expected_version=form.cleaned_data.get("opened_version"),
                **fields,
            )
        return services.placement_create(
            actor=request.user, focus_areas=form.cleaned_data.get("focus_areas") or (), **fields
        )


# Reports -------------------------------------------------------------------------------------

REPORT_CONTENT_FIELDS = ["summary", "experience_gained", "recommendations"]


@admin.register(PlacementReport)
class PlacementReportAdmin(
    JoinedForNamesMixin, WorkflowActionsMixin, ServiceSaveAdminMixin, PortalAdmin
):
    transitions = REPORT_TRANSITIONS

    list_display = [
        "placement_code",
        "participant_column",
        "author_role",
        "kind",
        "sequence",
        "due_on",
        "submitted_at",
        "submitted_by",
        "status",
    ]
    list_filter = ["status", "author_role", "kind", "placement__cohort__programme"]
    search_fields = [
        "placement__reference_code",
        "placement__participant__name_en",
        "placement__participant__name_zh_hant",
        "placement__participant__name_zh_hans",
    ]
    search_help_text = _("Search by placement reference code or officer's name.")
    list_select_related = ["placement__participant", "submitted_by"]
    show_full_result_count = False
    date_hierarchy = "due_on"
    readonly_fields = [
        "placement",
        "author_role",
        "kind",
        "sequence",
        "due_on",
        "submitted_at",
        "submitted_by",
    ]
    fieldsets = [
        (None, {"fields": ["placement", "author_role", "kind", "sequence", "due_on"]}),
        (_("Report"), {"fields": REPORT_CONTENT_FIELDS}),
        (
            _("Status"),
            {"fields": ["status", "status_reason", "submitted_at", "submitted_by"]},
        ),
    ]

    def has_add_permission(self, request):
        # Completing a placement opens its two reports (placement_complete).
        return False

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if obj is not None and obj.status != PlacementReport.Status.DRAFT:
            readonly += REPORT_CONTENT_FIELDS
        return readonly

    @admin.display(description=_("placement"), ordering="placement__reference_code")
    def placement_code(self, obj):
        return obj.placement.reference_code

    @admin.display(description=_("officer"), ordering="placement__participant__name_en")
    def participant_column(self, obj):
        return obj.placement.participant

    def save_through_service(self, request, obj, form, change):
        return services.report_save(report=obj, actor=request.user, **service_fields(form))


# Amendments ----------------------------------------------------------------------------------


@admin.register(PlacementAmendment)
class PlacementAmendmentAdmin(
    JoinedForNamesMixin, WorkflowActionsMixin, ServiceSaveAdminMixin, PortalAdmin
):
    """Extensions and moves of confirmed placements: requested here, applied when approved."""

    transitions = AMENDMENT_TRANSITIONS

    list_display = [
        "placement_code",
        "participant_column",
        "old_end_date",
        "new_end_date",
        "new_host_unit",
        "created_at",
        "requested_by",
        "status",
    ]
    list_filter = ["status", "placement__cohort__programme"]
    search_fields = [
        "placement__reference_code",
        "placement__participant__name_en",
        "placement__participant__name_zh_hant",
        "placement__participant__name_zh_hans",
    ]
    search_help_text = _("Search by placement reference code or officer's name.")
    list_select_related = [
        "placement__participant",
        "new_host_unit__organisation",
        "requested_by",
    ]
    show_full_result_count = False
    date_hierarchy = "created_at"
    autocomplete_fields = ["placement", "new_host_unit"]
    add_fields = ["placement", "new_start_date", "new_end_date", "new_host_unit", "reason"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return self.add_fields
        return [
            "placement",
            "old_start_date",
            "new_start_date",
            "old_end_date",
            "new_end_date",
            "old_host_unit",
            "new_host_unit",
            "reason",
            "requested_by",
            "created_at",
            "status",
            "status_reason",
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if obj is None:
            return readonly
        # A request is decided as it was made; a changed mind is a new request.
        return [*readonly, *self.get_fields(request, obj)]

    @admin.display(description=_("placement"), ordering="placement__reference_code")
    def placement_code(self, obj):
        return obj.placement.reference_code

    @admin.display(description=_("officer"), ordering="placement__participant__name_en")
    def participant_column(self, obj):
        return obj.placement.participant

    def save_through_service(self, request, obj, form, change):
        return services.amendment_request(actor=request.user, **service_fields(form))


# Costs ---------------------------------------------------------------------------------------


class PlacementCostAdminForm(ServiceValidatedForm):
    approve_over_budget = OverBudgetApprovalFields.base_fields["approve_over_budget"]
    over_budget_reason = OverBudgetApprovalFields.base_fields["over_budget_reason"]

    class Meta:
        model = PlacementCost
        fields = ["placement", *PlacementCost.INPUT_FIELDS]
        widgets = cost_widgets()


@admin.register(PlacementCost)
class PlacementCostAdmin(JoinedForNamesMixin, ServiceSaveAdminMixin, PortalAdmin):
    """Planned and actual costs of placements, entered through the same service as the staff
    page (decision 0049): converted to HK$ at the recorded rate and checked against the budget."""

    form = PlacementCostAdminForm
    list_display = [
        "placement_code",
        "category",
        "kind",
        "currency",
        "amount",
        "rate_to_hkd",
        "amount_hkd",
        "incurred_on",
        "financial_year",
    ]
    list_filter = ["kind", "category", "currency", "financial_year", "placement__cohort__programme"]
    search_fields = ["placement__reference_code"]
    search_help_text = _("Search by placement reference code.")
    list_select_related = ["placement"]
    show_full_result_count = False
    autocomplete_fields = ["placement"]
    readonly_fields = [
        "amount_hkd",
        "financial_year",
        "over_budget_approved_by",
        "over_budget_approved_at",
        "recorded_by",
    ]

    def get_fields(self, request, obj=None):
        fields = [
            "placement",
            *PlacementCost.INPUT_FIELDS,
            "approve_over_budget",
            "over_budget_reason",
        ]
        if obj is None:
            return fields
        return [*fields, *self.readonly_fields]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            readonly.append("placement")  # a cost belongs to its placement for good
        return readonly

    @admin.display(description=_("placement"), ordering="placement__reference_code")
    def placement_code(self, obj):
        return obj.placement.reference_code

    def save_through_service(self, request, obj, form, change):
        approval = {
            "approve_over_budget": form.cleaned_data.get("approve_over_budget", False),
            "over_budget_reason": form.cleaned_data.get("over_budget_reason", ""),
        }
        fields = service_fields(form, exclude=["placement", "over_budget_reason"])
        if change:
            return services.cost_update(obj, actor=request.user, **approval, **fields)
        return services.cost_record(
            placement=form.cleaned_data["placement"], actor=request.user, **approval, **fields
        )

    def delete_model(self, request, obj):
        services.cost_delete(obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for cost in queryset:
            services.cost_delete(cost, actor=request.user)


@admin.register(ReturnFollowUp)
class ReturnFollowUpAdmin(PortalAdmin):
    """Follow-ups after return, to look at and trace: the officer and HR write them on their
    screens, CSB reopens a part from the staff follow-up page (placements.services.followups)."""

    list_display = [
        "placement",
        "months",
        "due_on",
        "officer_submitted_at",
        "department_submitted_at",
        "status",
    ]
    list_filter = ["status", "months", "placement__cohort__programme"]
    search_fields = [
        "placement__reference_code",
        "placement__participant__name_en",
        "placement__participant__name_zh_hant",
        "placement__participant__name_zh_hans",
    ]
    search_help_text = _("Search by placement reference code or officer's name.")
    list_select_related = ["placement__participant", "placement__host_unit__organisation"]
    show_full_result_count = False
    date_hierarchy = "due_on"
    fields = [
        "placement",
        "months",
        "due_on",
        "officer_account",
        "officer_submitted_at",
        "officer_submitted_by",
        "department_view",
        "department_submitted_at",
        "department_submitted_by",
        "status",
        "status_reason",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False  # the daily command opens them

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
