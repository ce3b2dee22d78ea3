"""Each role's group carries exactly its permissions, and `sync_roles` keeps them so however
often it runs."""

import pytest
from django.contrib.auth.models import Group, Permission

from exchange_portal.roles import GROUP_NAMES, Role, permissions_for, sync_roles
from exchange_portal.views import ROLE_HOMES

pytestmark = pytest.mark.django_db


def test_a_coordinator_runs_programmes_but_keeps_off_csbs_lists_and_never_deletes():
    granted = permissions_for(Role.PROGRAMME_COORDINATOR)
    for model in ("programmes.programme", "programmes.cohort", "placements.nomination"):
        app, name = model.split(".")
        assert {f"{app}.add_{name}", f"{app}.change_{name}", f"{app}.view_{name}"} <= granted
    assert {"placements.add_placement", "placements.change_placementamendment"} <= granted
    assert not any(".delete_" in p for p in granted)
    # The reference lists CSB keeps, and the agreements: read only.
    for model in ("department", "grade", "hostorganisation", "hostunit", "partneragreement"):
        assert not any(p.endswith((f".add_{model}", f".change_{model}")) for p in granted)
        assert any(p.endswith(f".view_{model}") for p in granted)
    # No accounts, no outbox.
    assert not any(p.startswith(("auth.", "notifications.")) for p in granted)


def test_a_partner_coordinator_puts_forward_officers_and_reads_the_rest():
    granted = permissions_for(Role.PARTNER_COORDINATOR)
    assert {
        "participants.add_participant",
        "placements.add_nomination",
        "placements.view_placement",
        "programmes.view_cohort",
        "programmes.view_partneragreement",
    } <= granted
    assert not any(p.split(".")[1].startswith(("delete_",)) for p in granted)
    for changed in ("programme", "cohort", "placement", "partneragreement"):
        assert not any(p.endswith((f".add_{changed}", f".change_{changed}")) for p in granted)
    assert not any(p.startswith(("auth.", "notifications.")) for p in granted)
    # A Hong Kong department's reference lists are not theirs.
    assert "participants.view_department" not in granted


def test_host_contacts_may_answer_a_proposed_placement_and_nothing_more():
    assert permissions_for(Role.HOST_CONTACT) == {"placements.respond_placement"}
    assert permissions_for(Role.PARTICIPANT) == set()
    assert permissions_for(Role.ANONYMOUS) == set()


def group_permissions():
    return {
        group.name: {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        for group in Group.objects.prefetch_related("permissions__content_type")
    }


def test_sync_roles_gives_every_role_exactly_its_permissions_however_often_it_runs():
    sync_roles()
    first = group_permissions()
    sync_roles()
    assert group_permissions() == first
    assert Group.objects.count() == len(GROUP_NAMES)
    for role, name in GROUP_NAMES.items():
        assert first[name] == permissions_for(role), role


def test_sync_roles_takes_back_a_permission_a_role_no_longer_has():
    sync_roles()
    group = Group.objects.get(name=GROUP_NAMES[Role.PARTNER_COORDINATOR])
    group.permissions.add(Permission.objects.get(codename="delete_programme"))
    sync_roles()
    assert "programmes.delete_programme" not in group_permissions()[group.name]


@pytest.mark.parametrize("role", sorted(set(Role) - {Role.ANONYMOUS}))
def test_every_signed_in_role_has_a_group_and_a_start_page(role):
    assert role in GROUP_NAMES
    assert role in ROLE_HOMES
