"""`manage.py create_demo_accounts`: one sign-in account per role, for trying the portal.

Passwords are random and set only when an account is created; they are printed that once.
Later runs leave the passwords alone and say so; `--reset-passwords` sets and prints new ones.
Run `load_demo_data` first so the HR officer and the programme coordinator can be linked to
their department, the host-unit contacts, the participant and the partner coordinator to their
unit, officer record and government (a later run links them if the data arrives afterwards);
the partner coordinator is then recorded as having put forward their government's officers for
the inbound batch, and each host contact as having answered for their unit.
"""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.db import transaction

from demo import data
from exchange_portal.roles import sync_roles
from participants.models import Department, Participant, PartnerGovernment, UserProfile
from placements.models import HostUnit, Nomination, Placement

USER_FIELDS = ("first_name", "last_name", "email", "is_staff", "is_superuser")


def new_password(user) -> str:
    """16 URL-safe random characters that pass the project's password validators."""
    while True:
        password = secrets.token_urlsafe(12)
        try:
            validate_password(password, user)
        except ValidationError:
            continue
        return password


class Command(BaseCommand):
    help = (
        "Create the demo sign-in accounts, at least one per role (CSB programme manager, CSB "
        "viewer, programme coordinator, department HR officer, host-unit contact, participant, "
        "partner-government coordinator). Passwords are printed once, when an account is "
        "created."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Give every demo account a new random password and print them.",
        )

    def handle(self, *args, reset_passwords=False, **options):
        self.warnings = []
        with transaction.atomic():
            groups = self.ensure_groups()
            created, existing, passwords = [], [], {}
            for spec in data.DEMO_ACCOUNTS:
                user, was_created = self.ensure_account(spec, groups[spec["role"]])
                (created if was_created else existing).append(spec)
                if was_created or reset_passwords:
                    passwords[spec["username"]] = new_password(user)
                    user.set_password(passwords[spec["username"]])
                    user.save(update_fields=["password"])
        self.report(created, existing, passwords, reset_passwords)

    def ensure_groups(self) -> dict[str, Group]:
        """The role groups with their permissions (exchange_portal.roles)."""
        sync_roles()
        return {name: Group.objects.get(name=name) for name in data.ROLE_GROUPS}

    def ensure_account(self, spec: dict, group: Group):
        User = get_user_model()
        user = User.objects.filter(username=spec["username"]).first()
        created = user is None
        if created:
            user = User(username=spec["username"])
            user.set_unusable_password()
        changed = created
        for name in USER_FIELDS:
            if getattr(user, name) != spec[name]:
                setattr(user, name, spec[name])
                changed = True
        if changed:
            user.full_clean(exclude=["password"])
            user.save()
        if not user.groups.filter(pk=group.pk).exists():
            user.groups.add(group)
        if "department" in spec:
            self.link_department(user, spec["department"])
        if "host_unit" in spec:
            self.link_host_unit(user, spec["host_unit"])
        if "participant" in spec:
            self.link_participant(user, spec["participant"])
        if "partner" in spec:
            self.link_partner(user, spec["partner"])
        return user, created

    def link_partner(self, user, code: str):
        """A partner coordinator's government is on the profile, and their mail is in its
        language; the demo's nominations of its officers were put forward by them."""
        partner = PartnerGovernment.objects.filter(code=code).first()
        if partner is None:
            self.warnings.append(
                f"{user.username}: partner government {code} not found; run load_demo_data, "
                "then this command again, to link it."
            )
            return
        profile, _created = UserProfile.objects.get_or_create(
            user=user, defaults={"partner": partner, "language": partner.language}
        )
        if profile.partner_id != partner.pk:
            profile.partner = partner
            profile.full_clean()
            profile.save()
        Nomination.history.filter(
            history_type="+", history_user__isnull=True, participant__partner=partner
        ).update(history_user=user)

    def link_department(self, user, code: str):
        """A department HR officer's or programme coordinator's department is on the account
        profile (participants.UserProfile)."""
        department = Department.objects.filter(code=code).first()
        if department is None:
            self.warnings.append(
                f"{user.username}: department {code} not found; run load_demo_data, then this "
                "command again, to link it."
            )
            return
        profile, _created = UserProfile.objects.get_or_create(user=user)
        if profile.department_id != department.pk:
            profile.department = department
            profile.full_clean()
            profile.save()

    def link_host_unit(self, user, unit_key):
        organisation, name = unit_key
        unit = HostUnit.objects.filter(organisation__name_en=organisation, name_en=name).first()
        if unit is None:
            self.warnings.append(
                f"{user.username}: host unit {name} of {organisation} not found; run "
                "load_demo_data, then this command again, to link it."
            )
        else:
            if not unit.contacts.filter(pk=user.pk).exists():
                unit.contacts.add(user)
            self.record_host_answers(user, unit)

    def record_host_answers(self, user, unit):
        """The demo's accepted placements at the unit were answered by its demo contact
        (load_demo_data cannot name them: their account comes later)."""
        accepted = {
            "host_unit": unit,
            "host_response": Placement.HostResponse.ACCEPTED,
            "host_responded_by__isnull": True,
        }
        Placement.history.filter(**accepted).update(host_responded_by=user)
        Placement.objects.filter(**accepted).update(host_responded_by=user)

    def link_participant(self, user, staff_number: str):
        officer = Participant.objects.filter(staff_number=staff_number).first()
        if officer is None:
            self.warnings.append(
                f"{user.username}: officer {staff_number} not found; run load_demo_data, then "
                "this command again, to link it."
            )
        elif officer.user_id is None:
            officer.user = user
            officer.full_clean()
            officer.save()
        elif officer.user_id != user.pk:
            self.warnings.append(
                f"{user.username}: officer {officer} is already linked to another account."
            )

    def report(self, created, existing, passwords, reset_passwords):
        write = self.stdout.write
        if passwords:
            if reset_passwords:
                write(self.style.SUCCESS("New passwords for the demo accounts:"))
            else:
                write(self.style.SUCCESS(f"Created {len(created)} demo account(s):"))
            shown = [spec for spec in data.DEMO_ACCOUNTS if spec["username"] in passwords]
            rows = [("Username", "Role", "Password")] + [
                (spec["username"], spec["role"], passwords[spec["username"]]) for spec in shown
            ]
            widths = [max(len(row[i]) for row in rows) for i in range(3)]
            for row in rows:
                write(
                    "  "
                    + "  ".join(
                        cell.ljust(width) for cell, width in zip(row, widths, strict=True)
                    ).rstrip()
                )
            write("These passwords are shown only now; note them before you close this window.")
        if existing and not reset_passwords:
            names = ", ".join(spec["username"] for spec in existing)
            write(f"Demo accounts already exist: {names}. Their passwords are unchanged.")
            write(
                "To set and print new passwords, run: "
                "manage.py create_demo_accounts --reset-passwords"
            )
        for warning in self.warnings:
            write(self.style.WARNING(warning))
