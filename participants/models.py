from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from exchange_portal.audit import audit_history
from exchange_portal.names import (
    TrilingualName,
    is_chinese_page,
    is_simplified_page,
    localised_field,
    localised_name,
)
from exchange_portal.scoping import EVERY_ROW_PATH, ScopedQuerySet
from exchange_portal.search import trigram_index


class DepartmentQuerySet(ScopedQuerySet):
    # Department HR see their own department (in filters, the admin, the API); programme
    # coordinators every department (their calls take officers from any).
    scope_paths = {"department": "pk", "organiser": EVERY_ROW_PATH}


class Department(TrilingualName):
    """A bureau, department or grade-managing office that releases officers or hosts them."""

    code = models.SlugField(
        _("code"),
        max_length=20,
        unique=True,
        help_text=_("Short code used across the government, e.g. EPD, HyD, CSB."),
    )
    is_policy_bureau = models.BooleanField(
        _("policy bureau"),
        default=False,
        help_text=_("Policy bureaux can host officers under the Secretariat Attachment Scheme."),
    )
    history = audit_history()

    objects = DepartmentQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self):
        return f"{self.code} – {self.name}"


class PartnerGovernmentQuerySet(ScopedQuerySet):
    # A partner-government coordinator sees their own government; CSB every one.
    scope_paths = {"partner": "pk"}


class PartnerGovernment(TrilingualName):
    """A government outside Hong Kong that exchanges officers under an agreement (the
    Guangdong Provincial Government): it puts forward its own officers for the inbound batches,
    through its coordinators' accounts."""

    code = models.SlugField(
        _("code"),
        max_length=20,
        unique=True,
        help_text=_("Short code, e.g. GD for the Guangdong Provincial Government."),
    )
    language = models.CharField(
        _("language of mail"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="zh-hans",
        help_text=_(
            "The language its officers and coordinators are written to unless they chose "
            "another (Simplified Chinese for the Mainland)."
        ),
    )
    history = audit_history()

    objects = PartnerGovernmentQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("partner government")
        verbose_name_plural = _("partner governments")

    def __str__(self):
        return self.name


class Grade(TrilingualName):
    """A civil service grade, e.g. Administrative Officer; departments and grades both nominate."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    is_general = models.BooleanField(
        _("general grade"),
        default=False,
        help_text=_(
            "Tick for a grade whose officers serve across bureaux and departments (e.g. "
            "Administrative Officer, Executive Officer): the bureau's figures count its "
            "officers under the grade, not the department they serve in."
        ),
    )
    history = audit_history()

    class Meta:
        ordering = ["code"]
        verbose_name = _("grade")
        verbose_name_plural = _("grades")

    def __str__(self):
        return f"{self.code} – {self.name}"


class Language(TrilingualName):
    """A working language an officer can use at work (English, Putonghua, Cantonese, French...):
    a small reference table, named in English and both Chinese scripts."""

    code = models.SlugField(
        _("code"),
        max_length=20,
        unique=True,
        help_text=_("A short code, e.g. en, yue, cmn, fr (ISO 639 where there is one)."),
    )
    history = audit_history()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self):
        return self.name


def _nominated_to_programmes_of(department):
    """Officers nominated to a programme the department organises (its coordinators' reach)."""
    return Q(
        pk__in=Participant.objects.filter(
            nominations__cohort__programme__organiser=department
        ).values("pk")
    )


def _inbound_officers_placed_in(department):
    """Officers of an inbound batch placed in one of the department's units (the receiving
    department's HR)."""
    return Q(
        pk__in=Participant.objects.filter(
            placements__host_unit__organisation__department=department,
            placements__cohort__direction="inbound",
        ).values("pk")
    )


class ParticipantQuerySet(ScopedQuerySet):
    scope_paths = {
        "department": "department",
        "participant": "pk",
        # Coordinators: their own department's officers and those nominated to its programmes.
        "organiser": lambda department: (
            Q(department=department) | _nominated_to_programmes_of(department)
        ),
        # Partner coordinators: their government's officers, never a Hong Kong officer.
        "partner": lambda partner: Q(partner=partner, origin="partner"),
        "receiving": _inbound_officers_placed_in,
    }

    def hong_kong_officers(self):
        return self.filter(origin=Participant.Origin.HONG_KONG)

    def partner_officers(self):
        return self.filter(origin=Participant.Origin.PARTNER)

    def with_related(self):
        return self.select_related("department", "grade")


# What an officer is found by in the search boxes (exchange_portal/search.py).
PARTICIPANT_SEARCH_FIELDS = (
    "name_en",
    "name_zh_hant",
    "name_zh_hans",
    "email",
    "staff_number",
    "home_organisation",
    "home_organisation_zh_hant",
    "home_organisation_zh_hans",
)


class Participant(models.Model):
    """An officer who goes on, or comes in under, a programme."""

    class Origin(models.TextChoices):
        HONG_KONG = "hong_kong", _("Hong Kong civil servant")
        PARTNER = "partner", _("Partner-government officer")

    class RankLevel(models.TextChoices):
        JUNIOR = "junior", _("Junior")
        MIDDLE = "middle", _("Middle")
        SENIOR = "senior", _("Senior")

    name_en = models.CharField(
        _("name (English)"),
        max_length=200,
        help_text=_("As on the officer's personal record, surname first, e.g. CHAN Tai-man."),
    )
    name_zh_hant = models.CharField(
        pgettext_lazy("a person's name", "name (Traditional Chinese)"),
        max_length=100,
        blank=True,
        help_text=_("The officer's Chinese name in Traditional characters."),
    )
    name_zh_hans = models.CharField(
        pgettext_lazy("a person's name", "name (Simplified Chinese)"),
        max_length=100,
        blank=True,
        help_text=_("The officer's Chinese name in Simplified characters."),
    )
    email = models.EmailField(_("e-mail address"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    origin = models.CharField(
        _("origin"), max_length=20, choices=Origin.choices, default=Origin.HONG_KONG
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officers",
        help_text=_("Required for a Hong Kong civil servant: the department that employs them."),
    )
    grade = models.ForeignKey(
        Grade,
        verbose_name=_("grade"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officers",
    )
    rank = models.CharField(
        _("rank"),
        max_length=100,
        blank=True,
        help_text=_("Substantive rank, e.g. Senior Administrative Officer."),
    )
    rank_level = models.CharField(
        _("rank level"), max_length=10, choices=RankLevel.choices, blank=True
    )
    staff_number = models.CharField(
        _("staff number"),
        max_length=20,
        blank=True,
        help_text=_("Hong Kong civil servants only; unique across the service."),
    )
    date_of_birth = models.DateField(
        _("date of birth"),
        null=True,
        blank=True,
        help_text=_("Needed only for calls with an age band (the UN JPO programme)."),
    )
    service_entry_date = models.DateField(
        _("date of entry to the civil service"),
        null=True,
        blank=True,
        help_text=_("Needed only for calls that ask for a minimum length of service."),
    )
    home_organisation = models.CharField(
        _("home organisation"),
        max_length=200,
        blank=True,
        help_text=_("Required for a partner-government officer, e.g. Futian District Government."),
    )
    home_organisation_zh_hant = models.CharField(
        _("home organisation (Traditional Chinese)"),
        max_length=200,
        blank=True,
        help_text=_("In Traditional characters, as Hong Kong writes it."),
    )
    home_organisation_zh_hans = models.CharField(
        _("home organisation (Simplified Chinese)"),
        max_length=200,
        blank=True,
        help_text=_("In Simplified characters, as the Mainland writes it."),
    )
    partner = models.ForeignKey(
        PartnerGovernment,
        verbose_name=_("partner government"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officers",
        help_text=_("For a partner-government officer: the government that puts them forward."),
        db_index=False,  # indexed with the name (Meta.indexes), built concurrently
    )
    partner_reference = models.CharField(
        _("partner reference"),
        max_length=40,
        blank=True,
        help_text=_("The partner government's own reference for the officer, if it has one."),
    )
    language = models.CharField(
        _("language of mail"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_(
            "The language the portal writes to this person in; blank: their account's, or English."
        ),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sign-in account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participant",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    languages = models.ManyToManyField(
        Language,
        verbose_name=_("working languages"),
        blank=True,
        related_name="officers",
        help_text=_("The languages the officer can work in, for the list of returnees."),
    )
    history = audit_history(no_db_index=["partner"], m2m_fields=[languages])

    objects = ParticipantQuerySet.as_manager()
    SEARCH_FIELDS = PARTICIPANT_SEARCH_FIELDS
    # The officer's fields people edit, in the order screens show them: name in three forms,
    # contact, origin and post, dates, a partner officer's home organisation and government,
    # the language of mail. The screens and the API derive their lists from this one (the
    # merge page compares these and the account; the API leaves some out, as it says).
    EDITABLE_FIELDS = (
        "name_en",
        "name_zh_hant",
        "name_zh_hans",
        "email",
        "phone",
        "origin",
        "department",
        "grade",
        "rank",
        "rank_level",
        "staff_number",
        "date_of_birth",
        "service_entry_date",
        "home_organisation",
        "home_organisation_zh_hant",
        "home_organisation_zh_hans",
        "partner",
        "partner_reference",
        "language",
    )

    class Meta:
        ordering = ["name_en", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        permissions = [
            (
                "erase_participant",
                _("Can erase an officer's personal data on request (the figures kept)"),
            ),
            (
                "merge_participant",
                _("Can merge two records of one officer into one"),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["staff_number"],
                condition=~Q(staff_number=""),
                name="participant_staff_number_unique",
                violation_error_message=_("Another officer already has this staff number."),
            ),
            models.CheckConstraint(
                condition=Q(origin="partner") | Q(department__isnull=False),
                name="participant_hk_officer_has_department",
                violation_error_message=_("A Hong Kong civil servant needs a department."),
            ),
            models.UniqueConstraint(
                fields=["partner", "partner_reference"],
                condition=~Q(partner_reference=""),
                name="participant_partner_reference_unique",
                violation_error_message=_(
                    "Another officer of this partner government already has this reference."
                ),
            ),
            models.CheckConstraint(
                condition=Q(origin="partner") | Q(partner__isnull=True),
                name="participant_partner_only_for_partner_officers",
                violation_error_message=_(
                    "Only a partner-government officer belongs to a partner government."
                ),
            ),
            models.CheckConstraint(
                condition=Q(origin="hong_kong") | ~Q(home_organisation=""),
                name="participant_partner_has_home_organisation",
                violation_error_message=_(
                    "A partner-government officer needs a home organisation."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["department", "name_en"]),
            models.Index(fields=["partner", "name_en"], name="participant_partner_name"),
            trigram_index(PARTICIPANT_SEARCH_FIELDS, name="participant_search_trgm"),
        ]

    def __str__(self):
        """English name first on English pages, the Chinese name first on Chinese ones."""
        if not self.chinese_name:
            return self.name_en
        if is_chinese_page():
            return f"{self.chinese_name} ({self.name_en})"
        return f"{self.name_en} ({self.chinese_name})"

    def get_absolute_url(self):
        return reverse("admin:participants_participant_change", args=[self.pk])

    def get_staff_url(self):
        return reverse("staff:officer", args=[self.pk])

    @property
    def display_name(self) -> str:
        """The officer's name in the reader's language and script (English on English pages)."""
        return localised_name(self.name_en, self.name_zh_hant, self.name_zh_hans)

    @property
    def chinese_name(self) -> str:
        """The officer's Chinese name in the reader's script: Simplified on Simplified pages,
        Traditional otherwise; the other script only where this one is empty."""
        if is_simplified_page():
            return self.name_zh_hans or self.name_zh_hant
        return self.name_zh_hant or self.name_zh_hans

    @property
    def other_name(self) -> str:
        """The name beside `display_name`: the Chinese one on English pages, the English one
        on Chinese pages; blank for an officer without a Chinese name."""
        if not self.chinese_name:
            return ""
        return self.name_en if is_chinese_page() else self.chinese_name

    @property
    def localised_home_organisation(self) -> str:
        return localised_field(self, "home_organisation")

    @property
    def affiliation_code(self) -> str:
        """The department's code, or a partner officer's home organisation."""
        if self.origin == self.Origin.PARTNER:
            return self.localised_home_organisation
        return self.department.code if self.department_id else ""

    @staticmethod
    def affiliation_code_of(origin: str, home_organisation: str, department_code: str | None):
        """`affiliation_code` from the three columns, for rows read as values
        (`home_organisation` already in the reader's language)."""
        if origin == Participant.Origin.PARTNER:
            return home_organisation
        return department_code or ""

    @property
    def affiliation(self) -> str:
        if self.origin == self.Origin.PARTNER:
            return self.localised_home_organisation
        return self.department.name if self.department_id else ""


class UserProfile(models.Model):
    """What the portal needs to know about a sign-in account beyond Django's user: the
    department a department HR officer works for, and the language mail is written in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="profile",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff_profiles",
        help_text=_(
            "For a department HR officer: the only department whose records they see; for a "
            "programme coordinator, the department whose programmes they run."
        ),
    )
    partner = models.ForeignKey(
        PartnerGovernment,
        verbose_name=_("partner government"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coordinator_profiles",
        help_text=_("For a partner-government coordinator: the only government they act for."),
        db_index=False,  # a small table: no index
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("The language of the e-mails this person receives."),
    )
    history = audit_history(no_db_index=["partner"])

    class Meta:
        verbose_name = _("account profile")
        verbose_name_plural = _("account profiles")

    def __str__(self):
        return str(self.user)


class CalendarKey(models.Model):
    """The secret behind a person's calendar feed addresses. The address carries an HMAC of
    this salt made with the site's SECRET_KEY, so neither a copy of the database nor the salt
    alone is enough to read a feed; a new salt ends every address given out before."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="calendar_key",
    )
    salt = models.CharField(_("salt"), max_length=64)
    created_at = models.DateTimeField(_("created"), auto_now=True)

    class Meta:
        verbose_name = _("calendar feed key")
        verbose_name_plural = _("calendar feed keys")

    def __str__(self):
        return str(self.user)
