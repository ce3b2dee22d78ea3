"""Import of nominations and placements from CSV or XLSX (docs/decisions/0017-imports.md).

Each row is written by the same service as the screens (nomination_create / nomination_update,
placement_create / placement_update), so the call's rules (open call, eligible grade and rank
level, one nomination per officer per cohort, a department nominating its own officers) and
the placement rules (a selected nomination, dates, no overlap) are the services' own. A row the
service refuses is reported with the rule, and the import's one transaction is rolled back.
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _
from import_export import fields

from exchange_portal.imports import (
    DateWidget,
    NaturalKeyWidget,
    PortalResource,
    PositiveIntegerWidget,
    TextWidget,
)
from participants.imports import NOT_YOUR_OFFICER, PartnerOfficerBaseResource
from participants.models import Department, Participant
from participants.services import DIFFERENT_PERSON
from programmes.models import Cohort

from . import services
from .models import FocusArea, HostUnit, Nomination, Placement

COHORT_COLUMNS = ("Programme", "Phase", "Batch")
STAFF_NUMBER = "Staff number"


class CohortWidget(NaturalKeyWidget):
    """A cohort named by its programme's code, phase and batch (its natural key)."""

    def __init__(self):
        super().__init__(Cohort, noun=_("cohort"))

    def all_records(self):
        return Cohort.objects.select_related("programme")

    def lookup(self, key):
        if self._by_key is None:
            self._by_key = {
                (c.programme.code.lower(), str(c.phase), str(c.batch)): c
                for c in self.all_records()
            }
        return self._by_key.get(key)

    def clean(self, value, row=None, **kwargs):
        code, phase, batch = (str((row or {}).get(c, "") or "").strip() for c in COHORT_COLUMNS)
        if not code:
            return None
        # No default: phase 1, batch 1 is usually an intake long closed.
        for column, number in (("Phase", phase), ("Batch", batch)):
            if not number:
                raise ValueError(
                    _(
                        "the column '%(column)s' is empty; write the intake's %(noun)s number, "
                        "such as 1."
                    )
                    % {"column": column, "noun": _("phase") if column == "Phase" else _("batch")}
                )
        cohort = self.lookup((code.lower(), phase, batch))
        if cohort is None:
            raise ValueError(
                _("no cohort of programme '%(code)s' has phase %(phase)s, batch %(batch)s.")
                % {"code": code, "phase": phase, "batch": batch}
            )
        return cohort

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value.programme.code


class OfficerWidget(NaturalKeyWidget):
    """An officer named by staff number; a department HR officer names only their own."""

    missing_message = NOT_YOUR_OFFICER

    def __init__(self):
        super().__init__(Participant, field="staff_number", noun=_("officer"))
        self.actor = None  # None: the system itself (commands, data loads) names any officer

    def all_records(self):
        officers = Participant.objects.select_related("department", "grade")
        return officers if self.actor is None else officers.visible_to(self.actor)


class HostUnitWidget(NaturalKeyWidget):
    """A host unit named by its organisation's and its own English names (its natural key)."""

    def __init__(self):
        super().__init__(HostUnit, field="name_en", noun=_("host unit"))

    def lookup(self, key):
        if self._by_key is None:
            self._by_key = {}
            for unit in HostUnit.objects.select_related("organisation"):
                unit_key = (unit.organisation.name_en.lower(), unit.name_en.lower())
                self._by_key.setdefault(unit_key, []).append(unit)
        return self._by_key.get(key, [])

    def clean(self, value, row=None, **kwargs):
        name = str(value or "").strip()
        organisation = str((row or {}).get("Host organisation", "") or "").strip()
        if not name:
            return None
        units = self.lookup((organisation.lower(), name.lower()))
        if not units:
            raise ValueError(
                _("%(organisation)s has no unit named '%(unit)s'.")
                % {"organisation": organisation or _("no organisation"), "unit": name}
            )
        if len(units) > 1:
            raise ValueError(
                _("more than one organisation named '%(organisation)s' has this unit; rename one.")
                % {"organisation": organisation}
            )
        return units[0]


class FocusAreasWidget(NaturalKeyWidget):
    """Focus areas named by their codes, separated by commas or semicolons."""

    def __init__(self):
        super().__init__(FocusArea, noun=_("focus area"))

    def clean(self, value, row=None, **kwargs):
        codes = [c.strip() for c in str(value or "").replace(";", ",").split(",") if c.strip()]
        return [super(FocusAreasWidget, self).clean(code) for code in codes]


# Nominations -----------------------------------------------------------------------------------


class NominationResource(PortalResource):
    programme = fields.Field(attribute="cohort", column_name="Programme", widget=CohortWidget())
    staff_number = fields.Field(
        attribute="participant", column_name=STAFF_NUMBER, widget=OfficerWidget()
    )
    nominating_department = fields.Field(
        attribute="nominating_department",
        column_name="Department",
        widget=NaturalKeyWidget(Department, noun=_("department")),
    )
    rank = fields.Field(attribute="rank", column_name="Ranking", widget=PositiveIntegerWidget())
    statement = fields.Field(attribute="statement", column_name="Statement", widget=TextWidget())

    key_columns = (*COHORT_COLUMNS, STAFF_NUMBER)
    extra_columns = ("Phase", "Batch")
    required_columns = (*COHORT_COLUMNS, STAFF_NUMBER)
    error_columns = {
        "cohort": COHORT_COLUMNS,
        "participant": (STAFF_NUMBER,),
        "nominating_department": ("Department",),
    }

    class Meta(PortalResource.Meta):
        model = Nomination
        name = _("Nominations")
        import_id_fields = ["programme", "staff_number"]
        fields = ["programme", "staff_number", "nominating_department", "rank", "statement"]

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fields["staff_number"].widget.actor = self.actor
        if self.scope is not None:
            self.fields["nominating_department"].widget.may_use = self._own_department

    def _own_department(self, department):
        if department.pk != self.scope:
            raise ValueError(
                _("department '%(code)s' is not your department.") % {"code": department.code}
            )

    def prepare(self, dataset):
        self.fields["staff_number"].widget.preload(dataset[STAFF_NUMBER])

    def after_init_instance(self, instance, new, row, **kwargs):
        super().after_init_instance(instance, new, row, **kwargs)
        instance._stored_department_id = None if new else instance.nominating_department_id

    def fill_defaults(self, instance):
        if instance.rank is None:
            instance.rank = 1
        officer = instance.participant if instance.participant_id else None
        if instance.nominating_department_id is None and officer is not None:
            instance.nominating_department_id = officer.department_id

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if (
            instance.pk is not None
            and "nominating_department" not in errors
            and instance.nominating_department_id != instance._stored_department_id
        ):
            errors["nominating_department"] = [
                _("the nominating department of a submitted nomination cannot be changed.")
            ]
        super().validate_instance(instance, errors, validate_unique=False)

    def save_instance(self, instance, is_create, row, **kwargs):
        if is_create:
            saved = services.nomination_create(
                cohort=instance.cohort,
                participant=instance.participant,
                actor=self.actor,
                nominating_department=instance.nominating_department,
                rank=instance.rank,
                statement=instance.statement,
            )
            instance.pk = saved.pk
        else:
            services.nomination_update(
                nomination=instance,
                actor=self.actor,
                rank=instance.rank,
                statement=instance.statement,
            )


# Placements ------------------------------------------------------------------------------------


class NominationKeyWidget(NaturalKeyWidget):
    """The placement's nomination, named by the cohort (programme, phase, batch) and the
    officer's staff number: a nomination has at most one placement, so this names the
    placement too."""

    def __init__(self):
        super().__init__(Nomination, noun=_("nomination"))
        self.cohorts = CohortWidget()

    def clean(self, value, row=None, **kwargs):
        cohort = self.cohorts.clean(None, row=row)
        number = str((row or {}).get(STAFF_NUMBER, "") or "").strip()
        if cohort is None or not number:
            return None
        nomination = (
            Nomination.objects.select_related("cohort", "participant")
            .filter(cohort=cohort, participant__staff_number=number)
            .first()
        )
        if nomination is None:
            raise ValueError(
                _("the officer with staff number '%(number)s' has no nomination for %(cohort)s.")
                % {"number": number, "cohort": cohort}
            )
        return nomination


PLACEMENT_TEXT = {
    "role_title": "Role title",
    "duties": "Duties",
    "supervisor_name": "Supervisor",
    "supervisor_title": "Supervisor's post",
}


class PlacementResource(PortalResource):
    nomination = fields.Field(
        attribute="nomination", column_name="Programme", widget=NominationKeyWidget()
    )
    host_unit = fields.Field(
        attribute="host_unit", column_name="Host unit", widget=HostUnitWidget()
    )
    start_date = fields.Field(attribute="start_date", column_name="Start date", widget=DateWidget())
    end_date = fields.Field(attribute="end_date", column_name="End date", widget=DateWidget())
    role_title = fields.Field(attribute="role_title", column_name="Role title", widget=TextWidget())
    duties = fields.Field(attribute="duties", column_name="Duties", widget=TextWidget())
    supervisor_name = fields.Field(
        attribute="supervisor_name", column_name="Supervisor", widget=TextWidget()
    )
    supervisor_title = fields.Field(
        attribute="supervisor_title", column_name="Supervisor's post", widget=TextWidget()
    )
    focus_areas = fields.Field(column_name="Focus areas", widget=FocusAreasWidget())

    key_columns = (*COHORT_COLUMNS, STAFF_NUMBER)
    extra_columns = ("Phase", "Batch", STAFF_NUMBER, "Host organisation")
    required_columns = (*COHORT_COLUMNS, STAFF_NUMBER, "Host organisation", "Host unit")
    error_columns = {
        "nomination": (*COHORT_COLUMNS, STAFF_NUMBER),
        "host_unit": ("Host organisation", "Host unit"),
        "focus_areas": ("Focus areas",),
        "participant": (STAFF_NUMBER,),
    }
    constraint_columns = {"placement_ends_after_it_starts": ("Start date", "End date")}

    class Meta(PortalResource.Meta):
        model = Placement
        name = _("Placements")
        import_id_fields = ["nomination"]
        fields = [
            "nomination",
            "host_unit",
            "start_date",
            "end_date",
            *PLACEMENT_TEXT,
            "focus_areas",
        ]

    def get_instance(self, instance_loader, row):
        try:
            nomination = self.fields["nomination"].clean(row)
        except ValueError:
            return None  # reported against the nomination's columns when the row is read
        if nomination is None:
            return None
        return Placement.objects.filter(nomination=nomination).first()

    def after_init_instance(self, instance, new, row, **kwargs):
        super().after_init_instance(instance, new, row, **kwargs)
        instance._stored = self._before[id(instance)]
        instance._focus_error = None
        instance._focus_areas = None
        if "Focus areas" in row:
            try:
                instance._focus_areas = self.fields["focus_areas"].clean(row)
            except ValueError as error:
                instance._focus_error = str(error)
        instance._stored_focus = (
            set() if new else set(instance.focus_areas.values_list("pk", flat=True))
        )

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if instance._focus_error:
            errors["focus_areas"] = [instance._focus_error]
        self.fill_defaults(instance)
        if "nomination" in errors:
            # Without its nomination the row has no officer, cohort or default dates: say
            # only what is wrong with the row as written.
            for name in ("participant", "cohort", "start_date", "end_date"):
                errors.setdefault(name, [])
        super().validate_instance(instance, errors, validate_unique=False)

    def fill_defaults(self, instance):
        nomination = instance.nomination if instance.nomination_id else None
        # Blank dates keep the stored ones, or take the cohort's (as placement_create does).
        for name in ("start_date", "end_date"):
            if getattr(instance, name) is None:
                stored = instance._stored.get(name)
                if stored is None and nomination is not None:
                    stored = getattr(nomination.cohort, name)
                setattr(instance, name, stored)
        if nomination is not None and instance.pk is None:
            instance.participant_id = nomination.participant_id
            instance.cohort_id = nomination.cohort_id

    def skip_row(self, instance, original, row, import_validation_errors=None):
        focus = instance._focus_areas
        if focus is not None and {f.pk for f in focus} != instance._stored_focus:
            return False
        return super().skip_row(instance, original, row, import_validation_errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        details = {name: getattr(instance, name) for name in PLACEMENT_TEXT}
        if is_create:
            saved = services.placement_create(
                nomination=instance.nomination,
                host_unit=instance.host_unit,
                actor=self.actor,
                start_date=instance.start_date,
                end_date=instance.end_date,
                focus_areas=instance._focus_areas or (),
                **details,
            )
            instance.pk = saved.pk
        else:
            services.placement_update(
                placement=instance,
                actor=self.actor,
                focus_areas=instance._focus_areas,
                host_unit=instance.host_unit,
                start_date=instance.start_date,
                end_date=instance.end_date,
                **details,
            )


# A partner government's officers put forward for one of its inbound batches -------------------


class PartnerNominationResource(PartnerOfficerBaseResource):
    """The partner coordinator's list of officers for an inbound batch (`cohort`): each row's
    officer is found (by partner reference, else home organisation and e-mail) or recorded,
    and nominated for the batch unless already nominated; the rules are those of the
    put-forward form (services.partner)."""

    class Meta(PartnerOfficerBaseResource.Meta):
        name = _("Partner-government officers for an inbound batch")

    def __init__(self, *, cohort=None, **kwargs):
        super().__init__(**kwargs)
        self.cohort = cohort
        agreement = cohort.agreement if cohort is not None else None
        self.partner = agreement.partner if agreement is not None else None
        self._nominated = (
            set(Nomination.objects.filter(cohort=cohort).values_list("participant_id", flat=True))
            if cohort is not None
            else set()
        )
        # What the nominations' service said of the officers put forward (an overlap with
        # another batch), for the page to show once the file is imported.
        self.warnings: list[str] = []

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        if self.cohort is not None:
            # Read again under the lock on new officers: another import of the same officers
            # may have nominated them meanwhile.
            self._nominated = set(
                Nomination.objects.filter(cohort=self.cohort).values_list(
                    "participant_id", flat=True
                )
            )

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if instance.pk is not None and instance.pk not in self._nominated:
            self.fill_defaults(instance)
            return False  # the officer is known but not yet put forward for this batch
        return super().skip_row(instance, original, row, import_validation_errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if self.partner is None:
            errors.setdefault(NON_FIELD_ERRORS, []).append(
                _("Choose an inbound batch of your government's agreement.")
            )
        super().validate_instance(instance, errors, validate_unique=validate_unique)

    def save_instance(self, instance, is_create, row, **kwargs):
        # Checked for likely duplicates by validate_instance, under the import's lock.
        services.partner_officer_save(
            partner=self.partner,
            actor=self.actor,
            officer=instance,
            duplicate_choice=DIFFERENT_PERSON,
        )
        if instance.pk not in self._nominated:
            nomination = services.partner_officer_nominate(
                cohort=self.cohort, partner=self.partner, officer=instance, actor=self.actor
            )
            self.warnings.extend(str(warning) for warning in nomination.warnings)
            self._nominated.add(instance.pk)
