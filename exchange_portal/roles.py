"""The portal's roles: which Django group each is, which permissions it carries, how to tell a
user's role, the named sets of roles that views and admins allow, and how far each role reaches
into the scoped models (`REACH`, applied by `exchange_portal.scoping`). `sync_roles()` is
idempotent; it runs after every `migrate` and as `manage.py sync_roles`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db.models import prefetch_related_objects
from django.utils.translation import gettext_lazy as _

PORTAL_APPS = ("participants", "programmes", "placements")
# CSB programme managers keep the sign-in accounts (roles are groups, the HR officer's
# department is on the profile); the account admin keeps superuser rights out of their reach.
# The outbox of e-mails: CSB staff read it; programme managers may send failed ones again.
OUTBOX_VIEW = "notifications.view_outboundemail"
OUTBOX_RETRY = "notifications.retry_outboundemail"
MANAGER_ACCOUNT_PERMISSIONS = {
    "auth.view_user",
    "auth.add_user",
    "auth.change_user",
    "auth.view_group",
}


class Role(StrEnum):
    ANONYMOUS = "anonymous"
    PARTICIPANT = "participant"
    HOST_CONTACT = "host_contact"
    PARTNER_COORDINATOR = "partner_coordinator"
    DEPARTMENT_HR = "department_hr"
    PROGRAMME_COORDINATOR = "programme_coordinator"
    CSB_VIEWER = "csb_viewer"
    CSB_MANAGER = "csb_manager"


# The sets of roles that views, feeds, imports and the API allow: named once here, imported
# everywhere (no other module spells out a set of roles).
EVERYONE = frozenset(Role)
SIGNED_IN = EVERYONE - {Role.ANONYMOUS}
CSB = frozenset({Role.CSB_MANAGER, Role.CSB_VIEWER})
# Who runs programmes: CSB managers all of them, an organising department's coordinators
# those their department organises (the scope narrows the rows, not the screens).
RUNNERS = frozenset({Role.CSB_MANAGER, Role.PROGRAMME_COORDINATOR})
# Who reads every programme screen: CSB staff, and coordinators for their own programmes.
PROGRAMME_READERS = CSB | {Role.PROGRAMME_COORDINATOR}
CSB_AND_HR = CSB | {Role.DEPARTMENT_HR}
# Who reads what the programmes cost (figures/costs.py): CSB staff, and coordinators for their
# department's programmes; not department HR (a programme's money is not a department's).
COST_READERS = PROGRAMME_READERS
# The staff screens, the admin and the API: the government's own staff.
STAFF = CSB_AND_HR | {Role.PROGRAMME_COORDINATOR}
MANAGERS = frozenset({Role.CSB_MANAGER})
# Who acts on nominations and places officers from the staff screens, and imports officers
# and nominations in the admin.
ACTORS = frozenset({Role.CSB_MANAGER, Role.DEPARTMENT_HR, Role.PROGRAMME_COORDINATOR})
PARTICIPANTS = frozenset({Role.PARTICIPANT})
HOST_CONTACTS = frozenset({Role.HOST_CONTACT})
PARTNER_COORDINATORS = frozenset({Role.PARTNER_COORDINATOR})
# Department HR's own home page (their calls and nominations).
DEPARTMENT_HRS = frozenset({Role.DEPARTMENT_HR})
# Who uploads a placement's documents on the staff placement page (decision 0056): department
# HR those HR provides for their officers, CSB managers those CSB provides.
STAFF_DOCUMENT_PROVIDERS = frozenset({Role.DEPARTMENT_HR, Role.CSB_MANAGER})
# The feed of one's own placements: a participant's, or those at a host contact's units.
OWN_FEED_ROLES = PARTICIPANTS | HOST_CONTACTS

GROUP_NAMES = {
    Role.CSB_MANAGER: "CSB programme manager",
    Role.CSB_VIEWER: "CSB viewer",
    Role.PROGRAMME_COORDINATOR: "Programme coordinator (organising department)",
    Role.DEPARTMENT_HR: "Department HR officer",
    Role.PARTNER_COORDINATOR: "Partner-government coordinator",
    Role.HOST_CONTACT: "Host-unit contact",
    Role.PARTICIPANT: "Participant",
}
ROLE_LABELS = {
    Role.ANONYMOUS: _("Member of the public"),
    Role.PARTICIPANT: _("Participant"),
    Role.HOST_CONTACT: _("Host-unit contact"),
    Role.PARTNER_COORDINATOR: _("Partner-government coordinator"),
    Role.DEPARTMENT_HR: _("Department HR officer"),
    Role.PROGRAMME_COORDINATOR: _("Programme coordinator"),
    Role.CSB_VIEWER: _("CSB viewer"),
    Role.CSB_MANAGER: _("CSB programme manager"),
}

# Records with a history are withdrawn or purged by the retention command, never deleted by hand.
NEVER_DELETED = {
    "participant",
    "nomination",
    "placement",
    "placementreport",
    "placementamendment",
    "returnfollowup",
    "userprofile",
}

HR_PERMISSIONS = {
    "participants.view_department",
    "participants.view_grade",
    "participants.view_language",
    "participants.view_participant",
    "participants.add_participant",
    "participants.change_participant",
    "programmes.view_programme",
    "programmes.view_cohort",
    "programmes.view_cohortquota",
    "placements.view_hostorganisation",
    "placements.view_hostunit",
    "placements.view_focusarea",
    "placements.view_nomination",
    "placements.add_nomination",
    "placements.change_nomination",
    "placements.view_placement",
    "placements.view_placementreport",
    "placements.view_placementamendment",
    # What their own officers' placements cost (decision 0049).
    "placements.view_placementcost",
    "placements.view_returnfollowup",
}


# A partner-government coordinator puts forward their own officers for an inbound batch and
# reads what became of them.
PARTNER_PERMISSIONS = {
    "participants.view_language",
    "participants.view_participant",
    "participants.add_participant",
    "participants.change_participant",
    "programmes.view_programme",
    "programmes.view_cohort",
    "programmes.view_partneragreement",
    "placements.view_hostorganisation",
    "placements.view_hostunit",
    "placements.view_nomination",
    "placements.add_nomination",
    "placements.change_nomination",
    "placements.view_placement",
}
HOST_PERMISSIONS = {"placements.respond_placement"}

# A programme coordinator runs their department's programmes as a CSB manager runs all: every
# portal permission of a manager but the reference lists CSB keeps (departments, grades,
# partner governments, host organisations and units, focus areas) and agreements.
COORDINATOR_READ_ONLY = {
    "department",
    "grade",
    "language",
    "partnergovernment",
    "hostorganisation",
    "hostunit",
    "focusarea",
    "partneragreement",
    # The money CSB holds: budgets and what placements cost (decision 0049); coordinators read.
    "budget",
    "placementcost",
}


# What only the bureau itself does: erasing an officer's personal data on request (the data
# user under the Ordinance is CSB), merging two records of one officer (decision 0042),
# approving a cost that takes a programme beyond its budget (decision 0049), and deciding
# whether a long appointment is renewed (decision 0057).
CSB_ONLY = {
    "erase_participant",
    "merge_participant",
    "approve_over_budget",
    "add_renewaldecision",
    "change_renewaldecision",
}


def _permissions():
    """The permissions roles are made of: the portal apps' (not their history models') and
    the account permissions a programme manager needs."""
    from django.contrib.auth.models import Permission
    from django.db.models import Q

    accounts = Q(
        content_type__app_label="auth",
        codename__in=[p.split(".")[1] for p in MANAGER_ACCOUNT_PERMISSIONS],
    )
    outbox = Q(content_type__app_label="notifications")
    return (
        Permission.objects.filter(Q(content_type__app_label__in=PORTAL_APPS) | accounts | outbox)
        .exclude(content_type__model__startswith="historical")
        .select_related("content_type")
    )


def permissions_for(role: Role) -> set[str]:
    """The permissions ('app.codename') a role's group carries."""
    every = {f"{p.content_type.app_label}.{p.codename}": p for p in _permissions()}
    portal = {name: p for name, p in every.items() if p.content_type.app_label in PORTAL_APPS}
    if role == Role.CSB_MANAGER:
        return {
            name
            for name, p in portal.items()
            if not (p.codename.startswith("delete_") and p.content_type.model in NEVER_DELETED)
        } | ((MANAGER_ACCOUNT_PERMISSIONS | {OUTBOX_VIEW, OUTBOX_RETRY}) & set(every))
    if role == Role.CSB_VIEWER:
        return {name for name, p in portal.items() if p.codename.startswith("view_")} | (
            {OUTBOX_VIEW} & set(every)
        )
    if role == Role.PROGRAMME_COORDINATOR:
        return {
            name
            for name, p in portal.items()
            if not p.codename.startswith("delete_")
            and p.codename not in CSB_ONLY
            and (
                p.codename.startswith("view_") or p.content_type.model not in COORDINATOR_READ_ONLY
            )
        }
    if role == Role.DEPARTMENT_HR:
        return HR_PERMISSIONS & set(portal)
    if role == Role.PARTNER_COORDINATOR:
        return PARTNER_PERMISSIONS & set(portal)
    if role == Role.HOST_CONTACT:
        return HOST_PERMISSIONS & set(portal)
    return set()


def sync_roles(sender=None, **kwargs) -> None:
    """Create the role groups and set exactly their permissions. Safe to run any number of
    times; takes back permissions a role no longer has."""
    from django.contrib.auth.models import Group

    if sender is not None and getattr(sender, "label", None) not in PORTAL_APPS:
        return

    every = {f"{p.content_type.app_label}.{p.codename}": p for p in _permissions()}
    if not every:  # before the first migrate has created permissions
        return
    for role, name in GROUP_NAMES.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set([every[n] for n in sorted(permissions_for(role))])


def role_of(user) -> Role:
    """The one role a user acts in. Superusers count as CSB programme managers."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Role.ANONYMOUS
    if user.is_superuser:
        return Role.CSB_MANAGER
    # Asked several times a request (access, scope, menus): the groups are read once per user
    # object. Adding or removing a group through the object forgets them (Django's prefetch
    # cache); each request loads its user afresh.
    prefetch_related_objects([user], "groups")
    names = {g.name for g in user.groups.all()}
    for role in (
        Role.CSB_MANAGER,
        Role.CSB_VIEWER,
        Role.PROGRAMME_COORDINATOR,
        Role.DEPARTMENT_HR,
        Role.PARTNER_COORDINATOR,
        Role.HOST_CONTACT,
        Role.PARTICIPANT,
    ):
        if GROUP_NAMES[role] in names:
            return role
    return Role.ANONYMOUS


NO_DEPARTMENT = 0  # matches no row: an HR officer not yet tied to a department sees nothing
NO_PARTNER = 0  # likewise for a partner coordinator not yet tied to a government
# The roles tied to one department through their profile.
DEPARTMENT_ROLES = frozenset({Role.DEPARTMENT_HR, Role.PROGRAMME_COORDINATOR})


def department_scope(user) -> int | None:
    """None when the user sees every department (CSB roles); otherwise the one department id
    a department HR officer or programme coordinator is tied to (NO_DEPARTMENT if none is set
    yet)."""
    if role_of(user) not in DEPARTMENT_ROLES:
        return None
    profile = getattr(user, "profile", None)
    department_id = profile.department_id if profile is not None else None
    return department_id or NO_DEPARTMENT


def partner_scope(user) -> int:
    """The partner government a partner coordinator acts for (NO_PARTNER if none is set)."""
    profile = getattr(user, "profile", None)
    partner_id = profile.partner_id if profile is not None else None
    return partner_id or NO_PARTNER


@dataclass(frozen=True)
class Reach:
    """How far a role sees into a scoped model (`exchange_portal.scoping`): the rows whose path
    named `anchor` in the model's `scope_paths` leads, through `lookup`, to `value(user)`.
    `anchor=None` is every row."""

    anchor: str | None
    lookup: str = ""
    value: Callable[[Any], Any] | None = None


EVERY_ROW = Reach(anchor=None)

# One entry per role; a role without one (the public) sees no row of a scoped model. A new
# role adds its entry here and its anchor to the `scope_paths` of the models it may see.
REACH: dict[Role, Reach | tuple[Reach, ...]] = {
    Role.CSB_MANAGER: EVERY_ROW,
    Role.CSB_VIEWER: EVERY_ROW,
    # The department's own records: `<path>=<department id>` (NO_DEPARTMENT matches none), and
    # the inbound officers placed in its units.
    Role.DEPARTMENT_HR: (
        Reach("department", "", department_scope),
        Reach("receiving", "", department_scope),
    ),
    # What the coordinator's department organises (and every department, to nominate from).
    Role.PROGRAMME_COORDINATOR: Reach("organiser", "", department_scope),
    # The partner government's own officers, agreements and inbound batches.
    Role.PARTNER_COORDINATOR: Reach("partner", "", partner_scope),
    # Placements at the contact's units: `<path>__contacts=<user>`.
    Role.HOST_CONTACT: Reach("host_unit", "contacts", lambda user: user),
    # The participant's own records: `<path>__user=<user>`.
    Role.PARTICIPANT: Reach("participant", "user", lambda user: user),
}
