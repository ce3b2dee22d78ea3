"""Nominations, placements, their amendments and reports: the records of who goes where."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThanOrEqual
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from exchange_portal.audit import audit_history
from exchange_portal.names import localised_property
from exchange_portal.scoping import ScopedQuerySet
from exchange_portal.search import trigram_index

from .hosts import FocusArea, HostUnit

# Crockford's base32: no I, L, O or U, so a code read out over the phone is not misheard.
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE_GROUPS = 3
REFERENCE_GROUP_LENGTH = 4
REFERENCE_CODE_LENGTH = len("EX-") + REFERENCE_GROUPS * (REFERENCE_GROUP_LENGTH + 1) - 1


def new_reference_code() -> str:
    """A public placement reference such as EX-7KQ4-M2ZP-9TXA: 60 random bits, unguessable."""
    groups = (
        "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_GROUP_LENGTH))
        for _ in range(REFERENCE_GROUPS)
    )
    return "EX-" + "-".join(groups)


# The longest extension one renewal decision asks for (a UN JPO's second year is 12 months).
MAX_RENEWAL_MONTHS = 24

# What placements are found by: their code, and their officer's and host's, through theirs.
PLACEMENT_SEARCH_FIELDS = ("reference_code",)


class NominationQuerySet(ScopedQuerySet):
    scope_paths = {
        "department": "participant__department",
        "participant": "participant",
        "organiser": "cohort__programme__organiser",
        # A partner coordinator: the nominations of their government's officers only.
        "partner": "participant__partner",
    }

    def open(self):
        return self.filter(status__in=Nomination.OPEN_STATES)

    def with_related(self):
        return self.select_related(
            "cohort__programme",
            "participant__department",
            "participant__grade",
            "nominating_department",
        )


class Nomination(models.Model):
    """A department puts an officer forward for a cohort; CSB decides."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        RECOMMENDED = "recommended", _("Recommended")
        RESERVE = "reserve", _("On the reserve list")
        SELECTED = "selected", _("Selected")
        NOT_SELECTED = "not_selected", _("Not selected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    OPEN_STATES = (Status.SUBMITTED, Status.SHORTLISTED, Status.RECOMMENDED, Status.RESERVE)

    cohort = models.ForeignKey(
        "programmes.Cohort",
        verbose_name=_("cohort"),
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    participant = models.ForeignKey(
        "participants.Participant",
        verbose_name=_("officer"),
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    nominating_department = models.ForeignKey(
        "participants.Department",
        verbose_name=_("nominating department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
        help_text=_("Blank for an officer put forward by a partner government."),
    )
    rank = models.PositiveSmallIntegerField(
        _("department's ranking"),
        default=1,
        help_text=_("1 is the department's first choice."),
    )
    statement = models.TextField(
        _("statement"),
        blank=True,
        help_text=_("Why the department puts this officer forward."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    status_reason = models.TextField(
        _("decision reason"),
        blank=True,
        help_text=_("Shown to the nominating department, e.g. why not selected."),
    )
    reserve_rank = models.PositiveSmallIntegerField(
        _("place on the reserve list"),
        null=True,
        blank=True,
        help_text=_("1 is offered the first place that falls vacant."),
    )
    recommended_by = models.CharField(_("recommended by"), max_length=200, blank=True)
    recommended_on = models.DateField(_("recommended on"), null=True, blank=True)
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = audit_history()

    objects = NominationQuerySet.as_manager()

    class Meta:
        ordering = ["cohort", "nominating_department", "rank", "pk"]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        permissions = [
            ("decide_nomination", _("Can shortlist, recommend, select or decline nominations")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "participant"],
                name="nomination_one_per_participant_per_cohort",
                violation_error_message=_("This officer is already nominated for this cohort."),
            ),
            models.CheckConstraint(
                condition=Q(rank__gt=0),
                name="nomination_rank_positive",
                violation_error_message=_("Ranking starts at 1."),
            ),
            models.CheckConstraint(
                condition=~Q(status="reserve") | Q(reserve_rank__isnull=False),
                name="nomination_reserve_has_rank",
                violation_error_message=_("A nomination on the reserve list needs its place."),
            ),
            models.CheckConstraint(
                condition=~Q(status="recommended")
                | (~Q(recommended_by="") & Q(recommended_on__isnull=False)),
                name="nomination_recommendation_recorded",
                violation_error_message=_("A recommendation needs who made it and when."),
            ),
        ]
        indexes = [models.Index(fields=["status", "cohort"])]

    def __str__(self):
        return f"{self.participant} → {self.cohort}"

    def get_absolute_url(self):
        return reverse("admin:placements_nomination_change", args=[self.pk])

    def get_staff_url(self):
        return reverse("staff:nomination", args=[self.pk])


# The most host units an officer may name, in order, where the call takes preferences.
MAX_HOST_PREFERENCES = 3


class NominationPreference(models.Model):
    """One of the host units a nominee would prefer, in order (1 is the first choice), where
    the call takes preferences (programmes.Cohort.takes_host_preferences). Shown to the
    selector beside the unit's places left; the first with a place left is the placement
    proposal's default."""

    nomination = models.ForeignKey(
        Nomination,
        verbose_name=_("nomination"),
        on_delete=models.CASCADE,
        related_name="preferences",
    )
    host_unit = models.ForeignKey(
        HostUnit,
        verbose_name=_("host unit"),
        on_delete=models.PROTECT,
        related_name="nomination_preferences",
    )
    rank = models.PositiveSmallIntegerField(
        _("order of preference"), help_text=_("1 is the officer's first choice.")
    )
    history = audit_history()

    class Meta:
        ordering = ["nomination", "rank"]
        verbose_name = _("host preference")
        verbose_name_plural = _("host preferences")
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "rank"],
                name="nomination_preference_one_per_rank",
                violation_error_message=_("A nomination has one host unit at each preference."),
            ),
            models.UniqueConstraint(
                fields=["nomination", "host_unit"],
                name="nomination_preference_unit_once",
                violation_error_message=_("A host unit is named once among the preferences."),
            ),
            models.CheckConstraint(
                condition=Q(rank__gte=1) & Q(rank__lte=MAX_HOST_PREFERENCES),
                name="nomination_preference_rank_1_to_3",
                violation_error_message=_("Preferences are numbered 1 to 3."),
            ),
        ]

    def __str__(self):
        return f"{self.rank}. {self.host_unit}"


class PlacementQuerySet(ScopedQuerySet):
    scope_paths = {
        "department": "participant__department",
        "host_unit": "host_unit",
        "participant": "participant",
        "organiser": "cohort__programme__organiser",
        "partner": "participant__partner",
        # The receiving department's HR: inbound officers placed in its units.
        "receiving": lambda department: Q(
            host_unit__organisation__department=department, cohort__direction="inbound"
        ),
    }

    def live(self):
        return self.filter(status__in=Placement.LIVE_STATES)

    def overlapping(self, start_date, end_date):
        return self.filter(start_date__lte=end_date, end_date__gte=start_date)

    def with_related(self):
        return self.select_related(
            "participant__department",
            "participant__grade",
            "cohort__programme",
            "host_unit__organisation",
        )


class Placement(models.Model):
    """A selected officer's months at a host unit."""

    # What a proposal and the details consist of: where and when, and the post. The staff
    # screen's proposal form, the admin's fieldsets and the API's serializers list these.
    MOVING_FIELDS = ["host_unit", "start_date", "end_date"]
    ROLE_FIELDS = [
        "role_title",
        "role_title_zh_hant",
        "role_title_zh_hans",
        "duties",
        "duties_zh_hant",
        "duties_zh_hans",
        "supervisor_name",
        "supervisor_title",
        "focus_areas",
    ]

    class HostResponse(models.TextChoices):
        NOT_ASKED = "", _("Not asked")
        AWAITING = "awaiting", _("Awaiting the host unit")
        ACCEPTED = "accepted", _("Accepted by the host unit")
        DECLINED = "declined", _("Declined by the host unit")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        CONFIRMED = "confirmed", _("Confirmed")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        CANCELLED = "cancelled", _("Cancelled")

    # A person can only be in one place at a time: these placements' dates may never overlap.
    LIVE_STATES = (Status.PROPOSED, Status.CONFIRMED, Status.IN_PROGRESS, Status.COMPLETED)

    nomination = models.OneToOneField(
        Nomination,
        verbose_name=_("nomination"),
        on_delete=models.PROTECT,
        related_name="placement",
    )
    # Copied from the nomination by the service so the database can hold the overlap and
    # capacity rules on this table alone (an exclusion constraint cannot follow a join).
    participant = models.ForeignKey(
        "participants.Participant",
        verbose_name=_("officer"),
        on_delete=models.PROTECT,
        related_name="placements",
    )
    cohort = models.ForeignKey(
        "programmes.Cohort",
        verbose_name=_("cohort"),
        on_delete=models.PROTECT,
        related_name="placements",
    )
    host_unit = models.ForeignKey(
        HostUnit,
        verbose_name=_("host unit"),
        on_delete=models.PROTECT,
        related_name="placements",
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    role_title = models.CharField(
        _("role title"),
        max_length=200,
        blank=True,
        help_text=_("E.g. Special Assistant to a Deputy Head of the Futian District Government."),
    )
    role_title_zh_hant = models.CharField(
        _("role title (Traditional Chinese)"), max_length=200, blank=True
    )
    role_title_zh_hans = models.CharField(
        _("role title (Simplified Chinese)"), max_length=200, blank=True
    )
    duties = models.TextField(_("duty statement"), blank=True)
    duties_zh_hant = models.TextField(_("duty statement (Traditional Chinese)"), blank=True)
    duties_zh_hans = models.TextField(_("duty statement (Simplified Chinese)"), blank=True)
    supervisor_name = models.CharField(_("supervisor at host"), max_length=200, blank=True)
    supervisor_title = models.CharField(_("supervisor's post"), max_length=200, blank=True)
    focus_areas = models.ManyToManyField(
        FocusArea, verbose_name=_("focus areas"), blank=True, related_name="placements"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    status_reason = models.TextField(_("reason for status"), blank=True)
    # Where the programme asks for it, the host unit accepts a proposal before it is confirmed.
    host_response = models.CharField(
        _("host unit's answer"),
        max_length=10,
        choices=HostResponse.choices,
        blank=True,
        default=HostResponse.NOT_ASKED,
    )
    host_response_reason = models.TextField(_("host unit's reason"), blank=True)
    host_responded_at = models.DateTimeField(_("host unit answered at"), null=True, blank=True)
    host_responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered for the host unit by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # never listed by it: no index
    )
    reference_code = models.CharField(
        _("reference code"),
        max_length=REFERENCE_CODE_LENGTH,
        unique=True,
        default=new_reference_code,
        editable=False,
        help_text=_("Given to the officer for the public status enquiry."),
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = audit_history(m2m_fields=[focus_areas], no_db_index=["host_responded_by"])

    objects = PlacementQuerySet.as_manager()
    SEARCH_FIELDS = PLACEMENT_SEARCH_FIELDS

    class Meta:
        ordering = ["-start_date", "pk"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        permissions = [
            ("respond_placement", _("Can accept or decline a placement for the host unit")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(host_response="declined") | ~Q(host_response_reason=""),
                name="placement_host_decline_has_reason",
                violation_error_message=_("Say why the host unit declines the placement."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__gt=F("start_date")),
                name="placement_ends_after_it_starts",
                violation_error_message=_("The end date must be after the start date."),
            ),
            models.CheckConstraint(
                condition=GreaterThanOrEqual(Length("reference_code"), REFERENCE_CODE_LENGTH),
                name="placement_reference_code_full_length",
                violation_error_message=_("Reference codes are generated, never typed in."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "cohort"]),
            models.Index(fields=["participant", "start_date"]),
            models.Index(fields=["host_unit", "start_date"]),
            # Lists newest first (the default order), the admin's date bounds, and the
            # dashboard's "this year" and "under way today" (migration 0005, built concurrently).
            models.Index(fields=["-start_date", "id"], name="placement_newest_first"),
            models.Index(fields=["end_date"], name="placement_end_date"),
            trigram_index(PLACEMENT_SEARCH_FIELDS, name="placement_search_trgm"),
        ]

    def __str__(self):
        return f"{self.reference_code}: {self.participant} at {self.host_unit}"

    def get_absolute_url(self):
        return reverse("admin:placements_placement_change", args=[self.pk])

    def get_staff_url(self):
        return reverse("staff:placement", args=[self.pk])

    localised_role_title = localised_property("role_title")
    localised_duties = localised_property("duties")


class PlacementAmendmentQuerySet(ScopedQuerySet):
    scope_paths = {
        "department": "placement__participant__department",
        "organiser": "placement__cohort__programme__organiser",
    }

    def awaiting_decision(self):
        return self.filter(status=PlacementAmendment.Status.REQUESTED)


class PlacementAmendment(models.Model):
    """A change to a confirmed placement's dates or host unit (an extension, a move), which
    takes effect only when approved, after the overlap and capacity rules are checked again."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    placement = models.ForeignKey(
        Placement,
        verbose_name=_("placement"),
        on_delete=models.PROTECT,
        related_name="amendments",
    )
    new_start_date = models.DateField(_("new start date"), null=True, blank=True)
    new_end_date = models.DateField(
        _("new end date"),
        null=True,
        blank=True,
        help_text=_("E.g. the later end date of an extension."),
    )
    new_host_unit = models.ForeignKey(
        HostUnit,
        verbose_name=_("new host unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(_("reason for the change"))
    # What the placement was when the amendment was asked for, to show what changes.
    old_start_date = models.DateField(_("start date before"))
    old_end_date = models.DateField(_("end date before"))
    old_host_unit = models.ForeignKey(
        HostUnit,
        verbose_name=_("host unit before"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED
    )
    status_reason = models.TextField(_("decision reason"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # never listed by it: no index
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = audit_history(no_db_index=["decided_by"])

    objects = PlacementAmendmentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("placement amendment")
        verbose_name_plural = _("placement amendments")
        permissions = [
            ("decide_placementamendment", _("Can approve or reject placement amendments")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(new_start_date__isnull=False)
                | Q(new_end_date__isnull=False)
                | Q(new_host_unit__isnull=False),
                name="amendment_changes_something",
                violation_error_message=_("An amendment must change the dates or the host unit."),
            ),
            # Four eyes: whoever asked for a change does not approve or reject it.
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True)
                | Q(requested_by__isnull=True)
                | ~Q(decided_by=F("requested_by")),
                name="amendment_decided_by_another",
                violation_error_message=_(
                    "An amendment is decided by someone other than the person who asked for it."
                ),
            ),
        ]

    def __str__(self):
        return _("Amendment of %(code)s") % {"code": self.placement.reference_code}

    def get_absolute_url(self):
        return reverse("admin:placements_placementamendment_change", args=[self.pk])

    def get_staff_url(self):
        """Amendments are read and decided on their placement's page."""
        return reverse("staff:placement", args=[self.placement_id]) + "#amendments-heading"

    @property
    def start_date(self):
        return self.new_start_date or self.old_start_date

    @property
    def end_date(self):
        return self.new_end_date or self.old_end_date

    @property
    def host_unit_id(self):
        return self.new_host_unit_id or self.old_host_unit_id


class PlacementReportQuerySet(ScopedQuerySet):
    # The officer writes their report and the host unit its feedback, each on their own pages.
    scope_paths = {
        "department": "placement__participant__department",
        "host_unit": "placement__host_unit",
        "participant": "placement__participant",
        "organiser": "placement__cohort__programme__organiser",
    }


class PlacementReport(models.Model):
    """A report on a placement by the officer, or the host's feedback: a check-in of the
    programme's schedule (decision 0057): initial, mid-point, yearly review, or the
    end-of-placement report ("final", the one every programme asked for before)."""

    class Author(models.TextChoices):
        PARTICIPANT = "participant", _("Officer's report")
        HOST = "host", _("Host's feedback")

    class Kind(models.TextChoices):
        INITIAL = "initial", _("Initial check-in")
        MIDPOINT = "midpoint", _("Mid-point check-in")
        FINAL = "final", _("End-of-placement report")
        YEARLY = "yearly", _("Yearly review")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    placement = models.ForeignKey(
        Placement,
        verbose_name=_("placement"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    author_role = models.CharField(_("written by"), max_length=20, choices=Author.choices)
    kind = models.CharField(_("check-in"), max_length=10, choices=Kind.choices, default=Kind.FINAL)
    sequence = models.PositiveSmallIntegerField(
        _("year of the review"),
        default=0,
        help_text=_("1 for the review at the first anniversary, 2 at the second; 0 otherwise."),
    )
    due_on = models.DateField(_("due on"))
    summary = models.TextField(_("summary"), blank=True)
    experience_gained = models.TextField(
        _("experience gained"),
        blank=True,
        help_text=_("What was learnt that the home department or CSB can use."),
    )
    recommendations = models.TextField(_("recommendations"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    status_reason = models.TextField(_("reason for status"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = audit_history()

    objects = PlacementReportQuerySet.as_manager()

    class Meta:
        ordering = ["placement", "due_on", "author_role"]
        verbose_name = _("placement report")
        verbose_name_plural = _("placement reports")
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "author_role", "kind", "sequence"],
                name="report_one_per_author_kind_and_year",
                violation_error_message=_("This placement already has that report."),
            ),
            models.CheckConstraint(
                condition=(Q(kind="yearly") & Q(sequence__gt=0))
                | (~Q(kind="yearly") & Q(sequence=0)),
                name="report_yearly_review_has_its_year",
                violation_error_message=_(
                    "A yearly review says which year it reviews; other check-ins do not."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="submitted") | Q(submitted_at__isnull=False),
                name="report_submitted_has_time",
                violation_error_message=_("A submitted report needs its submission time."),
            ),
        ]

    def __str__(self):
        return f"{self.title} – {self.placement.reference_code}"

    def get_absolute_url(self):
        return reverse("admin:placements_placementreport_change", args=[self.pk])

    def get_staff_url(self):
        """Reports are listed, and returned for changes, on their placement's page."""
        return reverse("staff:placement", args=[self.placement_id]) + "#reports-heading"

    @property
    def kind_label(self) -> str:
        """ "Mid-point check-in", "Yearly review (year 2)" in the active language."""
        return kind_label(self.kind, self.sequence)

    @property
    def title(self) -> str:
        """What the forms, lists and mails call the report: the end-of-placement report by its
        author alone, as before ("Officer's report"); a check-in by its kind and author."""
        if self.kind == self.Kind.FINAL:
            return str(self.get_author_role_display())
        return _("%(kind)s: %(author)s") % {
            "kind": self.kind_label,
            "author": self.get_author_role_display(),
        }


def kind_label(kind: str, sequence: int = 0) -> str:
    """The name of one check-in of a schedule, e.g. "Yearly review (year 2)"."""
    if kind == PlacementReport.Kind.YEARLY:
        return _("Yearly review (year %(year)s)") % {"year": sequence}
    return str(PlacementReport.Kind(kind).label)


class RenewalDecisionQuerySet(ScopedQuerySet):
    scope_paths = {
        "department": "placement__participant__department",
        "organiser": "placement__cohort__programme__organiser",
    }


class RenewalDecision(models.Model):
    """At a long appointment's yearly review, CSB decides whether to renew it (a UN JPO's
    second year): "renew" asks for the extension as an amendment, approved on its own;
    "do not renew" lets the placement end as planned (decision 0057)."""

    class Outcome(models.TextChoices):
        RENEW = "renew", _("Renew")
        NOT_RENEW = "not_renew", _("Do not renew")

    placement = models.ForeignKey(
        Placement,
        verbose_name=_("placement"),
        on_delete=models.PROTECT,
        related_name="renewal_decisions",
    )
    year = models.PositiveSmallIntegerField(
        _("year of the review"), help_text=_("The yearly review the decision was made at.")
    )
    outcome = models.CharField(_("decision"), max_length=10, choices=Outcome.choices)
    months = models.PositiveSmallIntegerField(
        _("renewed for (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_RENEWAL_MONTHS)],
    )
    reason = models.TextField(_("reason"))
    amendment = models.OneToOneField(
        PlacementAmendment,
        verbose_name=_("extension asked for"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewal_decision",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # never listed by it: no index
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)
    history = audit_history(no_db_index=["decided_by"])

    objects = RenewalDecisionQuerySet.as_manager()

    class Meta:
        ordering = ["placement", "year"]
        verbose_name = _("renewal decision")
        verbose_name_plural = _("renewal decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "year"],
                name="renewal_one_decision_per_year",
                violation_error_message=_(
                    "A renewal decision is already recorded for that year of the placement."
                ),
            ),
            models.CheckConstraint(
                condition=(
                    Q(outcome="renew")
                    & Q(months__gte=1)
                    & Q(months__lte=MAX_RENEWAL_MONTHS)
                    & Q(amendment__isnull=False)
                )
                | (Q(outcome="not_renew") & Q(months__isnull=True) & Q(amendment__isnull=True)),
                name="renewal_renews_by_an_amendment",
                violation_error_message=_(
                    "A renewal gives its months and its extension; a decision not to renew neither."
                ),
            ),
            models.CheckConstraint(
                condition=Q(year__gt=0),
                name="renewal_year_positive",
                violation_error_message=_("The year of the review starts at 1."),
            ),
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="renewal_has_reason",
                violation_error_message=_("Give the reason for the decision."),
            ),
        ]

    def __str__(self):
        return f"{self.get_outcome_display()} – {self.placement.reference_code}"

    def get_staff_url(self):
        return reverse("staff:placement", args=[self.placement_id]) + "#checkins-heading"
