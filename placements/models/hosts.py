"""Where officers go: host organisations, their units, and the focus areas of a placement."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from exchange_portal.audit import audit_history
from exchange_portal.names import (
    TrilingualName,
    is_chinese_page,
    list_separator,
    localised_property,
    unit_at_organisation,
)
from exchange_portal.search import trigram_index


def _traditional(verbose_name):
    return models.CharField(
        verbose_name,
        max_length=100,
        blank=True,
        help_text=_("In Traditional characters, as Hong Kong writes it."),
    )


def _simplified(verbose_name):
    return models.CharField(
        verbose_name,
        max_length=100,
        blank=True,
        help_text=_("In Simplified characters, as the Mainland writes it."),
    )


# What hosts are found by in the search boxes (exchange_portal/search.py).
HOST_ORGANISATION_SEARCH_FIELDS = ("name_en", "name_zh_hant", "name_zh_hans", "city")
HOST_UNIT_SEARCH_FIELDS = ("name_en", "name_zh_hant", "name_zh_hans", "city", "contact_name")


class HostOrganisation(TrilingualName):
    """Where officers go: a policy bureau, an international organisation, a Mainland government,
    a public body. Organisations nest (the Futian District Government under Shenzhen)."""

    class Kind(models.TextChoices):
        POLICY_BUREAU = "policy_bureau", _("Policy bureau")
        HK_DEPARTMENT = "hk_department", _("Hong Kong government department")
        INTERNATIONAL_ORGANISATION = "international_organisation", _("International organisation")
        UN_BODY = "un_body", _("United Nations body")
        MAINLAND_GOVERNMENT = "mainland_government", _("Mainland government")
        PUBLIC_BODY = "public_body", _("Statutory or public body")
        OTHER = "other", _("Other")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    country = models.CharField(
        _("country or region"),
        max_length=100,
        help_text=_("E.g. Hong Kong, Mainland China, France, Switzerland."),
    )
    country_zh_hant = _traditional(_("country or region (Traditional Chinese)"))
    country_zh_hans = _simplified(_("country or region (Simplified Chinese)"))
    city = models.CharField(_("city"), max_length=100, blank=True)
    city_zh_hant = _traditional(_("city (Traditional Chinese)"))
    city_zh_hans = _simplified(_("city (Simplified Chinese)"))
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    department = models.OneToOneField(
        "participants.Department",
        verbose_name=_("Hong Kong department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="host_organisation",
        help_text=_("When the host is itself a Hong Kong bureau or department."),
    )
    history = audit_history()
    SEARCH_FIELDS = HOST_ORGANISATION_SEARCH_FIELDS

    class Meta:
        ordering = ["name_en"]
        indexes = [trigram_index(HOST_ORGANISATION_SEARCH_FIELDS, name="host_org_search_trgm")]
        verbose_name = _("host organisation")
        verbose_name_plural = _("host organisations")
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=F("pk")),
                name="host_organisation_not_own_parent",
                violation_error_message=_("An organisation cannot be part of itself."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("admin:placements_hostorganisation_change", args=[self.pk])

    def get_staff_url(self):
        return reverse("staff:host", args=[self.pk])

    localised_city = localised_property("city")
    localised_country = localised_property("country")

    @property
    def place(self) -> str:
        """Its city and country as the reader's language writes a place: "Shenzhen, China" in
        English, country first with nothing between in Chinese (中國深圳)."""
        city, country = self.localised_city, self.localised_country
        if not city or not country or city == country:
            return city or country
        if is_chinese_page():
            return country if country.endswith(city) else f"{country}{city}"
        return f"{city}{list_separator()}{country}"


class HostUnit(TrilingualName):
    """The office within a host organisation where an officer works day to day."""

    organisation = models.ForeignKey(
        HostOrganisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="units",
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    city_zh_hant = _traditional(_("city (Traditional Chinese)"))
    city_zh_hans = _simplified(_("city (Simplified Chinese)"))
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    contacts = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact accounts"),
        blank=True,
        related_name="host_units",
        help_text=_("Sign-in accounts of the people at the unit who see its placements."),
    )
    capacity = models.PositiveSmallIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("How many officers it can take at one time; blank for no limit."),
    )
    history = audit_history(m2m_fields=[contacts])
    SEARCH_FIELDS = HOST_UNIT_SEARCH_FIELDS

    class Meta:
        ordering = ["organisation", "name_en"]
        indexes = [trigram_index(HOST_UNIT_SEARCH_FIELDS, name="host_unit_search_trgm")]
        verbose_name = _("host unit")
        verbose_name_plural = _("host units")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name_en"],
                name="host_unit_unique_name",
                violation_error_message=_("This organisation already has a unit of that name."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gt=0),
                name="host_unit_capacity_positive",
                violation_error_message=_("Capacity must be at least one, or blank."),
            ),
        ]

    def __str__(self):
        return self.name_with_organisation

    def get_absolute_url(self):
        return reverse("admin:placements_hostunit_change", args=[self.pk])

    localised_city = localised_property("city")

    def get_staff_url(self):
        """A unit has no staff page of its own: its organisation's page lists its placements."""
        return reverse("staff:host", args=[self.organisation_id])

    @property
    def name_with_organisation(self) -> str:
        """The unit and its organisation in the reader's order (福田管理局 of 深圳市生態環境局)."""
        return unit_at_organisation(self.name, self.organisation.name)


class FocusArea(TrilingualName):
    """A subject an exchange concentrates on, e.g. urban planning, transport."""

    code = models.SlugField(_("code"), max_length=40, unique=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")

    def __str__(self):
        return self.name
