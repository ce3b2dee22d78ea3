"""A large, valid data set for benchmarks, written with bulk_create (history rows included).

    from bench.seed import seed
    counts = seed(participants=50_000, placements=100_000)

Deterministic for a given `random_seed`. Every row satisfies the database's constraints
(unique staff numbers and reference codes, one nomination per officer per cohort, no officer
in two overlapping live placements). Call it on an empty database (after `migrate`): it adds
rows, it does not clear any. Others reuse it (issue 8's benchmarks); keep the signature.
"""

from __future__ import annotations

import datetime
import random
import time

from django.db import transaction
from simple_history.utils import bulk_create_with_history

BATCH = 5_000
CHANGE_REASON = "Benchmark data (bench/seed.py)"


def _bulk(objects, model, history: bool):
    if history and hasattr(model, "history"):
        return bulk_create_with_history(
            objects, model, batch_size=BATCH, default_change_reason=CHANGE_REASON
        )
    return model.objects.bulk_create(objects, batch_size=BATCH)


def seed(
    *,
    participants: int = 50_000,
    placements: int = 100_000,
    host_units: int = 2_000,
    programmes: int = 40,
    cohorts: int = 1_000,
    departments: int = 80,
    grades: int = 30,
    history: bool = True,
    random_seed: int = 8,
) -> dict[str, float | int]:
    """Write the data set in one transaction; return the rows written per kind and the
    seconds it took. Each officer has at most two placements, so `placements` may be at most
    twice `participants`."""
    from participants.models import Department, Grade, Participant
    from placements.models import HostOrganisation, HostUnit, Nomination, Placement
    from programmes.models import Cohort, Direction, Programme

    if placements > 2 * participants:
        raise ValueError("At most two placements per participant (they must not overlap).")
    rng = random.Random(random_seed)  # noqa: S311 (test data, not secrets)
    started = time.monotonic()
    with transaction.atomic():
        depts = _bulk(
            [
                Department(code=f"B{n:03d}", name_en=f"Bench department {n}")
                for n in range(departments)
            ],
            Department,
            history,
        )
        grade_rows = _bulk(
            [Grade(code=f"BG{n:03d}", name_en=f"Bench grade {n}") for n in range(grades)],
            Grade,
            history,
        )
        programme_rows = _bulk(
            [
                Programme(
                    code=f"BENCH-{n:03d}",
                    name_en=f"Bench programme {n}",
                    kind=Programme.Kind.MAINLAND_EXCHANGE,
                    organiser=depts[0],
                    direction=Direction.OUTBOUND,
                    default_duration_months=3,
                    status=Programme.Status.ACTIVE,
                )
                for n in range(programmes)
            ],
            Programme,
            history,
        )
        # Cohorts of 90 days start one after another from 2010, spread over the programmes; the
        # second half starts after the first half has ended, so an officer with one cohort of
        # each half never has overlapping placements.
        first_start = datetime.date(2010, 1, 4)
        span = (datetime.date(2025, 6, 1) - first_start).days
        half = cohorts // 2
        cohort_rows = []
        for n in range(cohorts):
            gap = 100 if n >= half else 0
            start = first_start + datetime.timedelta(days=span * n // cohorts + gap)
            cohort_rows.append(
                Cohort(
                    programme=programme_rows[n % programmes],
                    name=f"Bench cohort {n}",
                    phase=1,
                    batch=n // programmes + 1,
                    direction=Direction.OUTBOUND,
                    start_date=start,
                    end_date=start + datetime.timedelta(days=90),
                    places=max(1, 2 * placements // cohorts + 1),
                    destination="Bench destination",
                    status=Cohort.Status.COMPLETED,
                )
            )
        cohort_rows = _bulk(cohort_rows, Cohort, history)
        organisations = _bulk(
            [
                HostOrganisation(
                    name_en=f"Bench host {n}",
                    kind=HostOrganisation.Kind.MAINLAND_GOVERNMENT,
                    country="Mainland China",
                    city="Shenzhen",
                )
                for n in range(max(1, host_units // 10))
            ],
            HostOrganisation,
            history,
        )
        units = _bulk(
            [
                HostUnit(
                    organisation=organisations[n % len(organisations)],
                    name_en=f"Bench unit {n}",
                    city="Shenzhen",
                )
                for n in range(host_units)
            ],
            HostUnit,
            history,
        )
        people = _bulk(
            [
                Participant(
                    name_en=f"BENCH Officer {n}",
                    name_zh=f"測試{n}",
                    email=f"officer{n}@bench.example.gov.hk",
                    phone=f"2{n:07d}",
                    department=depts[n % departments],
                    grade=grade_rows[n % grades],
                    rank="Executive Officer I",
                    rank_level=rng.choice(Participant.RankLevel.values),
                    staff_number=f"B{n:07d}",
                )
                for n in range(participants)
            ],
            Participant,
            history,
        )
        pairs = []  # (participant, cohort) per placement: first one cohort of each half
        for n in range(placements):
            person = people[n % participants]
            early = n < participants
            cohort = cohort_rows[rng.randrange(0, half) if early else rng.randrange(half, cohorts)]
            pairs.append((person, cohort))
        nominations = _bulk(
            [
                Nomination(
                    cohort=cohort,
                    participant=person,
                    nominating_department=person.department,
                    rank=1,
                    statement="Benchmark nomination.",
                    status=Nomination.Status.SELECTED,
                )
                for person, cohort in pairs
            ],
            Nomination,
            history,
        )
        statuses = [Placement.Status.COMPLETED] * 8 + [
            Placement.Status.CONFIRMED,
            Placement.Status.WITHDRAWN,
        ]
        placement_rows = _bulk(
            [
                Placement(
                    nomination=nomination,
                    participant=person,
                    cohort=cohort,
                    host_unit=units[rng.randrange(host_units)],
                    start_date=cohort.start_date,
                    end_date=cohort.end_date,
                    role_title="Special Assistant",
                    status=rng.choice(statuses),
                )
                for nomination, (person, cohort) in zip(nominations, pairs, strict=True)
            ],
            Placement,
            history,
        )
    return {
        "departments": len(depts),
        "programmes": len(programme_rows),
        "cohorts": len(cohort_rows),
        "host_units": len(units),
        "participants": len(people),
        "nominations": len(nominations),
        "placements": len(placement_rows),
        "seconds": round(time.monotonic() - started, 1),
    }
