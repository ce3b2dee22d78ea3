"""A large, valid data set for benchmarks, history rows included: on PostgreSQL written with
COPY (officers, nominations and placements as rows of values, their plain indexes built again
after; decision 0046), elsewhere with bulk_create.

    from bench.seed import seed, grow
    counts = seed(participants=50_000, placements=100_000)
    grow(participants=450_000, placements=900_000, cohorts=9_000)  # to 1M (--scale 10)

Deterministic for a given `random_seed`. Every row satisfies the database's constraints
(unique staff numbers and reference codes, one nomination per officer per cohort, no officer
in two overlapping live placements). Call it on an empty database (after `migrate`): it adds
rows, it does not clear any. Others reuse it (issue 8's benchmarks); keep the signature.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import random
import time

from django.db import connection, transaction
from django.utils import timezone
from psycopg import sql
from simple_history.utils import bulk_create_with_history

from exchange_portal import request_id
from exchange_portal.bulk_copy import copy_create_with_history

BATCH = 5_000
CHANGE_REASON = "Benchmark data (bench/seed.py)"


# Names like Hong Kong officers' and mainland hosts', so that a search for part of a name (English
# or Chinese) is as selective as on real data: ~30,000 distinct officer names, not one prefix.
SURNAMES = [
    ("CHAN", "陳"),
    ("WONG", "黃"),
    ("LEE", "李"),
    ("CHEUNG", "張"),
    ("LAU", "劉"),
    ("LAM", "林"),
    ("HO", "何"),
    ("NG", "吳"),
    ("LEUNG", "梁"),
    ("YEUNG", "楊"),
    ("TSANG", "曾"),
    ("CHOW", "周"),
    ("KWOK", "郭"),
    ("MA", "馬"),
    ("TANG", "鄧"),
    ("FUNG", "馮"),
    ("SIU", "蕭"),
    ("POON", "潘"),
    ("YIP", "葉"),
    ("TSE", "謝"),
]
SYLLABLES = [
    ("Tai", "大"),
    ("Man", "文"),
    ("Siu", "小"),
    ("Ming", "明"),
    ("Wai", "偉"),
    ("Kin", "健"),
    ("Ka", "家"),
    ("Yan", "欣"),
    ("Wing", "詠"),
    ("Chi", "志"),
    ("Hoi", "海"),
    ("Kwan", "君"),
    ("Lok", "樂"),
    ("Pui", "珮"),
    ("Shing", "成"),
    ("Tsz", "子"),
    ("Yee", "儀"),
    ("Hung", "雄"),
    ("Mei", "美"),
    ("Fai", "輝"),
    ("Sum", "心"),
    ("Ting", "婷"),
    ("Kit", "傑"),
    ("Wah", "華"),
    ("Yuk", "玉"),
    ("Chun", "俊"),
    ("Ling", "玲"),
    ("Sing", "星"),
    ("Ho", "浩"),
    ("Lai", "麗"),
    ("On", "安"),
    ("Hei", "希"),
    ("Nga", "雅"),
    ("Kei", "琪"),
    ("Tak", "德"),
    ("Fung", "峰"),
    ("Shan", "珊"),
    ("Yiu", "耀"),
    ("Cheuk", "卓"),
    ("Wan", "雲"),
]
CITIES = [
    ("Shenzhen", "深圳", "深圳"),
    ("Guangzhou", "廣州", "广州"),
    ("Beijing", "北京", "北京"),
    ("Shanghai", "上海", "上海"),
    ("Hangzhou", "杭州", "杭州"),
    ("Chengdu", "成都", "成都"),
    ("Wuhan", "武漢", "武汉"),
    ("Nanjing", "南京", "南京"),
    ("Xiamen", "廈門", "厦门"),
    ("Tianjin", "天津", "天津"),
    ("Zhuhai", "珠海", "珠海"),
    ("Foshan", "佛山", "佛山"),
    ("Dongguan", "東莞", "东莞"),
    ("Suzhou", "蘇州", "苏州"),
    ("Qingdao", "青島", "青岛"),
    ("Xi'an", "西安", "西安"),
    ("Chongqing", "重慶", "重庆"),
    ("Hainan", "海南", "海南"),
    ("Fuzhou", "福州", "福州"),
    ("Kunming", "昆明", "昆明"),
]
AGENCIES = [
    ("Municipal Commerce Bureau", "市商務局", "市商务局"),
    ("Development and Reform Commission", "發展和改革委員會", "发展和改革委员会"),
    ("Housing and Construction Bureau", "住房和建設局", "住房和建设局"),
    ("Transport Bureau", "交通運輸局", "交通运输局"),
    ("Ecology and Environment Bureau", "生態環境局", "生态环境局"),
    ("Education Bureau", "教育局", "教育局"),
    ("Health Commission", "衞生健康委員會", "卫生健康委员会"),
    ("Culture and Tourism Bureau", "文化和旅遊局", "文化和旅游局"),
    ("Science and Technology Bureau", "科技局", "科技局"),
    ("Civil Affairs Bureau", "民政局", "民政局"),
]
DIVISIONS = [
    ("Policy Research Division", "政策研究處"),
    ("Planning Division", "規劃處"),
    ("International Cooperation Division", "國際合作處"),
    ("Legal Affairs Division", "法規處"),
    ("Digital Government Division", "數字政府處"),
    ("Finance Division", "財務處"),
    ("Personnel Division", "人事處"),
    ("Public Services Division", "公共服務處"),
    ("Infrastructure Division", "基建處"),
    ("Innovation Division", "創新處"),
]


def officer_name(rng: random.Random) -> tuple[str, str, str]:
    """An English name such as "CHAN Tai-man" and its Chinese forms 陳大文 and 陈大文."""
    (surname, surname_zh), (first, first_zh), (second, second_zh) = (
        rng.choice(SURNAMES),
        rng.choice(SYLLABLES),
        rng.choice(SYLLABLES),
    )
    traditional = surname_zh + first_zh + second_zh
    return f"{surname} {first}-{second.lower()}", traditional, _simplified(traditional)


@functools.cache
def _simplified(text: str) -> str:
    from exchange_portal.names import to_simplified

    return to_simplified(text)


def _bulk(objects, model, history: bool):
    """Insert the rows (and a "+" history row each): PostgreSQL's COPY where it can (the import's
    path, decision 0028: ten times faster than bulk_create at a million placements), else
    bulk_create."""
    if history and hasattr(model, "history"):
        if connection.vendor == "postgresql":
            copy_create_with_history(objects, model, user=None, reason=CHANGE_REASON)
            return objects
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
    from participants.models import Department, Grade
    from placements.models import HostOrganisation, HostUnit
    from programmes.models import Direction, Programme

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
                    default_duration_value=3,
                    status=Programme.Status.ACTIVE,
                )
                for n in range(programmes)
            ],
            Programme,
            history,
        )
        organisations = _bulk(
            [
                HostOrganisation(
                    name_en=f"{city[0]} {agency[0]}" + (f" ({n})" if n >= 200 else ""),
                    name_zh_hant=city[1] + agency[1],
                    name_zh_hans=city[2] + agency[2],
                    kind=HostOrganisation.Kind.MAINLAND_GOVERNMENT,
                    country="Mainland China",
                    country_zh_hant="中國內地",
                    country_zh_hans="中国内地",
                    city=city[0],
                    city_zh_hant=city[1],
                    city_zh_hans=city[2],
                )
                for n in range(max(1, host_units // 10))
                for city, agency in [(CITIES[n % len(CITIES)], AGENCIES[n // 20 % len(AGENCIES)])]
            ],
            HostOrganisation,
            history,
        )
        units = _bulk(
            [
                HostUnit(
                    organisation=organisation,
                    name_en=f"{division[0]} {n // len(organisations) // len(DIVISIONS) + 1}",
                    name_zh_hant=division[1],
                    name_zh_hans=division[1],
                    city=organisation.city,
                    city_zh_hant=organisation.city_zh_hant,
                    city_zh_hans=organisation.city_zh_hans,
                )
                for n in range(host_units)
                for organisation, division in [
                    (
                        organisations[n % len(organisations)],
                        DIVISIONS[n // len(organisations) % len(DIVISIONS)],
                    )
                ]
            ],
            HostUnit,
            history,
        )
        made = _people_and_placements(
            rng,
            programme_rows=programme_rows,
            depts=depts,
            grade_rows=grade_rows,
            units=units,
            participants=participants,
            placements=placements,
            cohorts=cohorts,
            history=history,
        )
    return {
        "departments": len(depts),
        "programmes": len(programme_rows),
        "host_units": len(units),
        **made,
        "seconds": round(time.monotonic() - started, 1),
    }


def grow(*, participants: int, placements: int, cohorts: int, random_seed: int = 9) -> dict:
    """Add officers, cohorts, nominations and placements (with history rows) to a database
    `seed()` filled, numbered after those there and as valid: `--scale` of bench/run.py grows
    the issue-8 data set tenfold this way. The departments, grades, programmes and host units
    stay as they are (a bigger history, not a bigger civil service)."""
    from participants.models import Department, Grade, Participant
    from placements.models import HostUnit
    from programmes.models import Cohort, Programme

    if placements > 2 * participants:
        raise ValueError("At most two placements per participant (they must not overlap).")
    rng = random.Random(random_seed)  # noqa: S311 (test data, not secrets)
    started = time.monotonic()
    with transaction.atomic():
        made = _people_and_placements(
            rng,
            programme_rows=list(Programme.objects.filter(code__startswith="BENCH-").order_by("pk")),
            depts=list(Department.objects.filter(code__startswith="B").order_by("pk")),
            grade_rows=list(Grade.objects.filter(code__startswith="BG").order_by("pk")),
            units=list(HostUnit.objects.order_by("pk")),
            participants=participants,
            placements=placements,
            cohorts=cohorts,
            first_person=Participant.objects.filter(staff_number__startswith="B").count(),
            first_cohort=Cohort.objects.filter(name__startswith="Bench cohort").count(),
        )
    return {**made, "seconds": round(time.monotonic() - started, 1)}


def _people_and_placements(
    rng,
    *,
    programme_rows,
    depts,
    grade_rows,
    units,
    participants: int,
    placements: int,
    cohorts: int,
    first_person: int = 0,
    first_cohort: int = 0,
    history: bool = True,
) -> dict[str, int]:
    """Cohorts, officers, one selected nomination and one placement per (officer, cohort):
    each officer has a cohort in the first half of these cohorts and, for the second
    `participants` placements, one in the second half, which starts after the first has ended."""
    from participants.models import Participant
    from placements.models import Nomination, Placement
    from programmes.models import Cohort, Direction

    programmes, departments, grades = len(programme_rows), len(depts), len(grade_rows)
    host_units = len(units)
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
        number = first_cohort + n
        cohort_rows.append(
            Cohort(
                programme=programme_rows[number % programmes],
                name=f"Bench cohort {number}",
                phase=1,
                batch=number // programmes + 1,
                direction=Direction.OUTBOUND,
                start_date=start,
                end_date=start + datetime.timedelta(days=90),
                places=max(1, 2 * placements // cohorts + 1),
                destination="Bench destination",
                status=Cohort.Status.COMPLETED,
            )
        )
    cohort_rows = _bulk(cohort_rows, Cohort, history)
    # Officers, nominations and placements are many (a million at --scale 10): written as rows
    # of values (no model instances), with the tables' plain indexes set aside meanwhile.
    # Reference codes from their own generator, seeded by where these rows start (not secret).
    codes = random.Random(f"{rng.random()}-{first_person}")  # noqa: S311
    with _indexes_set_aside(Participant, Nomination, Placement):
        people = _write(
            Participant,
            [
                {
                    "name_en": name_en,
                    "name_zh_hant": name_zh_hant,
                    "name_zh_hans": name_zh_hans,
                    "email": f"officer{first_person + n}@bench.example.gov.hk",
                    "phone": f"2{first_person + n:07d}",
                    "department_id": depts[n % departments].pk,
                    "grade_id": grade_rows[n % grades].pk,
                    "rank": "Executive Officer I",
                    "rank_level": rng.choice(Participant.RankLevel.values),
                    "staff_number": f"B{first_person + n:07d}",
                }
                for n in range(participants)
                for name_en, name_zh_hant, name_zh_hans in [officer_name(rng)]
            ],
            history,
        )
        pairs = []  # (participant, its department, cohort) per placement
        for n in range(placements):
            early = n < participants  # first one cohort of each half
            cohort = cohort_rows[rng.randrange(0, half) if early else rng.randrange(half, cohorts)]
            pairs.append((people[n % participants], depts[n % participants % departments], cohort))
        nominations = _write(
            Nomination,
            [
                {
                    "cohort_id": cohort.pk,
                    "participant_id": person,
                    "nominating_department_id": department.pk,
                    "rank": 1,
                    "statement": "Benchmark nomination.",
                    "status": Nomination.Status.SELECTED,
                }
                for person, department, cohort in pairs
            ],
            history,
        )
        statuses = [Placement.Status.COMPLETED] * 8 + [
            Placement.Status.CONFIRMED,
            Placement.Status.WITHDRAWN,
        ]
        placement_rows = _write(
            Placement,
            [
                {
                    "nomination_id": nomination,
                    "participant_id": person,
                    "cohort_id": cohort.pk,
                    "host_unit_id": units[rng.randrange(host_units)].pk,
                    "start_date": cohort.start_date,
                    "end_date": cohort.end_date,
                    "role_title": "Special Assistant",
                    "status": rng.choice(statuses),
                    "reference_code": reference_code(codes),
                }
                for nomination, (person, _department, cohort) in zip(
                    nominations, pairs, strict=True
                )
            ],
            history,
        )
    return {
        "cohorts": len(cohort_rows),
        "participants": len(people),
        "nominations": len(nominations),
        "placements": len(placement_rows),
    }


def reference_code(rng: random.Random) -> str:
    """A code of the form new_reference_code() gives (EX-7KQ4-M2ZP-9TXA), drawn from `rng`:
    drawing a million codes from the system's randomness took a sixth of the seeding."""
    from placements.models.records import REFERENCE_ALPHABET

    letters = "".join(rng.choices(REFERENCE_ALPHABET, k=12))
    return f"EX-{letters[:4]}-{letters[4:8]}-{letters[8:]}"


def _write(model, rows: list[dict], history: bool) -> list[int]:
    """Insert `rows` ({attname: value}; a field left out takes its default, the same for every
    row) and a "+" history row each; return their keys in order. On PostgreSQL with COPY from
    the rows as they are, else through model instances and `_bulk`."""
    if connection.vendor != "postgresql" or not (history and hasattr(model, "history")):
        objects = [model(**row) for row in rows]
        _bulk(objects, model, history)
        return [o.pk for o in objects]
    meta = model._meta
    given = list(rows[0]) if rows else []
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    sample = model(**(rows[0] if rows else {}))
    constants = {
        f.attname: f.get_db_prep_save(f.pre_save(sample, True), connection)
        for f in fields
        if f.attname not in given
    }
    names = [f.attname for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(rows)],
        )
        keys = [row[0] for row in cursor.fetchall()]
        values = [
            [key, *(row[n] if n in row else constants[n] for n in names)]
            for key, row in zip(keys, rows, strict=True)
        ]
        columns = [meta.pk.column, *(f.column for f in fields)]
        _copy_in(cursor.cursor, meta.db_table, columns, values)
        table = model.history.model._meta
        kept = {f.attname: f.column for f in table.concrete_fields}
        extra = {
            "history_date": timezone.now(),
            "history_change_reason": CHANGE_REASON,
            "history_type": "+",
            "history_user_id": None,
            "request_id": request_id.current(),
        }
        positions = [i for i, n in enumerate([meta.pk.attname, *names]) if n in kept]
        history_columns = [columns[i] for i in positions] + [kept[n] for n in extra if n in kept]
        tail = [v for n, v in extra.items() if n in kept]
        _copy_in(
            cursor.cursor,
            table.db_table,
            history_columns,
            ([row[i] for i in positions] + tail for row in values),
        )
    return keys


def _copy_in(cursor, table: str, columns: list[str], rows) -> None:
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    with cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


@contextlib.contextmanager
def _indexes_set_aside(*models):
    """Drop the plain indexes (not those of a primary key, unique or exclusion constraint) of
    the models' tables and their history tables, and build them again at the end: one build
    is quicker than keeping them up to date row by row. PostgreSQL only; in the caller's
    transaction."""
    if connection.vendor != "postgresql":
        yield
        return
    tables = [m._meta.db_table for m in models]
    tables += [m.history.model._meta.db_table for m in models if hasattr(m, "history")]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s)
              AND NOT EXISTS (
                SELECT 1 FROM pg_constraint c
                WHERE c.conindid = to_regclass(quote_ident(i.indexname))
              )
            """,
            [tables],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(name)))
    yield
    with connection.cursor() as cursor:
        # The foreign keys' checks, deferred to the commit, are made now: PostgreSQL builds no
        # index on a table with checks pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for _name, definition in indexes:
            cursor.execute(definition)
