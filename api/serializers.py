"""What the API shows of each record, and what it accepts for the changes it allows. Writes are
checked here only for shape (types, lengths, records the caller can see); every rule is the
service's, as on the screens and in the admin."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from exchange_portal.names import name_fields
from participants.models import Department, Grade, Participant
from participants.selectors import departments_for, participants_for
from placements.models import (
    FocusArea,
    HostOrganisation,
    HostUnit,
    Nomination,
    Placement,
)
from placements.selectors import nominations_for
from programmes.models import Cohort, PartnerAgreement, Programme

NAMES = ["name_en", "name_zh_hant", "name_zh_hans"]
STATUS = ["status", "status_reason"]
STAMPS = ["created_at", "updated_at"]


class ScopedPrimaryKey(serializers.PrimaryKeyRelatedField):
    """A reference to a record the caller may see (`scope(request)`); any other id is refused
    as not found, exactly like an id that does not exist."""

    def __init__(self, scope, **kwargs):
        self.scope = scope
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return super().get_queryset()
        return self.scope(request)


class ReadOnlySerializer(serializers.ModelSerializer):
    """Every field read-only (the record's representation in responses)."""

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            field.read_only = True
        return fields


class NoModelValidators:
    """The service validates the whole record (full_clean and its own rules); the serializer
    does not repeat the model's unique and constraint checks."""

    def get_validators(self):
        return []


# Reference data -------------------------------------------------------------------------------


class DepartmentSerializer(ReadOnlySerializer):
    class Meta:
        model = Department
        fields = ["id", "code", *NAMES, "is_policy_bureau"]


class GradeSerializer(ReadOnlySerializer):
    class Meta:
        model = Grade
        fields = ["id", "code", *NAMES]


class HostOrganisationSerializer(ReadOnlySerializer):
    class Meta:
        model = HostOrganisation
        fields = [
            "id",
            *NAMES,
            "kind",
            *name_fields("", "country"),
            *name_fields("", "city"),
            "parent",
            "department",
        ]


class HostUnitSerializer(ReadOnlySerializer):
    class Meta:
        model = HostUnit
        fields = [
            "id",
            "organisation",
            *NAMES,
            *name_fields("", "city"),
            "contact_name",
            "contact_email",
            "contact_phone",
            "capacity",
        ]


# Programmes, agreements, cohorts --------------------------------------------------------------

PROGRAMME_FIELDS = [
    "code",
    *NAMES,
    "kind",
    "organiser",
    "description",
    "description_zh_hant",
    "description_zh_hans",
    "direction",
    "default_duration_value",
    "default_duration_unit",
    "requires_external_recommendation",
    "recommending_body",
    "recommending_body_zh_hant",
    "recommending_body_zh_hans",
    "established_year",
]


class ProgrammeSerializer(ReadOnlySerializer):
    class Meta:
        model = Programme
        fields = ["id", *PROGRAMME_FIELDS, *STATUS, *STAMPS]


class ProgrammeWriteSerializer(NoModelValidators, serializers.ModelSerializer):
    class Meta:
        model = Programme
        fields = PROGRAMME_FIELDS


AGREEMENT_FIELDS = [
    "programme",
    "counterpart_en",
    "counterpart_zh_hant",
    "counterpart_zh_hans",
    "title",
    "title_zh_hant",
    "title_zh_hans",
    "signed_on",
    "in_force_from",
    "in_force_to",
    "duration_value",
    "duration_unit",
    "places_per_batch",
    "reciprocal",
]


class AgreementSerializer(ReadOnlySerializer):
    class Meta:
        model = PartnerAgreement
        fields = ["id", *AGREEMENT_FIELDS, *STATUS]


class AgreementWriteSerializer(NoModelValidators, serializers.ModelSerializer):
    class Meta:
        model = PartnerAgreement
        fields = AGREEMENT_FIELDS


COHORT_FIELDS = [*Cohort.IDENTITY_FIELDS, *Cohort.WHEN_AND_WHERE_FIELDS]


class CohortSerializer(ReadOnlySerializer):
    eligible_rank_levels = serializers.ListField(
        child=serializers.ChoiceField(choices=Participant.RankLevel.choices),
        help_text=_("Rank levels that may be nominated; empty for any."),
    )

    class Meta:
        model = Cohort
        fields = [
            "id",
            *COHORT_FIELDS,
            "eligible_grades",
            "eligible_rank_levels",
            *STATUS,
            *STAMPS,
        ]


def past_dates_field():
    """The API's "save anyway" box (the screens' "These dates are in the past; save anyway")."""
    return serializers.BooleanField(
        source="past_dates_confirmed",
        required=False,
        write_only=True,
        help_text=_(
            "Send true to save dates already past (the start of a cohort or placement that has "
            "begun, say). Without it, a new or changed date already past is refused with 400, "
            "the dates named under errors.confirm_past_dates; nothing is saved."
        ),
    )


class CohortWriteSerializer(NoModelValidators, serializers.ModelSerializer):
    confirm_past_dates = past_dates_field()

    class Meta:
        model = Cohort
        fields = [*COHORT_FIELDS, "confirm_past_dates"]


# Officers, nominations, placements ------------------------------------------------------------

# The officer's editable fields but those the API does not carry: dates of birth and of entry
# into the service (kept to the screens), a partner officer's government and reference (put
# forward through the partner's own screens) and the language of mail.
API_LEAVES_OUT = {
    "date_of_birth",
    "service_entry_date",
    "partner",
    "partner_reference",
    "language",
}
PARTICIPANT_FIELDS = [name for name in Participant.EDITABLE_FIELDS if name not in API_LEAVES_OUT]


class ParticipantSerializer(ReadOnlySerializer):
    class Meta:
        model = Participant
        fields = ["id", *PARTICIPANT_FIELDS, *STAMPS]


class ParticipantWriteSerializer(NoModelValidators, serializers.ModelSerializer):
    department = ScopedPrimaryKey(
        departments_for, queryset=Department.objects.all(), allow_null=True, required=False
    )
    different_person = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text=(
            "On create: an officer likely already recorded (the same staff number, the same "
            "e-mail address, or the same name with the same date of birth or partner "
            "reference) is refused with 409 and code 'likely_duplicate', listing the matches "
            "you may read under 'matches'. Send true to record a different person anyway; "
            "for the same person, change the recorded officer (PATCH its id) instead. "
            "Ignored on update."
        ),
    )

    class Meta:
        model = Participant
        fields = [*PARTICIPANT_FIELDS, "different_person"]


HOST_PREFERENCES_HELP = (
    "The host units (ids) the officer prefers, first choice first: at most three, each once, "
    "each one the programme's host rule allows, and only where the cohort's "
    "takes_host_preferences is true; otherwise 400 with the rule under "
    "errors.host_preferences. Changed only while the nomination is submitted."
)


class NominationSerializer(ReadOnlySerializer):
    participant_name = serializers.CharField(source="participant.name_en")
    department_code = serializers.CharField(source="participant.department.code", allow_null=True)
    host_preferences = serializers.SerializerMethodField(help_text=HOST_PREFERENCES_HELP)

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_host_preferences(self, nomination) -> list[int]:
        return [p.host_unit_id for p in sorted(nomination.preferences.all(), key=lambda p: p.rank)]

    class Meta:
        model = Nomination
        fields = [
            "id",
            "cohort",
            "participant",
            "participant_name",
            "department_code",
            "nominating_department",
            "rank",
            "statement",
            *STATUS,
            "reserve_rank",
            "recommended_by",
            "recommended_on",
            "host_preferences",
            *STAMPS,
        ]


class NominationCreatedSerializer(NominationSerializer):
    """The 201 body of a new nomination: the record, and what the nominator should know."""

    warnings = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text=(
            "Not refusals: e.g. the officer's other nominations or selections whose dates "
            "overlap this cohort (only one of them can be selected). Empty when none."
        ),
    )

    class Meta(NominationSerializer.Meta):
        fields = [*NominationSerializer.Meta.fields, "warnings"]


class NominationCreateSerializer(NoModelValidators, serializers.ModelSerializer):
    participant = ScopedPrimaryKey(
        lambda request: participants_for(request.user), queryset=Participant.objects.all()
    )
    nominating_department = ScopedPrimaryKey(
        departments_for, queryset=Department.objects.all(), allow_null=True, required=False
    )
    host_preferences = serializers.PrimaryKeyRelatedField(
        queryset=HostUnit.objects.select_related("organisation"),
        many=True,
        required=False,
        help_text=HOST_PREFERENCES_HELP,
    )

    class Meta:
        model = Nomination
        fields = [
            "cohort",
            "participant",
            "nominating_department",
            "rank",
            "statement",
            "host_preferences",
        ]


class NominationUpdateSerializer(NoModelValidators, serializers.ModelSerializer):
    host_preferences = serializers.PrimaryKeyRelatedField(
        queryset=HostUnit.objects.select_related("organisation"),
        many=True,
        required=False,
        help_text=HOST_PREFERENCES_HELP,
    )

    class Meta:
        model = Nomination
        fields = ["rank", "statement", "host_preferences"]


PLACEMENT_DETAILS = [*Placement.MOVING_FIELDS, *Placement.ROLE_FIELDS]


class PlacementSerializer(ReadOnlySerializer):
    participant_name = serializers.CharField(source="participant.name_en")

    class Meta:
        model = Placement
        fields = [
            "id",
            "reference_code",
            "nomination",
            "participant",
            "participant_name",
            "cohort",
            *PLACEMENT_DETAILS,
            *STATUS,
            "version",
            *STAMPS,
        ]


class PlacementCreateSerializer(NoModelValidators, serializers.ModelSerializer):
    nomination = ScopedPrimaryKey(
        lambda request: nominations_for(request.user), queryset=Nomination.objects.all()
    )
    focus_areas = serializers.PrimaryKeyRelatedField(
        queryset=FocusArea.objects.all(), many=True, required=False
    )

    confirm_past_dates = past_dates_field()

    class Meta:
        model = Placement
        fields = ["nomination", *PLACEMENT_DETAILS, "confirm_past_dates"]
        extra_kwargs = {"start_date": {"required": False}, "end_date": {"required": False}}


class PlacementUpdateSerializer(NoModelValidators, serializers.ModelSerializer):
    focus_areas = serializers.PrimaryKeyRelatedField(
        queryset=FocusArea.objects.all(), many=True, required=False
    )
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=_(
            "The version you read; instead of If-Match. A stale version is refused with 412."
        ),
    )

    confirm_past_dates = past_dates_field()

    class Meta:
        model = Placement
        fields = [*PLACEMENT_DETAILS, "version", "confirm_past_dates"]


# Status changes -------------------------------------------------------------------------------


class TransitionInputSerializer(serializers.Serializer):
    """What a status change may need: the state table asks for a reason for some; recording an
    external recommendation needs who and when; opening a call needs its closing time. The
    same form as on the staff screens validates them."""

    reason = serializers.CharField(required=False, max_length=4000)
    recommended_by = serializers.CharField(required=False, max_length=200)
    recommended_on = serializers.DateField(required=False)
    closes_at = serializers.DateTimeField(required=False)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=_("What went wrong, naming the rule."))
    code = serializers.CharField()
    errors = serializers.DictField(
        required=False, help_text=_("Messages by field, for invalid input.")
    )
    current = serializers.DictField(
        required=False, help_text=_("412 only: the record as it is now.")
    )
    changed = serializers.DictField(
        required=False,
        help_text=_("412 only: each field changed since your copy, with was and now."),
    )
    matches = serializers.ListField(
        child=serializers.DictField(),
        required=False,
        help_text=_(
            "409 likely_duplicate only: the officers likely the same person, each with id, "
            "name, affiliation and what matched (id null for one you may not read)."
        ),
    )


class ReportRowSerializer(serializers.Serializer):
    key = serializers.CharField(allow_null=True, help_text="The group's id, code or value.")
    label = serializers.CharField(help_text="The group's name, in the request's language.")
    cells = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="Officers per column (one cell when the report is not crossed).",
    )
    total = serializers.IntegerField(help_text="Distinct officers in the group.")


class ReportSerializer(serializers.Serializer):
    """The same figures as the staff reports page (figures/reports.py)."""

    by = serializers.CharField()
    across = serializers.CharField(allow_null=True)
    row_heading = serializers.CharField()
    columns = serializers.ListField(child=serializers.CharField())
    rows = ReportRowSerializer(many=True)
    column_totals = serializers.ListField(child=serializers.IntegerField())
    total = serializers.IntegerField(
        help_text="Distinct officers in the report; an officer in two groups counts once."
    )
    overlapping = serializers.BooleanField(
        help_text="True when some officer falls in more than one group, so groups add up to "
        "more than the total."
    )


MONEY = {"max_digits": 20, "decimal_places": 2}


class CostRowSerializer(serializers.Serializer):
    programme = serializers.IntegerField(source="programme_id", help_text="The programme's id.")
    label = serializers.CharField(help_text="The programme's name, in the request's language.")
    cells = serializers.ListField(
        child=serializers.DecimalField(**MONEY),
        help_text="The cost in HK$ of each financial year of `years`, in order.",
    )
    total = serializers.DecimalField(**MONEY, help_text="The cost in HK$ over the years.")


class CostLineSerializer(serializers.Serializer):
    programme = serializers.IntegerField(source="programme_id", help_text="The programme's id.")
    label = serializers.CharField(help_text="The programme's name, in the request's language.")
    year = serializers.IntegerField(
        help_text="The financial year, by the year it starts: 2024 is 2024-25."
    )
    year_label = serializers.CharField(help_text='The financial year as written: "2024-25".')
    cost = serializers.DecimalField(
        **MONEY,
        help_text="HK$ committed: the actual costs where recorded, else the planned ones, for "
        "each placement and category.",
    )
    planned = serializers.DecimalField(**MONEY, help_text="HK$ of every planned cost.")
    actual = serializers.DecimalField(**MONEY, help_text="HK$ of every actual cost.")
    budget = serializers.DecimalField(
        **MONEY, allow_null=True, help_text="The programme's budget of the year; null if none."
    )
    left = serializers.DecimalField(
        **MONEY,
        allow_null=True,
        help_text="The budget less the cost (negative when over); null without a budget.",
    )
    officer_months = serializers.DecimalField(
        max_digits=12,
        decimal_places=1,
        help_text="Days of the placements that went ahead falling in the year, over 30.4375.",
    )
    per_officer_month = serializers.DecimalField(
        **MONEY, allow_null=True, help_text="HK$ per officer month; null without officer months."
    )


class CostReportSerializer(serializers.Serializer):
    """What the programmes cost (figures/costs.py): the staff reports page's cost tables."""

    years = serializers.ListField(
        child=serializers.IntegerField(), help_text="The financial years of the columns."
    )
    columns = serializers.ListField(
        child=serializers.CharField(), help_text='The years as written: "2024-25".'
    )
    rows = CostRowSerializer(many=True)
    column_totals = serializers.ListField(child=serializers.DecimalField(**MONEY))
    total = serializers.DecimalField(**MONEY)
    details = CostLineSerializer(many=True)
