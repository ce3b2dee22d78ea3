"""Reads for notifications: who receives a message, and the outbox."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import translation

from exchange_portal.roles import GROUP_NAMES, Role

from .models import OutboundEmail


def _language(code: str | None) -> str:
    """A language the portal has (settings.LANGUAGES), else the default."""
    known = {language for language, _label in settings.LANGUAGES}
    return code if code in known else settings.LANGUAGE_CODE


@dataclass(frozen=True)
class Recipient:
    """Who a message goes to and the language it is written in."""

    email: str
    name: str = ""
    language: str = "en"

    def __post_init__(self):
        object.__setattr__(self, "email", self.email.strip())
        # A name goes into the To header: one line, however it was typed.
        object.__setattr__(self, "name", " ".join(self.name.split()))
        object.__setattr__(self, "language", _language(self.language))


def _user_language(user) -> str:
    profile = getattr(user, "profile", None)  # a missing profile raises an AttributeError
    return profile.language if profile is not None else "en"


def recipient_for_user(user) -> Recipient | None:
    """A sign-in account as a recipient, in the language of its profile; None for an account
    that is disabled or has no e-mail address (notify() leaves out None)."""
    if user is None or not user.is_active or not user.email:
        return None
    return Recipient(
        email=user.email,
        name=user.get_full_name() or user.get_username(),
        language=_user_language(user),
    )


def recipient_for_participant(participant) -> Recipient:
    """The officer, at the address on their participant record (kept up to date by HR; the
    account's address is only a copy made at invitation), in the language stored on the
    person (a partner officer's is set from their government's when they are put forward),
    else their account's, else English."""
    user = participant.user
    language = participant.language or (_user_language(user) if user is not None else "en")
    name = participant.name_en
    if language.startswith("zh"):
        with translation.override(language):
            name = participant.display_name
    return Recipient(email=participant.email, name=name, language=language)


def _active_users_in(role: Role):
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=GROUP_NAMES[role])
        .exclude(email="")
        .select_related("profile")
        .order_by("pk")
    )


def recipients_for_department_hr(department) -> list[Recipient]:
    """The department HR officers of one department (active accounts with an address)."""
    users = _active_users_in(Role.DEPARTMENT_HR).filter(profile__department=department)
    return [recipient_for_user(user) for user in users]


def recipients_for_all_department_hr() -> list[Recipient]:
    """Every department's HR officers, in one query (a call is open to all departments)."""
    users = _active_users_in(Role.DEPARTMENT_HR).filter(profile__department__isnull=False)
    return [recipient_for_user(user) for user in users]


def recipients_for_partner_coordinators(partner_id) -> list[Recipient]:
    """The coordinators of one partner government (active accounts with an address), each in
    their profile's language."""
    users = _active_users_in(Role.PARTNER_COORDINATOR).filter(profile__partner_id=partner_id)
    return [recipient_for_user(user) for user in users]


def recipients_for_csb() -> list[Recipient]:
    """The CSB programme managers (active accounts with an address)."""
    return [recipient_for_user(user) for user in _active_users_in(Role.CSB_MANAGER)]


def recipients_for_programme_coordinators(department) -> list[Recipient]:
    """The programme coordinators of an organising department (active accounts with an
    address)."""
    users = _active_users_in(Role.PROGRAMME_COORDINATOR).filter(profile__department=department)
    return [recipient_for_user(user) for user in users]


def recipients_for_host_unit(unit) -> list[Recipient]:
    """The unit's contact accounts; when it has none that can receive mail, the contact person
    written on the unit, in English."""
    users = (
        unit.contacts.filter(is_active=True)
        .exclude(email="")
        .select_related("profile")
        .order_by("pk")
    )
    recipients = [recipient_for_user(user) for user in users]
    if not recipients and unit.contact_email:
        recipients = [Recipient(email=unit.contact_email, name=unit.contact_name, language="en")]
    return recipients


def outbound_emails_for_staff():
    """The outbox as staff list it."""
    return OutboundEmail.objects.all()


def outbound_emails_about(obj):
    """The messages sent (or to be sent) about one record, newest first."""
    return OutboundEmail.objects.about(obj)


# Many at once, for a message to a whole cohort (one query each, however many departments,
# governments or units): (the department's, government's or unit's id, recipient).


def recipients_for_departments_hr(department_ids) -> list[tuple[int, Recipient]]:
    """The HR officers of these departments, each with their department's id."""
    users = _active_users_in(Role.DEPARTMENT_HR).filter(profile__department__in=department_ids)
    return [(user.profile.department_id, recipient_for_user(user)) for user in users]


def recipients_for_partners_coordinators(partner_ids) -> list[tuple[int, Recipient]]:
    """The coordinators of these partner governments, each with their government's id."""
    users = _active_users_in(Role.PARTNER_COORDINATOR).filter(profile__partner__in=partner_ids)
    return [(user.profile.partner_id, recipient_for_user(user)) for user in users]


def recipients_for_host_units(units) -> list[tuple[int, Recipient]]:
    """What `recipients_for_host_unit` gives for each of `units`, with the unit's id."""
    contacts = (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .select_related("profile")
        .order_by("pk")
    )
    prefetch_related_objects(
        list(units), Prefetch("contacts", queryset=contacts, to_attr="mail_contacts")
    )
    found = []
    for unit in units:
        recipients = [recipient_for_user(user) for user in unit.mail_contacts]
        if not recipients and unit.contact_email:
            recipients = [
                Recipient(email=unit.contact_email, name=unit.contact_name, language="en")
            ]
        found += [(unit.pk, recipient) for recipient in recipients]
    return found
