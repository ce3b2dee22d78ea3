"""Import of Hong Kong civil servants from CSV or XLSX (docs/decisions/0017-imports.md).

An officer is named by the staff number (unique across the service). Every row is checked by
the same rules as participant_save (check_participant) and the model's own field rules; the
rows are written in batches with their history inside the import's one transaction (new
officers with PostgreSQL's COPY, exchange_portal/bulk_copy.py; changed ones with
bulk_update_with_history), so 10,000 rows take a few queries per thousand rather than several
per row.

Partner-government officers have no staff number: they are named by their government's
reference, else by their home organisation and e-mail (`PartnerOfficerResource`, in the admin for
CSB; a partner coordinator imports their officers into an inbound batch on the portal, with the
same columns, through placements.imports.PartnerNominationResource). Each row is written by
participant_save.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from import_export import fields
from import_export.instance_loaders import CachedInstanceLoader
from simple_history.utils import bulk_update_with_history

from exchange_portal.bulk_copy import copy_create_with_history, history_attrs
from exchange_portal.figures_cache import figures_changed
from exchange_portal.imports import (
    ChoiceWidget,
    NaturalKeyWidget,
    PortalResource,
    TextWidget,
)

from .models import Department, Grade, Participant, PartnerGovernment
from .selectors import LikelyMatch, find_partner_officer, likely_duplicates, officers_with_emails
from .services import (
    DIFFERENT_PERSON,
    check_participant,
    participant_creation_lock,
    participant_save,
)

BATCH_SIZE = 1000
NAME_ZH_HANT = "Name (Traditional Chinese)"
NAME_ZH_HANS = "Name (Simplified Chinese)"
# The one Chinese name column of files made before decision 0038 reached officers' names.
OLD_NAME_ZH = "Name (Chinese)"
EMAIL_COLUMN = "E-mail"
RESOLVED_KEYS = ("department", "grade", "user")
# What a department HR officer is told of a staff number that is not one of their officers,
# by every import: the same whether it is unknown or another department's.
NOT_YOUR_OFFICER = _("no officer of your department has the staff number '%(key)s'.")


# One record per person (docs/decisions/0042-one-record-per-person.md): a new officer likely
# already recorded is refused until the row says it is a different person.
NEW_PERSON = "New person"
NEW_PERSON_YES = {"yes", "y", "true", "1", "x", "是"}


class DuplicateCheckMixin:
    """Rows that would record a new officer are checked for likely duplicates (the same e-mail
    address; for partner officers also the same name and reference), with the file's lock on
    new officers held from before the first row is read until the import ends
    (participant_creation_lock), so that two imports of the same person take turns and the
    second finds the first's officer by its natural key. A row with a likely match is refused,
    naming the match, unless its column 'New person' says yes; for the same person the row
    names that officer's key instead."""

    extra_columns = (NEW_PERSON,)
    error_columns = {"duplicate_choice": (EMAIL_COLUMN, NEW_PERSON)}
    same_person_hint = ""  # how a row names a recorded officer, for the refusal

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        participant_creation_lock()

    def after_init_instance(self, instance, new, row, **kwargs):
        super().after_init_instance(instance, new, row, **kwargs)
        instance._new_person = str(row.get(NEW_PERSON, "") or "").strip().casefold() in (
            NEW_PERSON_YES
        )

    def matches_for(self, instance) -> list[LikelyMatch]:
        return likely_duplicates(instance, user=self.actor)

    def duplicate_errors(self, instance) -> dict:
        """{"duplicate_choice": [refusal]} for a new officer likely already recorded."""
        if instance.pk is not None or getattr(instance, "_new_person", False):
            return {}
        matches = self.matches_for(instance)
        if not matches:
            return {}
        return {
            "duplicate_choice": [
                _(
                    "this officer may already be recorded: %(matches)s. If it is the same "
                    "person, %(hint)s; if it is a different person, write 'yes' in the column "
                    "'%(column)s'."
                )
                % {
                    "matches": "; ".join(match.describe() for match in matches),
                    "hint": self.same_person_hint,
                    "column": NEW_PERSON,
                }
            ]
        }


class StaffNumberLoader(CachedInstanceLoader):
    """Every officer the file names, in one query per thousand staff numbers."""

    def __init__(self, resource, dataset=None):
        self.resource = resource
        self.dataset = dataset
        self.pk_field = resource.fields["staff_number"]
        numbers = {str(v).strip() for v in dataset[self.pk_field.column_name] if str(v).strip()}
        numbers = sorted(numbers)
        self.all_instances = {}
        for start in range(0, len(numbers), BATCH_SIZE):
            chunk = numbers[start : start + BATCH_SIZE]
            for officer in Participant.objects.filter(staff_number__in=chunk):
                self.all_instances[officer.staff_number] = officer

    def get_instance(self, row):
        return self.all_instances.get(self.pk_field.clean(row))


class ParticipantResource(DuplicateCheckMixin, PortalResource):
    staff_number = fields.Field(
        attribute="staff_number", column_name="Staff number", widget=TextWidget()
    )
    name_en = fields.Field(attribute="name_en", column_name="Name (English)", widget=TextWidget())
    name_zh_hant = fields.Field(
        attribute="name_zh_hant", column_name=NAME_ZH_HANT, widget=TextWidget()
    )
    name_zh_hans = fields.Field(
        attribute="name_zh_hans", column_name=NAME_ZH_HANS, widget=TextWidget()
    )
    email = fields.Field(attribute="email", column_name="E-mail", widget=TextWidget())
    phone = fields.Field(attribute="phone", column_name="Phone", widget=TextWidget())
    department = fields.Field(
        attribute="department",
        column_name="Department",
        widget=NaturalKeyWidget(Department, noun=_("department")),
    )
    grade = fields.Field(
        attribute="grade",
        column_name="Grade",
        widget=NaturalKeyWidget(Grade, noun=_("grade")),
    )
    rank = fields.Field(attribute="rank", column_name="Rank", widget=TextWidget())
    rank_level = fields.Field(
        attribute="rank_level",
        column_name="Rank level",
        widget=ChoiceWidget(Participant.RankLevel.choices),
    )

    key_columns = ("Staff number",)
    required_columns = ("Staff number", "Name (English)", "E-mail", "Department")
    # Files made before the name had two scripts: a Hong Kong officer's name is Traditional.
    renamed_columns = {OLD_NAME_ZH: NAME_ZH_HANT}
    same_person_hint = _("give that officer's staff number in the column 'Staff number'")

    class Meta(PortalResource.Meta):
        model = Participant
        name = _("Hong Kong civil servants")
        import_id_fields = ["staff_number"]
        fields = [
            "staff_number",
            "name_en",
            "name_zh_hant",
            "name_zh_hans",
            "email",
            "phone",
            "department",
            "grade",
            "rank",
            "rank_level",
        ]
        instance_loader_class = StaffNumberLoader
        use_bulk = True
        batch_size = BATCH_SIZE

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        if self.scope is not None:
            self.fields["department"].widget.may_use = self._own_department

    @cached_property
    def _not_imported(self) -> set[str]:
        return {f.name for f in Participant._meta.fields} - set(self._meta.fields)

    def import_instance(self, instance, row, **kwargs):
        """Each column's widget reads its cell straight onto the officer (the same widgets
        and errors as import-export's field-by-field path, without its per-field overhead;
        10,000 rows are read twice, at the preview and at the confirmation)."""
        errors = {}
        for field in self._import_fields:
            if field.column_name not in row:
                continue
            try:
                setattr(instance, field.attribute, field.widget.clean(row[field.column_name]))
            except ValueError as error:
                errors[field.attribute] = ValidationError(str(error), code="invalid")
        if errors:
            raise ValidationError(errors)

    @cached_property
    def _import_fields(self):
        return self.get_import_fields()

    def _own_department(self, department):
        if department.pk != self.scope:
            raise ValueError(
                _("department '%(code)s' is not your department.") % {"code": department.code}
            )

    def init_instance(self, row=None):
        return Participant(origin=Participant.Origin.HONG_KONG)

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        # Officers recorded with the file's e-mail addresses, read once the lock is held (a
        # staff number is the loader's: a recorded one makes the row an update).
        emails = dataset[EMAIL_COLUMN] if EMAIL_COLUMN in dataset.headers else []
        self._same_email = officers_with_emails(emails, user=self.actor)

    def matches_for(self, instance) -> list[LikelyMatch]:
        return getattr(self, "_same_email", {}).get((instance.email or "").strip().casefold(), [])

    def after_init_instance(self, instance, new, row, **kwargs):
        super().after_init_instance(instance, new, row, **kwargs)
        instance._stored_department_id = instance.department_id

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's field rules and participant_save's rules, with no query per row: the
        staff number's uniqueness is settled by the loader (an existing number is an update)
        and by the check that no two rows name the same officer."""
        errors = dict(import_validation_errors or {})
        if not instance.staff_number and "staff_number" not in errors:
            errors["staff_number"] = [_("a Hong Kong civil servant's staff number is required.")]
        try:
            # Only the columns the file sets (the others are the stored or default values).
            # The department and grade were read from the database by their widgets; Django
            # would check each foreign key again with a query per row.
            instance.clean_fields(exclude={*errors, *RESOLVED_KEYS, *self._not_imported})
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        stored_department_id = getattr(instance, "_stored_department_id", None)
        if (
            self.scope is not None
            and instance.pk is not None
            and stored_department_id != self.scope
        ):
            # Another department's officer: say no more than for a number never recorded
            # (check_participant's "not in your department" would confirm it exists).
            errors["staff_number"] = [NOT_YOUR_OFFICER % {"key": instance.staff_number}]
        if not errors:
            try:
                check_participant(
                    instance,
                    scope=self.scope,
                    stored_department_id=stored_department_id,
                )
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if not errors:
            errors = self.duplicate_errors(instance)
        if errors:
            raise ValidationError(errors)

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.create_instances and not dry_run:
            # New officers and their history with COPY on PostgreSQL (decision 0028).
            copy_create_with_history(
                self.create_instances, Participant, user=self.actor, reason="import"
            )
            figures_changed()  # bulk writes send no model signals
        self.create_instances.clear()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.update_instances and not dry_run:
            now = timezone.now()
            for officer in self.update_instances:
                officer.updated_at = now
            bulk_update_with_history(
                self.update_instances,
                Participant,
                [*self._meta.fields[1:], "updated_at"],
                batch_size=batch_size or BATCH_SIZE,
                default_user=self.actor,
                default_change_reason="import",
                custom_historical_attrs=history_attrs(Participant),
            )
            figures_changed()
        self.update_instances.clear()


# Partner-government officers ------------------------------------------------------------------

PARTNER_REFERENCE = "Partner reference"
HOME_ORGANISATION = "Home organisation"
EMAIL = "E-mail"
PARTNER_GOVERNMENT = "Partner government"


class PartnerOfficerBaseResource(DuplicateCheckMixin, PortalResource):
    """A partner government's officers, one a row, for the government `self.partner`."""

    name_en = fields.Field(attribute="name_en", column_name="Name (English)", widget=TextWidget())
    name_zh_hant = fields.Field(
        attribute="name_zh_hant", column_name=NAME_ZH_HANT, widget=TextWidget()
    )
    name_zh_hans = fields.Field(
        attribute="name_zh_hans", column_name=NAME_ZH_HANS, widget=TextWidget()
    )
    email = fields.Field(attribute="email", column_name=EMAIL, widget=TextWidget())
    phone = fields.Field(attribute="phone", column_name="Phone", widget=TextWidget())
    home_organisation = fields.Field(
        attribute="home_organisation", column_name=HOME_ORGANISATION, widget=TextWidget()
    )
    home_organisation_zh_hant = fields.Field(
        attribute="home_organisation_zh_hant",
        column_name="Home organisation (Traditional Chinese)",
        widget=TextWidget(),
    )
    home_organisation_zh_hans = fields.Field(
        attribute="home_organisation_zh_hans",
        column_name="Home organisation (Simplified Chinese)",
        widget=TextWidget(),
    )
    partner_reference = fields.Field(
        attribute="partner_reference", column_name=PARTNER_REFERENCE, widget=TextWidget()
    )
    rank = fields.Field(attribute="rank", column_name="Rank", widget=TextWidget())
    language = fields.Field(
        attribute="language",
        column_name="Language of mail",
        widget=ChoiceWidget(settings.LANGUAGES),
    )

    key_columns = (PARTNER_REFERENCE, HOME_ORGANISATION, EMAIL)
    required_columns = ("Name (English)", EMAIL, HOME_ORGANISATION)
    # Files made before the name had two scripts: a Mainland officer's name is Simplified.
    renamed_columns = {OLD_NAME_ZH: NAME_ZH_HANS}
    same_person_hint = _(
        "give that officer's partner reference, or their home organisation and e-mail address "
        "as recorded"
    )
    constraint_columns = {
        "participant_partner_reference_unique": (PARTNER_REFERENCE,),
        "participant_partner_has_home_organisation": (HOME_ORGANISATION,),
    }

    class Meta(PortalResource.Meta):
        model = Participant
        name = _("Partner-government officers")
        import_id_fields = ["partner_reference"]
        fields = [
            "partner_reference",
            "name_en",
            "name_zh_hant",
            "name_zh_hans",
            "email",
            "phone",
            "home_organisation",
            "home_organisation_zh_hant",
            "home_organisation_zh_hans",
            "rank",
            "language",
        ]

    partner = None  # the government whose officers the rows are

    def partner_for(self, row):
        return self.partner

    def get_instance(self, instance_loader, row):
        return find_partner_officer(
            partner=self.partner_for(row),
            partner_reference=str(row.get(PARTNER_REFERENCE, "") or ""),
            home_organisation=str(row.get(HOME_ORGANISATION, "") or ""),
            email=str(row.get(EMAIL, "") or ""),
        )

    def init_instance(self, row=None):
        return Participant(origin=Participant.Origin.PARTNER, partner=self.partner_for(row or {}))

    def fill_defaults(self, instance):
        if not instance.language and instance.partner_id is not None:
            instance.language = instance.partner.language

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if not errors:
            try:
                # A department's HR or coordinator records only their own department's
                # officers, never a partner's.
                check_participant(instance, scope=self.scope)
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if not errors:
            errors = self.duplicate_errors(instance)
        super().validate_instance(instance, errors, validate_unique=validate_unique)

    def save_instance(self, instance, is_create, row, **kwargs):
        # Checked for likely duplicates by validate_instance, under the import's lock.
        participant_save(participant=instance, actor=self.actor, duplicate_choice=DIFFERENT_PERSON)


class PartnerOfficerResource(PartnerOfficerBaseResource):
    """Partner-government officers in the admin: the government named by its code."""

    partner_government = fields.Field(
        attribute="partner",
        column_name=PARTNER_GOVERNMENT,
        widget=NaturalKeyWidget(PartnerGovernment, noun=_("partner government")),
    )

    key_columns = (PARTNER_GOVERNMENT, *PartnerOfficerBaseResource.key_columns)
    required_columns = (PARTNER_GOVERNMENT, *PartnerOfficerBaseResource.required_columns)

    class Meta(PartnerOfficerBaseResource.Meta):
        fields = ["partner_government", *PartnerOfficerBaseResource.Meta.fields]

    def partner_for(self, row):
        try:
            return self.fields["partner_government"].widget.clean(row.get(PARTNER_GOVERNMENT))
        except ValueError:
            return None  # reported against its column when the row is read
