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
    from exchange_portal.names import to_simplified

    (surname, surname_zh), (first, first_zh), (second, second_zh) = (
        rng.choice(SURNAMES),
        rng.choice(SYLLABLES),
        rng.choice(SYLLABLES),
    )
    traditional = surname_zh + first_zh + second_zh
    return f"{surname} {first}-{second.lower()}", traditional, to_simplified(traditional)


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
                    default_duration_value=3,
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
                    name_en=f"{city[0]} {agency[0]}" + (f" ({n})" if n >= 200 else ""),
                    name_zh_hant=city[1] + agency[1],
                    name_zh_hans=city[2] + agency[2],
                    kind=HostOrganisation.Kind.MAINLAND_GOVERNMENT,
                    country="Mainland China",
                    city=city[0],
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
        people = _bulk(
            [
                Participant(
                    name_en=name_en,
                    name_zh_hant=name_zh_hant,
                    name_zh_hans=name_zh_hans,
                    email=f"officer{n}@bench.example.gov.hk",
                    phone=f"2{n:07d}",
                    department=depts[n % departments],
                    grade=grade_rows[n % grades],
                    rank="Executive Officer I",
                    rank_level=rng.choice(Participant.RankLevel.values),
                    staff_number=f"B{n:07d}",
                )
                for n in range(participants)
                for name_en, name_zh_hant, name_zh_hans in [officer_name(rng)]
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
