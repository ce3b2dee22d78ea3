"""Races on PostgreSQL with real threads, each on its own database connection: the row locks
in the services make the second of two simultaneous requests wait and then see the first."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from placements import services
from placements.models import Placement
from tests.conftest import make_user
from tests.placements.factories import PlacementFactory, SelectedNominationFactory
from tests.programmes.factories import CohortFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def at_once(*calls):
    """Run the calls in threads released together; return what each returned or raised."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_staff_confirming_the_last_place_at_once_one_wins(django_user_model):
    manager = make_user(django_user_model, "manager", "csb_manager")
    other = make_user(django_user_model, "manager2", "csb_manager")
    cohort = CohortFactory(places=3)
    PlacementFactory.create_batch(2, nomination__cohort=cohort, status=Placement.Status.CONFIRMED)
    first, second = PlacementFactory.create_batch(2, nomination__cohort=cohort)

    results = at_once(
        lambda: services.placement_confirm(placement=first, actor=manager),
        lambda: services.placement_confirm(placement=second, actor=other),
    )

    won = [r for r in results if isinstance(r, Placement)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(won) == 1 and len(refused) == 1, results
    assert "All 3 places" in refused[0].messages[0]
    assert Placement.objects.filter(cohort=cohort, status="confirmed").count() == 3


def test_selecting_and_withdrawing_one_nomination_at_once_leaves_one_outcome(
    django_user_model,
):
    manager = make_user(django_user_model, "manager", "csb_manager")
    nomination = SelectedNominationFactory(status="shortlisted")
    results = at_once(
        lambda: services.nomination_select(nomination=nomination, actor=manager),
        lambda: services.nomination_withdraw(
            nomination=nomination, actor=manager, reason="Changed plans."
        ),
    )
    nomination.refresh_from_db()
    succeeded = [r for r in results if not isinstance(r, Exception)]
    refused = [r for r in results if isinstance(r, Exception)]
    # Withdrawing is allowed from shortlisted and from selected, so it always wins; selecting
    # succeeds only if it came first, and is otherwise refused for the state it found.
    assert nomination.status == "withdrawn"
    assert all(isinstance(r, ValidationError) for r in refused), results
    statuses = list(nomination.history.order_by("history_id").values_list("status", flat=True))
    assert len(statuses) == 1 + len(succeeded)  # one history row per change, none lost
    assert statuses[-1] == "withdrawn"


def test_the_daily_command_run_twice_at_once_moves_each_placement_once(django_user_model):
    """Two schedulers (or a retry overlapping a slow run) start `advance_placements` together:
    every due placement is started exactly once, with one history row and one e-mail."""
    import datetime
    import io

    from django.core.management import call_command

    from notifications.models import OutboundEmail
    from programmes.models import Cohort

    cohort = CohortFactory(status=Cohort.Status.CONFIRMED)
    due = PlacementFactory.create_batch(
        6, nomination__cohort=cohort, status=Placement.Status.CONFIRMED
    )
    day = (cohort.start_date + datetime.timedelta(days=1)).isoformat()

    results = at_once(
        lambda: call_command("advance_placements", date=day, stdout=io.StringIO()),
        lambda: call_command("advance_placements", date=day, stdout=io.StringIO()),
    )

    assert not [r for r in results if isinstance(r, Exception)], results
    for placement in due:
        placement.refresh_from_db()
        assert placement.status == Placement.Status.IN_PROGRESS
        starts = placement.history.filter(status=Placement.Status.IN_PROGRESS).count()
        assert starts == 1, f"{placement.reference_code} started {starts} times"
    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.IN_PROGRESS
    assert cohort.history.filter(status=Cohort.Status.IN_PROGRESS).count() == 1
    from django.db.models import Count

    sent = OutboundEmail.objects.all()
    started = sent.filter(event="placement_started")
    assert started.count() >= len(due)
    twice = (
        sent.values("event", "to_email", "subject", "body")
        .annotate(copies=Count("id"))
        .filter(copies__gt=1)
    )
    assert not list(twice), "the same e-mail was queued twice"
