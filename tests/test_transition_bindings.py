"""One binding per state table (`<app>/transitions.py`), and every entry point built from it:
a state table without a binding, a second binding of the same table, or a ModelAdmin with status
actions of its own fails here."""

from importlib import import_module

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from exchange_portal.admin_workflow import WorkflowActionsMixin
from exchange_portal.transitions import TransitionSet
from exchange_portal.workflow import Workflow
from placements.models import Placement
from tests.placements.factories import PlacementFactory


def module_values(name: str, kind: type) -> list:
    """Every `kind` defined in the `name` module of each installed app."""
    found = []
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.{name}":
                raise
            continue
        found += [value for value in vars(module).values() if isinstance(value, kind)]
    return found


WORKFLOWS = module_values("workflow", Workflow)
BINDINGS = module_values("transitions", TransitionSet)


def test_every_state_table_has_exactly_one_binding():
    assert len(WORKFLOWS) == 7  # so that the walk above cannot come back empty
    for workflow in WORKFLOWS:
        bound = [b for b in BINDINGS if b.workflow is workflow]
        assert len(bound) == 1, f"{workflow.model_label} is bound {len(bound)} times"
    assert {id(b.workflow) for b in BINDINGS} <= {id(w) for w in WORKFLOWS}


def test_every_admin_with_status_actions_takes_them_from_the_binding():
    by_model = {b.workflow.model_label: b for b in BINDINGS}
    with_actions = set()
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label
        actions = {getattr(a, "__name__", "") for a in model_admin.actions or ()}
        if label in by_model or any(name.startswith("transition_") for name in actions):
            assert isinstance(model_admin, WorkflowActionsMixin), label
            assert model_admin.transitions is by_model[label], label
            names = {f"transition_{t.name}" for t in by_model[label].workflow.transitions}
            assert names <= actions, label
            with_actions.add(label)
    assert with_actions == set(by_model)


@pytest.mark.django_db
def test_the_admin_refuses_a_reason_over_its_length_and_says_so(client, csb_manager):
    placement = PlacementFactory(status=Placement.Status.CONFIRMED)
    client.force_login(csb_manager)

    response = client.post(
        reverse("admin:placements_placement_changelist"),
        {
            "action": "transition_withdraw",
            "_selected_action": [placement.pk],
            "index": "0",
            "post": "yes",
            "reason": "x" * 4001,
        },
    )

    assert response.status_code == 200
    assert "admin/transition_reason.html" in [t.name for t in response.templates]
    page = response.content.decode()
    assert "Ensure this value has at most 4000 characters (it has 4001)." in page
    assert 'maxlength="4000"' in page
    placement.refresh_from_db()
    assert placement.status == Placement.Status.CONFIRMED
    assert placement.history.count() == 1
