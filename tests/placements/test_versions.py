"""Two editors, one placement: the second save, made to a copy that is no longer current, is
refused and told what changed; nothing is silently overwritten (issue 7.1)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from placements import services
from placements.models import Placement
from tests.conftest import make_user
from tests.placements.factories import PlacementFactory
from tests.placements.test_races import at_once

pytestmark = pytest.mark.django_db


@pytest.fixture
def editors(django_user_model):
    return (
        make_user(django_user_model, "alice", "csb_manager"),
        make_user(django_user_model, "bob", "csb_manager"),
    )


def test_a_save_over_a_newer_change_is_refused_naming_it(editors):
    alice, bob = editors
    placement = PlacementFactory(role_title="Special Assistant")
    opened = placement.version

    services.placement_update(
        placement=placement, actor=alice, expected_version=opened, role_title="Policy Officer"
    )
    with pytest.raises(ValidationError) as refused:
        services.placement_update(
            placement=placement, actor=bob, expected_version=opened, supervisor_name="Ms Wong"
        )

    assert refused.value.error_list[0].code == "stale"
    message = refused.value.messages[0]
    assert "changed since you opened it (by alice)" in message
    assert "role title: Special Assistant → Policy Officer" in message
    placement.refresh_from_db()
    assert placement.role_title == "Policy Officer"
    assert placement.supervisor_name == ""
    assert placement.version == opened + 1


def test_a_transition_since_opening_also_counts(editors):
    alice, bob = editors
    placement = PlacementFactory()
    opened = placement.version
    services.PLACEMENT_SERVICES["confirm"](placement=placement, actor=alice)
    with pytest.raises(ValidationError) as refused:
        services.placement_update(
            placement=placement, actor=bob, expected_version=opened, duties="New duties"
        )
    assert "status: Proposed → Confirmed" in refused.value.messages[0]


def test_a_status_change_over_a_newer_edit_is_refused_and_changes_nothing(editors):
    alice, bob = editors
    placement = PlacementFactory()
    opened = placement.version
    services.placement_update(placement=placement, actor=alice, duties="Casework")
    with pytest.raises(ValidationError) as refused:
        services.PLACEMENT_SERVICES["confirm"](
            placement=placement, actor=bob, expected_version=opened
        )
    assert refused.value.error_list[0].code == "stale"
    assert "changed since you opened it (by alice)" in refused.value.messages[0]
    assert "duty statement: — → Casework" in refused.value.messages[0]
    placement.refresh_from_db()
    assert (placement.status, placement.version) == (Placement.Status.PROPOSED, opened + 1)


def test_the_admin_form_carries_the_opened_version_and_shows_the_refusal(client, editors):
    alice, bob = editors
    placement = PlacementFactory(role_title="Special Assistant")
    url = reverse("admin:placements_placement_change", args=[placement.pk])
    client.force_login(bob)
    page = client.get(url)
    form = page.context["adminform"].form
    assert form.initial.get("opened_version", form.fields["opened_version"].initial) == (
        placement.version
    )
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        data[name] = (
            [v.pk if hasattr(v, "pk") else v for v in value] if isinstance(value, list) else value
        )
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()

    # Alice saves first, through the service, while Bob's page is open.
    services.placement_update(placement=placement, actor=alice, role_title="Policy Officer")

    data["duties"] = "Bob's duties"
    response = client.post(url, data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "changed since you opened it (by alice)" in text
    assert "Special Assistant → Policy Officer" in text
    placement.refresh_from_db()
    assert placement.duties != "Bob's duties"

    # Opened again, the page carries the new version and Bob's save goes through.
    data["opened_version"] = placement.version
    data["role_title"] = placement.role_title
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    placement.refresh_from_db()
    assert placement.duties == "Bob's duties"
    assert placement.role_title == "Policy Officer"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_editors_saving_at_once_one_wins_and_history_shows_it(editors):
    alice, bob = editors
    placement = PlacementFactory()
    opened = placement.version
    results = at_once(
        lambda: services.placement_update(
            placement=placement, actor=alice, expected_version=opened, duties="Alice's"
        ),
        lambda: services.placement_update(
            placement=placement, actor=bob, expected_version=opened, duties="Bob's"
        ),
    )
    won = [r for r in results if isinstance(r, Placement)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(won) == 1 and len(refused) == 1, results
    assert "changed since you opened it" in refused[0].messages[0]
    placement.refresh_from_db()
    assert placement.version == opened + 1
    assert placement.duties == won[0].duties
    assert placement.history.filter(version=opened + 1).count() == 1
