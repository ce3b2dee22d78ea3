"""Writes for officers, departments and grades."""

import copy

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from exchange_portal.roles import GROUP_NAMES, Role, department_scope, role_of
from exchange_portal.services import (
    assign_fields,
    require,
    require_permission,
    save_with_history,
)

from .models import Participant, UserProfile
from .selectors import SAME_STAFF_NUMBER, LikelyMatch, likely_duplicates

# Set by the system, never by a form.
PROTECTED_FIELDS = {"user", "created_at", "updated_at"}


def check_participant(participant: Participant, *, scope, stored_department_id=None) -> None:
    """The rules on who an officer is and who may record them, without touching the database:
    participant_save and the participant import both apply them. `scope` is the actor's
    department scope; `stored_department_id` the department an existing officer has now."""
    if scope is not None and participant.pk is not None:
        # Department HR edit only their own officers, and cannot move one elsewhere.
        require(stored_department_id == scope, _("This officer is not in your department."))
    if scope is not None:
        require(
            participant.origin == Participant.Origin.HONG_KONG
            and participant.department_id == scope,
            _("You can only add and edit officers of your own department."),
            field="department",
        )
    if participant.origin == Participant.Origin.HONG_KONG:
        require(
            participant.department_id is not None,
            _("A Hong Kong civil servant needs a department."),
            field="department",
        )
    else:
        require(
            bool(participant.home_organisation.strip()),
            _("A partner-government officer needs a home organisation."),
            field="home_organisation",
        )
        require(
            participant.department_id is None and not participant.staff_number,
            _("A partner-government officer has no Hong Kong department or staff number."),
            field="department",
        )


# The key of the PostgreSQL advisory lock every creation of an officer takes (issue 17).
NEW_OFFICER_LOCK = 17_0017
# What a screen, an import or the API says to record a new officer despite likely matches.
DIFFERENT_PERSON = "new"


def participant_creation_lock() -> None:
    """Serialise the recording of new officers: two transactions that would each find no
    duplicate and then record the same person take turns, and the second finds the first's
    officer. A transaction-level advisory lock on PostgreSQL (released at commit or rollback);
    SQLite lets one writer at a time anyway. Call it inside the transaction, before looking."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [NEW_OFFICER_LOCK])


class LikelyDuplicate(ValidationError):
    """The refusal to record an officer who is likely already recorded (code
    "likely_duplicate", on the field `duplicate_choice`). `matches` (LikelyMatch) are what the
    screens offer to choose from; the user says which is the same person, or that it is a
    different person (DIFFERENT_PERSON)."""

    def __init__(self, matches: list[LikelyMatch]):
        self.matches = list(matches)
        super().__init__(
            {
                "duplicate_choice": ValidationError(
                    _(
                        "This officer may already be recorded: %(matches)s. Choose whether "
                        "this is the same person or a different person; nothing was saved."
                    )
                    % {"matches": "; ".join(match.describe() for match in self.matches)},
                    code="likely_duplicate",
                )
            }
        )


def resolve_duplicate_choice(
    candidate: Participant, *, actor, duplicate_choice: str = ""
) -> Participant | None:
    """Before recording `candidate`: None to record it as a new officer (no likely match, or
    the user said it is a different person); the recorded officer the user chose as the same
    person (one of the matches in their reach, locked); otherwise LikelyDuplicate."""
    participant_creation_lock()
    matches = likely_duplicates(candidate, user=actor)
    choice = str(duplicate_choice or "").strip()
    if choice == DIFFERENT_PERSON or not matches:
        if choice == DIFFERENT_PERSON:
            # A staff number is one person's alone, whatever the user says: its constraint
            # would refuse it, named here first (a partner's reference is refused likewise,
            # by its own constraint, when the record is validated).
            for match in matches:
                require(
                    SAME_STAFF_NUMBER not in match.reasons,
                    _("Another officer already has this staff number."),
                    field="staff_number",
                )
        return None
    chosen = next((m for m in matches if m.in_reach and str(m.pk) == choice), None)
    if chosen is None:
        raise LikelyDuplicate(matches)
    return Participant.objects.select_for_update().get(pk=chosen.pk)


@transaction.atomic
def participant_save(
    *, participant: Participant, actor, duplicate_choice: str = "", **fields
) -> Participant:
    """Create or edit an officer. A Hong Kong civil servant needs a department; a partner
    officer needs a home organisation and has no Hong Kong department, grade or staff number.

    A new officer likely already recorded (participants.selectors.likely_duplicates) is
    refused (LikelyDuplicate) until `duplicate_choice` says who they are: DIFFERENT_PERSON
    records them anyway; the id of a match in reach records nothing new, and fills that
    officer's blank details from `fields` instead (their recorded details stay)."""
    adding = participant.pk is None
    if adding:
        require_permission(actor, "participants.add_participant")
        candidate = copy.copy(participant)
        assign_fields(candidate, fields, protected=PROTECTED_FIELDS)
        same = resolve_duplicate_choice(candidate, actor=actor, duplicate_choice=duplicate_choice)
        if same is not None:
            blanks = {
                name: value
                for name, value in fields.items()
                if value not in ("", None) and getattr(same, name, "") in ("", None)
            }
            return participant_save(participant=same, actor=actor, **blanks)
    require_permission(
        actor, "participants.add_participant" if adding else "participants.change_participant"
    )
    # The department itself is the subject: which department an HR officer may record an
    # officer in (the officers they may read are `Participant.objects.visible_to`).
    scope = department_scope(actor)
    stored = None
    if scope is not None and not adding:
        stored = (
            Participant.objects.filter(pk=participant.pk)
            .values_list("department_id", flat=True)
            .first()
        )
    assign_fields(participant, fields, protected=PROTECTED_FIELDS)
    check_participant(participant, scope=scope, stored_department_id=stored)
    return save_with_history(participant, actor=actor)


def set_password_link(user) -> str:
    """An absolute one-time link to choose a password (Django's password-reset token: it stops
    working once the password is set or after PASSWORD_RESET_TIMEOUT)."""
    path = reverse(
        "password_set",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def account_send_invitation(*, user, language: str = "en") -> None:
    """E-mail a set-password link, in the person's language, once the transaction commits."""

    def send():
        with translation.override(language):
            context = {"user": user, "link": set_password_link(user)}
            subject = str(_("Your Exchange Portal account"))
            body = render_to_string("registration/invitation_email.txt", context)
        send_mail(subject, body, None, [user.email])

    transaction.on_commit(send)


@transaction.atomic
def participant_invite(*, participant: Participant, actor) -> Participant:
    """Give an officer a sign-in account for the participant portal (or re-send the link)."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    require(bool(participant.email), _("The officer has no e-mail address."), field="email")
    user = participant.user
    if user is None:
        User = get_user_model()
        username = participant.email.lower()
        require(
            not User.objects.filter(username__iexact=username).exists(),
            _("An account with the e-mail address %(email)s already exists.")
            % {"email": participant.email},
            field="email",
        )
        user = User.objects.create_user(username=username, email=participant.email)
        user.set_unusable_password()
        user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=GROUP_NAMES[Role.PARTICIPANT]))
        participant.user = user
        participant._history_user = actor
        participant._change_reason = "invite to the participant portal"
        participant.save(update_fields=["user", "updated_at"])
    require(user.is_active, _("This officer's account is disabled."), field="email")
    profile, _created = UserProfile.objects.get_or_create(user=user)
    account_send_invitation(user=user, language=profile.language)
    return participant


# Who records an officer's working languages: CSB managers for every officer, department HR
# for their own department's.
LANGUAGE_EDITORS = frozenset({Role.CSB_MANAGER, Role.DEPARTMENT_HR})


def may_set_languages(actor, participant: Participant) -> bool:
    if role_of(actor) not in LANGUAGE_EDITORS:
        return False
    if not actor.has_perm("participants.change_participant"):
        return False
    scope = department_scope(actor)
    return scope is None or participant.department_id == scope


@transaction.atomic
def participant_set_languages(*, participant: Participant, actor, languages) -> Participant:
    """The officer's working languages, replaced by `languages` (one history row)."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if not may_set_languages(actor, participant):
        raise PermissionDenied(_("You may not change this officer's languages."))
    wanted = {language.pk for language in languages}
    if wanted == set(participant.languages.values_list("pk", flat=True)):
        return participant
    participant._history_user = actor
    participant.languages.set(wanted)
    return participant
