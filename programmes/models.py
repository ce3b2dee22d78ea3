from datetime import timedelta

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from exchange_portal.audit import audit_history
from exchange_portal.files import private_storage, validate_pdf
from exchange_portal.names import TrilingualName, localised_name, localised_property
from exchange_portal.scoping import EVERY_ROW_PATH, ScopedQuerySet

from .periods import end_after, length_text


# What a cohort is found by, in the admin's search box and the staff list's: its name and
# destination in every language (its programme is added by each list).
class DurationUnit(models.TextChoices):
    """The unit a length of time is written in, as the records write it ("four weeks extended
    to three months"; decision 0041)."""

    DAY = "day", _("days")
    WEEK = "week", _("weeks")
    MONTH = "month", _("months")


# The bounds a programme's founding year is held to (the check constraint and its message).
FIRST_YEAR, LAST_YEAR = 1900, 2100

COHORT_SEARCH_FIELDS = (
    "name",
    "name_zh_hant",
    "name_zh_hans",
    "destination",
    "destination_zh_hant",
    "destination_zh_hans",
)


class Direction(models.TextChoices):
    OUTBOUND = "outbound", _("Outbound")
    INBOUND = "inbound", _("Inbound")
    TWO_WAY = "two_way", _("Two-way")
    INTERNAL = "internal", _("Within the Hong Kong government")


class ReportWriters(models.TextChoices):
    """Who writes one kind of report or check-in of a programme's schedule (decision 0057):
    the officer, the host unit, both, or nobody (the programme does not ask for it). The values
    are those of placements.PlacementReport.Author, "both" meaning each writes their own."""

    NONE = "", _("Not asked for")
    PARTICIPANT = "participant", _("The officer")
    HOST = "host", _("The host unit")
    BOTH = "both", _("The officer and the host unit")


class ProgrammeQuerySet(ScopedQuerySet):
    # No personal data: CSB and department HR see every programme (HR nominate to any call);
    # a coordinator the programmes their department organises; a partner coordinator those
    # with an agreement with their government.
    scope_paths = {
        "department": EVERY_ROW_PATH,
        "organiser": "organiser",
        "partner": lambda partner: Q(
            pk__in=Programme.objects.filter(agreements__partner=partner).values("pk")
        ),
    }

    def active(self):
        return self.filter(status=Programme.Status.ACTIVE)

    def public(self):
        """Programmes the public pages may list: announced, not still being planned."""
        return self.exclude(status=Programme.Status.PLANNING)


class Programme(TrilingualName):
    """A secondment or exchange scheme, e.g. the Secretariat Attachment Scheme."""

    class Kind(models.TextChoices):
        SECRETARIAT_ATTACHMENT = "secretariat_attachment", _("Secretariat Attachment Scheme")
        INTERNATIONAL_SECONDMENT = (
            "international_secondment",
            _("Secondment to an international organisation"),
        )
        UN_JPO = "un_jpo", _("UN Junior Professional Officer programme")
        MAINLAND_EXCHANGE = "mainland_exchange", _("Mainland staff exchange")
        PUBLIC_BODY_SECONDMENT = "public_body_secondment", _("Secondment to a public body")
        DEPARTMENTAL = "departmental", _("Departmental study tour or training")

    class Status(models.TextChoices):
        PLANNING = "planning", _("Planning")
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        CLOSED = "closed", _("Closed")

    code = models.SlugField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("Short stable identifier used in reference codes and reports, e.g. GBA-EX."),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    organiser = models.ForeignKey(
        "participants.Department",
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="organised_programmes",
        help_text=_("CSB, the Civil Service College, or the department that runs it."),
    )
    description = models.TextField(_("description"), blank=True)
    description_zh_hant = models.TextField(_("description (Traditional Chinese)"), blank=True)
    description_zh_hans = models.TextField(_("description (Simplified Chinese)"), blank=True)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.OUTBOUND
    )
    default_duration_value = models.PositiveSmallIntegerField(
        _("usual length"),
        null=True,
        blank=True,
        help_text=_(
            "In the unit beside it, e.g. 4 weeks or 3 months. Used to propose placement dates; "
            "a cohort can set its own."
        ),
    )
    default_duration_unit = models.CharField(
        _("unit of the usual length"),
        max_length=5,
        choices=DurationUnit.choices,
        default=DurationUnit.MONTH,
    )
    requires_external_recommendation = models.BooleanField(
        _("needs an external recommendation"),
        default=False,
        help_text=_(
            "Tick when candidates must be recommended outside the government before selection "
            "(the UN JPO programme, through the Office of the Commissioner of the Ministry of "
            "Foreign Affairs)."
        ),
    )
    recommending_body = models.CharField(_("recommending body"), max_length=200, blank=True)
    requires_host_acceptance = models.BooleanField(
        _("host unit accepts each placement"),
        default=False,
        help_text=_(
            "Tick when a proposed placement waits for the host unit to accept it before it can "
            "be confirmed."
        ),
    )
    hosts_policy_bureaux_only = models.BooleanField(
        _("hosts: policy bureaux only"),
        default=False,
        help_text=_(
            "Tick when officers may be placed only at policy bureaux (the Secretariat Attachment "
            "Scheme attaches officers to policy bureaux)."
        ),
    )
    recommending_body_zh_hant = models.CharField(
        _("recommending body (Traditional Chinese)"), max_length=200, blank=True
    )
    recommending_body_zh_hans = models.CharField(
        _("recommending body (Simplified Chinese)"), max_length=200, blank=True
    )
    established_year = models.PositiveSmallIntegerField(
        _("established in (year)"),
        null=True,
        blank=True,
        help_text=_("The year the programme began, e.g. 2002; the records give the year only."),
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNING
    )
    status_reason = models.TextField(
        _("reason for status"),
        blank=True,
        help_text=_("Why it was suspended or closed; shown to staff and on the public pages."),
    )
    # The schedule of reports (decision 0057): which check-ins the programme asks for and who
    # writes each. The defaults are the end-of-placement reports alone, as before.
    initial_checkin_writers = models.CharField(
        _("initial check-in written by"),
        max_length=11,
        choices=ReportWriters.choices,
        blank=True,
        default=ReportWriters.NONE,
    )
    initial_checkin_days = models.PositiveSmallIntegerField(
        _("initial check-in, days after the start"),
        default=30,
        blank=True,  # a form without it keeps the default
        validators=[MinValueValidator(1)],
        help_text=_("E.g. 30: the initial check-in opens 30 days after the placement starts."),
    )
    midpoint_checkin_writers = models.CharField(
        _("mid-point check-in written by"),
        max_length=11,
        choices=ReportWriters.choices,
        blank=True,
        default=ReportWriters.NONE,
        help_text=_("Opens half-way through the placement."),
    )
    final_report_writers = models.CharField(
        _("end-of-placement report written by"),
        max_length=11,
        choices=ReportWriters.choices,
        blank=True,
        default=ReportWriters.BOTH,
        help_text=_("Opens when the placement ends."),
    )
    yearly_review_writers = models.CharField(
        _("yearly review written by"),
        max_length=11,
        choices=ReportWriters.choices,
        blank=True,
        default=ReportWriters.NONE,
        help_text=_(
            "For appointments of a year or more (the UN JPO programme): a review before each "
            "anniversary of the start, at which a renewal can be decided."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = audit_history()

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.CheckConstraint(
                condition=Q(default_duration_value__isnull=True) | Q(default_duration_value__gt=0),
                name="programme_duration_positive",
                violation_error_message=_(
                    "The usual length must be at least one day, week or month."
                ),
            ),
            models.CheckConstraint(
                condition=Q(initial_checkin_days__gt=0),
                name="programme_initial_checkin_after_start",
                violation_error_message=_(
                    "The initial check-in opens at least one day after the start."
                ),
            ),
            models.CheckConstraint(
                condition=Q(established_year__isnull=True)
                | Q(established_year__gte=FIRST_YEAR, established_year__lte=LAST_YEAR),
                name="programme_established_year_plausible",
                violation_error_message=_(
                    "The year a programme began must be between 1900 and 2100."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        # A form without the initial check-in's day (or with it cleared) keeps the default.
        if self.initial_checkin_days is None:
            self.initial_checkin_days = self._meta.get_field("initial_checkin_days").default
        super().clean()

    def get_absolute_url(self):
        return reverse("admin:programmes_programme_change", args=[self.pk])

    def get_staff_url(self):
        return reverse("staff:programme", args=[self.pk])

    def get_public_url(self):
        return reverse("public:programme", args=[self.code])

    localised_description = localised_property("description")
    localised_recommending_body = localised_property("recommending_body")

    @property
    def usual_length(self) -> str:
        """ "4 weeks", "3 months" in the active language; "" when not set."""
        return length_text(self.default_duration_value, self.default_duration_unit)

    def proposed_end(self, start):
        """The last day of a placement of the usual length starting on `start`, or None."""
        return end_after(start, self.default_duration_value, self.default_duration_unit)


class ProgrammeSuspensionQuerySet(ScopedQuerySet):
    # No personal data: whoever sees the programme sees when it was suspended.
    scope_paths = {
        "department": EVERY_ROW_PATH,
        "organiser": "programme__organiser",
        "partner": EVERY_ROW_PATH,
    }


class ProgrammeSuspension(models.Model):
    """A dated period in which a programme was (or is) suspended, e.g. the Mainland exchange
    during the epidemic. Inclusive dates; no end date means it is still suspended. Two periods
    of one programme never overlap: on PostgreSQL an exclusion constraint (migration 0009), on
    every database the service's check under a lock on the programme (decision 0003)."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="suspensions",
    )
    starts_on = models.DateField(_("suspended from"))
    ends_on = models.DateField(
        _("suspended until"),
        null=True,
        blank=True,
        help_text=_("The last day of the suspension; leave blank while it is still suspended."),
    )
    reason = models.TextField(_("reason (English)"), blank=True)
    reason_zh_hant = models.TextField(_("reason (Traditional Chinese)"), blank=True)
    reason_zh_hans = models.TextField(_("reason (Simplified Chinese)"), blank=True)
    history = audit_history()

    objects = ProgrammeSuspensionQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "starts_on"]
        verbose_name = _("suspension")
        verbose_name_plural = _("suspensions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="suspension_ends_after_it_starts",
                violation_error_message=_("A suspension cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.sentence()

    localised_reason = localised_property("reason")

    def overlaps(self, other: "ProgrammeSuspension") -> bool:
        """Whether the two periods share a day (an open end runs on for ever)."""
        return (other.ends_on is None or self.starts_on <= other.ends_on) and (
            self.ends_on is None or other.starts_on <= self.ends_on
        )

    def sentence(self) -> str:
        """ "Suspended from January 2020 to December 2022: <reason>." in the active language."""
        from .periods import suspension_sentence

        return suspension_sentence(self)


class PartnerAgreementQuerySet(ScopedQuerySet):
    # No personal data: CSB and HR see every agreement, a coordinator those of their
    # department's programmes, a partner coordinator their government's.
    scope_paths = {
        "department": EVERY_ROW_PATH,
        "organiser": "programme__organiser",
        "partner": "partner",
    }


class PartnerAgreement(models.Model):
    """An agreement with a partner government under which officers are exchanged."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Being negotiated")
        IN_FORCE = "in_force", _("In force")
        EXPIRED = "expired", _("Expired")
        TERMINATED = "terminated", _("Terminated")

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="agreements",
    )
    partner = models.ForeignKey(
        "participants.PartnerGovernment",
        verbose_name=_("partner government"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
        help_text=_(
            "The government whose coordinators put forward officers for its inbound batches."
        ),
        db_index=False,  # a small table: no index
    )
    counterpart_en = models.CharField(
        _("counterpart (English)"),
        max_length=200,
        help_text=_("The partner government or body, e.g. Guangdong Provincial Government."),
    )
    counterpart_zh_hant = models.CharField(
        _("counterpart (Traditional Chinese)"), max_length=200, blank=True
    )
    counterpart_zh_hans = models.CharField(
        _("counterpart (Simplified Chinese)"), max_length=200, blank=True
    )
    title = models.CharField(_("title"), max_length=300)
    title_zh_hant = models.CharField(_("title (Traditional Chinese)"), max_length=300, blank=True)
    title_zh_hans = models.CharField(_("title (Simplified Chinese)"), max_length=300, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    in_force_from = models.DateField(_("in force from"), null=True, blank=True)
    in_force_to = models.DateField(_("in force to"), null=True, blank=True)
    duration_value = models.PositiveSmallIntegerField(
        _("placement length"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("In the unit beside it, e.g. 3 months."),
    )
    duration_unit = models.CharField(
        _("unit of the placement length"),
        max_length=5,
        choices=DurationUnit.choices,
        default=DurationUnit.MONTH,
    )
    places_per_batch = models.PositiveSmallIntegerField(
        _("places per batch"), null=True, blank=True
    )
    reciprocal = models.BooleanField(
        _("reciprocal"),
        default=True,
        help_text=_("Both sides send officers to the other under this agreement."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    status_reason = models.TextField(_("reason for status"), blank=True)
    document = models.FileField(
        _("signed text"),
        upload_to="agreements/%Y/",
        storage=private_storage,
        validators=[validate_pdf],
        blank=True,
        help_text=_("The signed agreement as a PDF. Only CSB staff can download it."),
    )
    history = audit_history(no_db_index=["partner"])

    objects = PartnerAgreementQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "-signed_on"]
        verbose_name = _("partner agreement")
        verbose_name_plural = _("partner agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(in_force_to__isnull=True)
                | Q(in_force_from__isnull=True)
                | Q(in_force_to__gt=F("in_force_from")),
                name="agreement_ends_after_it_starts",
                violation_error_message=_("An agreement must end after it comes into force."),
            ),
        ]

    def __str__(self):
        return self.localised_title

    def get_absolute_url(self):
        return reverse("admin:programmes_partneragreement_change", args=[self.pk])

    localised_title = localised_property("title")
    localised_counterpart = localised_property("counterpart_en")

    @property
    def placement_length(self) -> str:
        return length_text(self.duration_value, self.duration_unit)

    def proposed_end(self, start):
        """The last day of a placement of the agreed length starting on `start`, or None."""
        return end_after(start, self.duration_value, self.duration_unit)


class CohortQuerySet(ScopedQuerySet):
    # No personal data: CSB and HR see every cohort; a coordinator those of their department's
    # programmes; a partner coordinator its government's inbound batches.
    scope_paths = {
        "department": EVERY_ROW_PATH,
        "organiser": "programme__organiser",
        "partner": lambda partner: Q(agreement__partner=partner, direction=Direction.INBOUND),
    }

    def open_for_nominations(self, at=None):
        at = at or timezone.now()
        return self.filter(
            status=Cohort.Status.NOMINATIONS_OPEN,
            nominations_open_at__lte=at,
            nominations_close_at__gt=at,
        )

    def with_programme(self):
        return self.select_related("programme", "agreement")


class Cohort(models.Model):
    """A phase and batch of a programme: who goes where, when, and how many."""

    # What a cohort is, and when and where it goes: the admin's fieldsets and the API's
    # serializer list these.
    IDENTITY_FIELDS = [
        "programme",
        "agreement",
        "name",
        "name_zh_hant",
        "name_zh_hans",
        "phase",
        "batch",
        "direction",
    ]
    WHEN_AND_WHERE_FIELDS = [
        "nominations_open_at",
        "nominations_close_at",
        "start_date",
        "end_date",
        "places",
        "takes_host_preferences",
        "destination",
        "destination_zh_hant",
        "destination_zh_hans",
    ]

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        NOMINATIONS_OPEN = "nominations_open", _("Open for nominations")
        SELECTION = "selection", _("In selection")
        CONFIRMED = "confirmed", _("Confirmed")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="cohorts",
    )
    agreement = models.ForeignKey(
        PartnerAgreement,
        verbose_name=_("agreement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cohorts",
        help_text=_("For exchanges: the partner agreement this batch runs under."),
    )
    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_("As staff call it, e.g. GBA exchange phase 1 batch 1."),
    )
    name_zh_hant = models.CharField(
        _("name (Traditional Chinese)"),
        max_length=200,
        blank=True,
        help_text=_("E.g. 大灣區交流計劃第1期第1批."),
    )
    name_zh_hans = models.CharField(
        _("name (Simplified Chinese)"),
        max_length=200,
        blank=True,
        help_text=_("E.g. 大湾区交流计划第1期第1批."),
    )
    # Blank for a one-off (a single officer seconded to FATF): no invented "phase 1, batch 1".
    phase = models.PositiveSmallIntegerField(_("phase"), null=True, blank=True, default=1)
    batch = models.PositiveSmallIntegerField(_("batch"), null=True, blank=True, default=1)
    direction = models.CharField(
        _("direction"),
        max_length=10,
        choices=Direction.choices,
        default=Direction.OUTBOUND,
        help_text=_("Of this batch: a two-way programme sends and receives in separate batches."),
    )
    nominations_open_at = models.DateTimeField(_("nominations open"), null=True, blank=True)
    nominations_close_at = models.DateTimeField(_("nominations close"), null=True, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    places = models.PositiveSmallIntegerField(
        _("places"), help_text=_("How many officers may be confirmed in this batch.")
    )
    takes_host_preferences = models.BooleanField(
        _("takes host preferences"),
        default=False,
        help_text=_(
            "Nominations may name up to three host units in order of preference, shown to "
            "the selector and used as the default of the placement proposal."
        ),
    )
    destination = models.CharField(
        _("destination"),
        max_length=200,
        blank=True,
        help_text=_("Where the officers go, e.g. Futian and Qianhai, Shenzhen."),
    )
    destination_zh_hant = models.CharField(
        _("destination (Traditional Chinese)"), max_length=200, blank=True
    )
    destination_zh_hans = models.CharField(
        _("destination (Simplified Chinese)"), max_length=200, blank=True
    )
    eligible_grades = models.ManyToManyField(
        "participants.Grade",
        verbose_name=_("eligible grades"),
        blank=True,
        related_name="eligible_for_cohorts",
        help_text=_("Leave empty to accept officers of any grade."),
    )
    eligible_rank_levels = models.JSONField(
        _("eligible rank levels"),
        default=list,
        blank=True,
        help_text=_("Junior, middle and/or senior; leave empty to accept any rank level."),
    )
    min_age = models.PositiveSmallIntegerField(
        _("minimum age"),
        null=True,
        blank=True,
        help_text=_("In years, on the day nominations close; blank for no lower limit."),
    )
    max_age = models.PositiveSmallIntegerField(
        _("maximum age"),
        null=True,
        blank=True,
        help_text=_(
            "In years, on the day nominations close; blank for no upper limit (the UN JPO "
            "programme is for young officers)."
        ),
    )
    min_years_of_service = models.PositiveSmallIntegerField(
        _("minimum years of service"),
        null=True,
        blank=True,
        help_text=_("Completed years in the civil service on the day nominations close."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    status_reason = models.TextField(_("reason for status"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = audit_history()

    objects = CohortQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "-start_date", "phase", "batch"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "phase", "batch"],
                name="cohort_unique_phase_batch",
                violation_error_message=_("This programme already has that phase and batch."),
            ),
            models.CheckConstraint(
                condition=Q(phase__isnull=True, batch__isnull=True)
                | Q(phase__isnull=False, batch__isnull=False),
                name="cohort_phase_and_batch_together",
                violation_error_message=_(
                    "Give both the phase and the batch, or neither for a one-off call."
                ),
            ),
            models.CheckConstraint(
                condition=Q(end_date__gt=F("start_date")),
                name="cohort_ends_after_it_starts",
                violation_error_message=_("The end date must be after the start date."),
            ),
            models.CheckConstraint(
                condition=Q(nominations_open_at__isnull=True)
                | Q(nominations_close_at__isnull=True)
                | Q(nominations_close_at__gt=F("nominations_open_at")),
                name="cohort_nominations_close_after_open",
                violation_error_message=_("Nominations must close after they open."),
            ),
            models.CheckConstraint(
                condition=Q(places__gt=0),
                name="cohort_has_places",
                violation_error_message=_("A cohort needs at least one place."),
            ),
            models.CheckConstraint(
                condition=Q(min_age__isnull=True)
                | Q(max_age__isnull=True)
                | Q(max_age__gte=F("min_age")),
                name="cohort_age_band_in_order",
                violation_error_message=_("The maximum age must not be below the minimum age."),
            ),
        ]
        indexes = [models.Index(fields=["status", "start_date"])]

    def __str__(self):
        return self.localised_name

    def get_absolute_url(self):
        return reverse("admin:programmes_cohort_change", args=[self.pk])

    def get_staff_url(self):
        return reverse("staff:cohort", args=[self.pk])

    @property
    def is_one_off(self) -> bool:
        return self.phase is None

    @property
    def phase_and_batch(self) -> str:
        """ "Phase 2, batch 1" in the page's language; empty for a one-off call."""
        if self.is_one_off:
            return ""
        return _("Phase %(phase)s, batch %(batch)s") % {"phase": self.phase, "batch": self.batch}

    localised_name = localised_property("name")
    localised_destination = localised_property("destination")


class CohortQuota(models.Model):
    """An optional cap on how many officers one department may have confirmed in a cohort."""

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="quotas"
    )
    department = models.ForeignKey(
        "participants.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="cohort_quotas",
    )
    places = models.PositiveSmallIntegerField(_("places"))
    history = audit_history()

    class Meta:
        ordering = ["cohort", "department"]
        verbose_name = _("department quota")
        verbose_name_plural = _("department quotas")
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "department"],
                name="quota_one_per_department",
                violation_error_message=_("This department already has a quota in this cohort."),
            ),
            models.CheckConstraint(
                condition=Q(places__gt=0),
                name="quota_positive",
                violation_error_message=_("A quota needs at least one place."),
            ),
        ]

    def __str__(self):
        return f"{self.cohort} – {self.department.code}: {self.places}"


def financial_year_of(day) -> int:
    """The Hong Kong Government's financial year a day falls in, named by the year it starts:
    1 April 2024 to 31 March 2025 is 2024 ("2024-25"; decision 0049)."""
    return day.year if day.month >= FINANCIAL_YEAR_START_MONTH else day.year - 1


def financial_year_label(year: int) -> str:
    """ "2024-25" for the financial year starting on 1 April 2024."""
    return f"{year}-{(year + 1) % 100:02d}"


FINANCIAL_YEAR_START_MONTH = 4  # April


class BudgetQuerySet(ScopedQuerySet):
    # No personal data: CSB and HR reach every budget as they reach every programme (HR hold no
    # permission to read them, so the admin refuses them by permission); a coordinator their
    # department's programmes'; partner coordinators none.
    scope_paths = {"department": EVERY_ROW_PATH, "organiser": "programme__organiser"}


class Budget(models.Model):
    """What a programme (or one of its cohorts) may commit in a financial year, in Hong Kong
    dollars (decision 0049). The costs of placements count against it (placements' costs)."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="budgets",
    )
    cohort = models.ForeignKey(
        Cohort,
        verbose_name=_("cohort"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budgets",
        help_text=_("Leave blank for the budget of the whole programme."),
    )
    financial_year = models.PositiveSmallIntegerField(
        _("financial year"),
        help_text=_("The year it starts on 1 April: 2024 is the financial year 2024-25."),
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
    )
    amount_hkd = models.DecimalField(
        _("budget (HK$)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = audit_history()

    objects = BudgetQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "financial_year", "cohort"]
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "financial_year"],
                condition=Q(cohort__isnull=True),
                name="budget_one_per_programme_year",
                violation_error_message=_(
                    "This programme already has a budget for that financial year."
                ),
            ),
            models.UniqueConstraint(
                fields=["programme", "financial_year", "cohort"],
                condition=Q(cohort__isnull=False),
                name="budget_one_per_cohort_year",
                violation_error_message=_(
                    "This cohort already has a budget for that financial year."
                ),
            ),
            models.CheckConstraint(
                condition=Q(amount_hkd__gte=0),
                name="budget_amount_not_negative",
                violation_error_message=_("A budget cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(financial_year__gte=FIRST_YEAR, financial_year__lte=LAST_YEAR),
                name="budget_financial_year_plausible",
                violation_error_message=_("The financial year must be between 1900 and 2100."),
            ),
        ]

    def __str__(self):
        scope = self.cohort.localised_name if self.cohort_id else self.programme.name
        return f"{scope} {self.financial_year_label}"

    def get_absolute_url(self):
        return reverse("admin:programmes_budget_change", args=[self.pk])

    @property
    def financial_year_label(self) -> str:
        return financial_year_label(self.financial_year)


class DocumentRequirement(models.Model):
    """A document every placement of a programme (or of one cohort) needs: what it is, who
    provides it and by when, counted from the placement's start (decision 0056). A cohort's
    requirement of the same kind and title replaces the programme's; its others are added."""

    class Kind(models.TextChoices):
        DUTY_STATEMENT = "duty_statement", _("Signed duty statement or terms of reference")
        SECURITY_CLEARANCE = "security_clearance", _("Security clearance")
        PASSPORT_COPY = "passport_copy", _("Passport copy")
        ACCEPTANCE_LETTER = "acceptance_letter", _("Host's acceptance letter")
        OTHER = "other", _("Other document")

    class Provider(models.TextChoices):
        OFFICER = "officer", _("The officer")
        DEPARTMENT_HR = "department_hr", _("Department HR")
        HOST = "host", _("The host unit")
        CSB = "csb", _("CSB")

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="document_requirements",
    )
    cohort = models.ForeignKey(
        Cohort,
        verbose_name=_("cohort"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="document_requirements",
    )
    kind = models.CharField(_("document"), max_length=30, choices=Kind.choices)
    title = models.CharField(
        _("title (English)"),
        max_length=200,
        blank=True,
        help_text=_("Needed for another document; otherwise the kind names it."),
    )
    title_zh_hant = models.CharField(_("title (Traditional Chinese)"), max_length=200, blank=True)
    title_zh_hans = models.CharField(_("title (Simplified Chinese)"), max_length=200, blank=True)
    provider = models.CharField(_("provided by"), max_length=20, choices=Provider.choices)
    due_days = models.SmallIntegerField(
        _("due (days from the start)"),
        default=-30,
        validators=[MinValueValidator(-365), MaxValueValidator(365)],
        help_text=_("Days after the placement starts; a negative number is days before it."),
    )
    outside_hong_kong_only = models.BooleanField(
        _("only for postings outside Hong Kong"),
        default=False,
        help_text=_("E.g. a passport copy, for Mainland and overseas postings only."),
    )
    history = audit_history()

    class Meta:
        ordering = ["due_days", "kind", "pk"]
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")
        constraints = [
            models.CheckConstraint(
                condition=Q(programme__isnull=False, cohort__isnull=True)
                | Q(programme__isnull=True, cohort__isnull=False),
                name="document_requirement_programme_or_cohort",
                violation_error_message=_(
                    "A required document belongs to a programme or to one cohort, not both."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(kind="other") | ~Q(title=""),
                name="document_requirement_other_has_title",
                violation_error_message=_("Give another document its title."),
            ),
            models.CheckConstraint(
                condition=Q(due_days__gte=-365, due_days__lte=365),
                name="document_requirement_due_within_a_year",
                violation_error_message=_("A document is due within a year of the start."),
            ),
            models.UniqueConstraint(
                fields=["programme", "kind", "title"],
                condition=Q(programme__isnull=False),
                name="document_requirement_once_per_programme",
                violation_error_message=_("The programme already requires this document."),
            ),
            models.UniqueConstraint(
                fields=["cohort", "kind", "title"],
                condition=Q(cohort__isnull=False),
                name="document_requirement_once_per_cohort",
                violation_error_message=_("The cohort already requires this document."),
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """What the document is called, in the reader's language."""
        if self.title or self.title_zh_hant or self.title_zh_hans:
            return localised_name(self.title, self.title_zh_hant, self.title_zh_hans)
        return self.get_kind_display()

    @property
    def key(self) -> tuple[str, str]:
        """What a cohort's requirement replaces of its programme's."""
        return (self.kind, self.title)

    def due_on(self, start):
        """The day a placement starting on `start` owes this document."""
        return start + timedelta(days=self.due_days)

    @property
    def due_text(self) -> str:
        if self.due_days < 0:
            return ngettext(
                "%(days)s day before the start", "%(days)s days before the start", -self.due_days
            ) % {"days": -self.due_days}
        if self.due_days == 0:
            return str(_("on the start day"))
        return ngettext(
            "%(days)s day after the start", "%(days)s days after the start", self.due_days
        ) % {"days": self.due_days}
