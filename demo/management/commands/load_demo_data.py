"""`manage.py load_demo_data`: demo programmes, cohorts, officers, placements and reports.

The data is in demo/data.py. Running the command again leaves the same rows: every
row is found by its natural key and written only when it differs (so no new history rows
either), and placement reference codes are generated once and never touched. What staff move
through the workflow while trying the demo (nomination statuses, reports, the open cohort) is
set only when the row is created; cohorts and placements dated in the past or present only
move forward with the calendar (confirmed, in progress, completed) on a later run. Two batches
are dated from the day of loading (data.OPEN_COHORT, data.RUNNING_COHORT), so the demo always has
a call open and an inbound batch under way with a proposal awaiting its host unit. Every object
is validated with full_clean() before it is saved; the whole load is one transaction, checked
for consistency (places, overlapping dates, selected nominations) before it commits.
"""

import calendar
import datetime
import hashlib
import io
import itertools
from collections import Counter, defaultdict
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format

from demo import data
from notifications.models import Event, OutboundEmail
from notifications.services import render_email
from participants.languages import WORKING_LANGUAGES
from participants.models import Department, Grade, Language, Participant, PartnerGovernment
from placements.audiences import TEXT_FIELDS, message_plan
from placements.checklist import requirements_for
from placements.models import (
    CENT,
    HKD,
    CohortMessage,
    FocusArea,
    HostOrganisation,
    HostUnit,
    Nomination,
    NominationPreference,
    Placement,
    PlacementAmendment,
    PlacementCost,
    PlacementDocument,
    PlacementReport,
    RenewalDecision,
    ReturnFollowUp,
    follow_up_due_on,
    to_hkd,
)
from placements.schedule import schedule_for
from programmes.models import (
    Budget,
    Cohort,
    DocumentRequirement,
    PartnerAgreement,
    Programme,
    ProgrammeSuspension,
    financial_year_of,
)

CHANGE_REASON = "Demo data (load_demo_data)"
# Placements that hold a place in their cohort and at their host unit.
PLACE_HOLDING = (
    Placement.Status.CONFIRMED,
    Placement.Status.IN_PROGRESS,
    Placement.Status.COMPLETED,
)


def add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


# Statuses that follow the calendar; cohorts and placements share the names.
BY_DATE = ("confirmed", "in_progress", "completed")
# How long before a placement starts its host unit answered the proposal (invented).
HOST_ANSWERED_DAYS_BEFORE_START = 28


def status_from_dates(start: datetime.date, end: datetime.date, today: datetime.date) -> str:
    """The status a cohort or placement with these dates has today."""
    if end < today:
        return "completed"
    if start <= today:
        return "in_progress"
    return "confirmed"


def advanced(current: str | None, by_date: str) -> str:
    """The status to keep on a rerun: a new row gets the status its dates give; an existing one
    only moves forward with the calendar (confirmed, in progress, completed), never back, and
    a row staff have taken elsewhere (withdrawn, cancelled, ...) stays as they left it."""
    if current is None:
        return by_date
    if current in BY_DATE and BY_DATE.index(current) < BY_DATE.index(by_date):
        return by_date
    return current


DAYS_A_MONTH = Decimal("30")


def rate_to_hkd(currency: str, year: int) -> Decimal:
    """The demo's rate of the year, or of the latest year before it (a plan for years ahead
    uses the rate known today)."""
    known = [y for c, y in data.RATES_TO_HKD if c == currency and y <= year]
    return Decimal(data.RATES_TO_HKD[currency, max(known)])


def financial_year_parts(start: datetime.date, end: datetime.date):
    """(first day, last day) of the placement in each financial year (from 1 April) it runs in."""
    while start <= end:
        year = financial_year_of(start)
        last = min(end, datetime.date(year + 1, 3, 31))
        yield start, last
        start = last + datetime.timedelta(days=1)


def with_chinese(values: dict, *fields: str, **formats) -> dict:
    """`values` with the Traditional and Simplified forms (data.CHINESE_FORMS) of its texts
    `fields`; `formats` fill a text's placeholders, e.g. the open intake's month."""
    result = dict(values)
    for name in fields:
        english = values.get(name, "")
        base = name.removesuffix("_en")
        hant, hans = data.CHINESE_FORMS.get(english, ("", "")) if english else ("", "")
        if formats:
            english, hant, hans = (text.format(**formats) for text in (english, hant, hans))
            result[name] = english
        result[f"{base}_zh_hant"], result[f"{base}_zh_hans"] = hant, hans
    return result


def officer_email(name_en: str, department_code: str) -> str:
    """`ka-wai.chan@epd.demo.example` for CHAN Ka-wai of EPD: the reserved .example domain."""
    surname, given = name_en.lower().split(" ", 1)
    return f"{given.replace(' ', '-')}.{surname}@{department_code.lower()}.demo.example"


def demo_pdf() -> bytes:
    """A small one-page PDF standing in for a scanned document."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": "Demo document"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


class DemoLoader:
    def __init__(self, *, now: datetime.datetime):
        self.now = now
        self.today = timezone.localdate(now)
        self.tally: Counter[str] = Counter()
        self.departments: dict[str, Department] = {}
        self.grades: dict[str, Grade] = {}
        self.focus_areas: dict[str, FocusArea] = {}
        self.programmes: dict[str, Programme] = {}
        self.agreements: dict[str, PartnerAgreement] = {}
        self.partners: dict[str, PartnerGovernment] = {}
        self.organisations: dict[str, HostOrganisation] = {}
        self.units: dict[tuple[str, str], HostUnit] = {}
        self.officers: dict[str, Participant] = {}
        self.cohorts: dict[tuple[str, int, int], Cohort] = {}
        self.placements: list[Placement] = []
        self.earlier_demo_batch = False

    # Writing -------------------------------------------------------------------------------

    def upsert(self, model, lookup: dict, values: dict, *, defaults=None, exclude=()):
        """Find the row by `lookup`; create it with `values` and `defaults`, or bring `values`
        up to date. Validate and save only when something changed."""
        obj = model._default_manager.filter(**lookup).first()
        created = obj is None
        if created:
            obj = model(**lookup)
            values = {**(defaults or {}), **values}
        changed = created
        for name, value in values.items():
            field = model._meta.get_field(name)
            if field.is_relation:
                current = getattr(obj, field.attname)
                wanted = value.pk if isinstance(value, models.Model) else value
            else:
                current, wanted = getattr(obj, name), value
            if current != wanted:
                setattr(obj, name, value)
                changed = True
        if changed:
            try:
                obj.full_clean(exclude=list(exclude) or None)
            except ValidationError as error:
                raise CommandError(
                    f"Demo {model._meta.verbose_name} {lookup} is not valid: {error}"
                ) from error
            obj._change_reason = CHANGE_REASON
            obj.save()
        self.tally["created" if created else "updated" if changed else "unchanged"] += 1
        return obj

    def set_focus_areas(self, placement: Placement, codes):
        wanted = {self.focus_areas[code].pk for code in codes}
        if set(placement.focus_areas.values_list("pk", flat=True)) != wanted:
            placement.focus_areas.set(wanted)

    def load(self):
        self.load_reference_data()
        self.load_programmes()
        self.load_hosts()
        self.load_officers()
        self.load_cohorts()
        self.load_open_nominations()
        self.load_placements()
        self.load_money()
        self.load_host_preferences()
        self.load_after_return()
        self.load_cohort_message()
        self.load_documents()
        self.load_checkins()

    def load_reference_data(self):
        for code, name_en, hant, hans, is_policy_bureau in data.DEPARTMENTS:
            self.departments[code] = self.upsert(
                Department,
                {"code": code},
                {
                    "name_en": name_en,
                    "name_zh_hant": hant,
                    "name_zh_hans": hans,
                    "is_policy_bureau": is_policy_bureau,
                },
            )
        for code, name_en, hant, hans in data.GRADES:
            self.grades[code] = self.upsert(
                Grade,
                {"code": code},
                {
                    "name_en": name_en,
                    "name_zh_hant": hant,
                    "name_zh_hans": hans,
                    "is_general": code in data.GENERAL_GRADES,
                },
            )
        for code, name_en, hant, hans in data.FOCUS_AREAS:
            self.focus_areas[code] = self.upsert(
                FocusArea,
                {"code": code},
                {"name_en": name_en, "name_zh_hant": hant, "name_zh_hans": hans},
            )

    def load_programmes(self):
        for item in data.PROGRAMMES:
            values = {k: v for k, v in item.items() if k not in {"code", "organiser"}}
            values = with_chinese(values, "description", "recommending_body")
            values["organiser"] = self.departments[item["organiser"]]
            self.programmes[item["code"]] = self.upsert(Programme, {"code": item["code"]}, values)
        for code, starts_on, ends_on, reason in data.SUSPENSIONS:
            self.upsert(
                ProgrammeSuspension,
                {"programme": self.programmes[code], "starts_on": starts_on},
                with_chinese({"ends_on": ends_on, "reason": reason}, "reason"),
            )
        for item in data.PARTNER_GOVERNMENTS:
            values = {k: v for k, v in item.items() if k != "code"}
            self.partners[item["code"]] = self.upsert(
                PartnerGovernment, {"code": item["code"]}, values
            )
        for item in data.AGREEMENTS:
            programme = self.programmes[item["programme"]]
            values = {k: v for k, v in item.items() if k not in {"programme", "title"}}
            if "partner" in item:
                values["partner"] = self.partners[item["partner"]]
            values.update(with_chinese({"title": item["title"]}, "title"))
            del values["title"]
            self.agreements[item["title"]] = self.upsert(
                PartnerAgreement, {"programme": programme, "title": item["title"]}, values
            )

    def load_hosts(self):
        for item in data.HOST_ORGANISATIONS:
            values = {k: v for k, v in item.items() if k != "name_en"}
            for field in ("country", "city"):
                values[f"{field}_zh_hant"], values[f"{field}_zh_hans"] = data.PLACE_NAMES[
                    item[field]
                ]
            values["parent"] = self.organisations[item["parent"]] if "parent" in item else None
            values["department"] = (
                self.departments[item["department"]] if "department" in item else None
            )
            self.organisations[item["name_en"]] = self.upsert(
                HostOrganisation, {"name_en": item["name_en"]}, values
            )
        for organisation_name, name_en, hant, hans, capacity in data.HOST_UNITS:
            organisation = self.organisations[organisation_name]
            self.units[organisation_name, name_en] = self.upsert(
                HostUnit,
                {"organisation": organisation, "name_en": name_en},
                {
                    "name_zh_hant": hant,
                    "name_zh_hans": hans,
                    "city": organisation.city,
                    "city_zh_hant": organisation.city_zh_hant,
                    "city_zh_hans": organisation.city_zh_hans,
                    "capacity": capacity,
                },
            )

    def load_officers(self):
        for staff_number, name_en, hant, hans, dept, grade, rank, level in data.HK_OFFICERS:
            self.officers[staff_number] = self.upsert(
                Participant,
                {"staff_number": staff_number},
                {
                    "origin": Participant.Origin.HONG_KONG,
                    "name_en": name_en,
                    "name_zh_hant": hant,
                    "name_zh_hans": hans,
                    "email": officer_email(name_en, dept),
                    "department": self.departments[dept],
                    "grade": self.grades[grade],
                    "rank": rank,
                    "rank_level": level,
                    "home_organisation": "",
                    "home_organisation_zh_hant": "",
                    "home_organisation_zh_hans": "",
                },
            )
        guangdong = self.partners[data.GUANGDONG]
        for number, (
            email,
            name_en,
            name_hant,
            name_hans,
            organisation,
            organisation_hant,
            organisation_hans,
            rank,
        ) in enumerate(data.PARTNER_OFFICERS, start=1):
            self.officers[email] = self.upsert(
                Participant,
                {"origin": Participant.Origin.PARTNER, "email": email},
                {
                    "partner": guangdong,
                    "partner_reference": f"GD-2024-{number:02d}",
                    "language": guangdong.language,
                    "name_en": name_en,
                    "name_zh_hant": name_hant,
                    "name_zh_hans": name_hans,
                    "home_organisation": organisation,
                    "home_organisation_zh_hant": organisation_hant,
                    "home_organisation_zh_hans": organisation_hans,
                    "rank": rank,
                    "rank_level": Participant.RankLevel.MIDDLE,
                    "department": None,
                    "grade": None,
                    "staff_number": "",
                },
            )

    def load_cohorts(self):
        for item in data.COHORTS:
            programme_code, phase, batch = item["key"]
            lookup = {"programme": self.programmes[programme_code], "phase": phase, "batch": batch}
            values = {k: v for k, v in item.items() if k not in {"key", "agreement", "status"}}
            values = with_chinese(values, "name", "destination")
            values["agreement"] = (
                self.agreements[item["agreement"]] if "agreement" in item else None
            )
            defaults = {}
            if item["status"] is None:
                values["status"] = self.cohort_status(lookup, item["start_date"], item["end_date"])
            else:  # a status the workflow moves on from: set once
                defaults["status"] = item["status"]
            self.cohorts[item["key"]] = self.upsert(Cohort, lookup, values, defaults=defaults)
        self.load_open_cohort()
        self.load_running_cohort()

    def cohort_status(self, lookup: dict, start: datetime.date, end: datetime.date) -> str:
        """The status a cohort of these dates keeps on this run (see `advanced`). As the daily
        job, it does not complete while a proposal of it is still open: a cohort is completed
        only when all its placements are over."""
        existing = Cohort.objects.filter(**lookup).first()
        by_date = status_from_dates(start, end, self.today)
        if (
            by_date == "completed"
            and existing is not None
            and existing.placements.filter(status=Placement.Status.PROPOSED).exists()
        ):
            by_date = "in_progress"
        return advanced(existing.status if existing else None, by_date)

    def load_running_cohort(self):
        """The inbound batch under way: it started some weeks before the day it was first
        loaded (a Monday) and runs the agreement's months; a rerun keeps those dates and moves
        its status on with the calendar."""
        spec = data.RUNNING_COHORT
        programme_code, phase, batch = spec["key"]
        lookup = {"programme": self.programmes[programme_code], "phase": phase, "batch": batch}
        existing = Cohort.objects.filter(**lookup).first()
        # A database loaded by an earlier version of the demo holds this batch still in
        # selection and never placed: it is brought up to the running batch (dated from
        # today, its officers selected).
        self.earlier_demo_batch = (
            existing is not None
            and existing.status == Cohort.Status.SELECTION
            and not existing.placements.exists()
        )
        if existing is not None and not self.earlier_demo_batch:
            start = existing.start_date
        else:
            monday = self.today - datetime.timedelta(days=self.today.weekday())
            start = monday - datetime.timedelta(weeks=spec["started_weeks_ago"])
        end = add_months(start, spec["months"]) - datetime.timedelta(days=1)
        if self.earlier_demo_batch:
            status = status_from_dates(start, end, self.today)
        else:
            status = self.cohort_status(lookup, start, end)
        closes_on = start - datetime.timedelta(weeks=spec["call_closed_weeks_before"])
        opens_on = closes_on - datetime.timedelta(weeks=spec["call_weeks"])
        self.cohorts[spec["key"]] = self.upsert(
            Cohort,
            lookup,
            {
                **with_chinese({"name": spec["name"]}, "name"),
                **with_chinese({"destination": spec["destination"]}, "destination"),
                "agreement": self.agreements[spec["agreement"]],
                "direction": spec["direction"],
                "nominations_open_at": timezone.make_aware(
                    datetime.datetime.combine(opens_on, datetime.time(9))
                ),
                "nominations_close_at": timezone.make_aware(
                    datetime.datetime.combine(closes_on, datetime.time(18))
                ),
                "start_date": start,
                "end_date": end,
                "places": spec["places"],
                "status": status,
            },
        )

    def load_open_cohort(self):
        """The intake open for nominations: its call opened a week ago and closes in three
        weeks, counted from today. Once staff have moved it on, it is left alone."""
        spec = data.OPEN_COHORT
        programme_code, phase, batch = spec["key"]
        lookup = {"programme": self.programmes[programme_code], "phase": phase, "batch": batch}
        existing = Cohort.objects.filter(**lookup).first()
        if existing is not None and existing.status != spec["status"]:
            self.tally["unchanged"] += 1
            self.cohorts[spec["key"]] = existing
            return
        opens_on = self.today - datetime.timedelta(days=spec["opened_days_ago"])
        closes_on = self.today + datetime.timedelta(days=spec["closes_in_days"])
        start = add_months(closes_on.replace(day=1), spec["starts_months_after_close"])
        start += datetime.timedelta(days=(7 - start.weekday()) % 7)  # a Monday
        end = add_months(start, spec["months"]) - datetime.timedelta(days=1)
        self.cohorts[spec["key"]] = self.upsert(
            Cohort,
            lookup,
            {
                **with_chinese({"name": spec["name"]}, "name", start=start),
                **with_chinese({"destination": spec["destination"]}, "destination"),
                "direction": spec["direction"],
                "nominations_open_at": timezone.make_aware(
                    datetime.datetime.combine(opens_on, datetime.time(9))
                ),
                "nominations_close_at": timezone.make_aware(
                    datetime.datetime.combine(closes_on, datetime.time(18))
                ),
                "start_date": start,
                "end_date": end,
                "places": spec["places"],
                "agreement": None,
            },
            defaults={"status": spec["status"]},
        )

    def load_open_nominations(self):
        """Nominations still under consideration: their status, ranking and statement are set
        only when they are created, so a rerun does not undo what staff did with them."""
        for cohort_key, officer_key, status, rank, statement in data.OPEN_NOMINATIONS:
            officer = self.officers[officer_key]
            self.upsert(
                Nomination,
                {"cohort": self.cohorts[cohort_key], "participant": officer},
                {"nominating_department": officer.department},
                defaults={"status": status, "rank": rank, "statement": statement},
            )

    def load_placements(self):
        for item in data.GBA_PLACEMENTS:
            self.place(data.GBA_P1B1, item)
        for item in data.SAS_2024_PLACEMENTS:
            self.place(data.SAS_2024, item)
        for item in data.INTERNATIONAL_PLACEMENTS:
            self.place(item["cohort"], item)
        for item in data.EPD_STUDY_TOUR_PLACEMENTS:
            self.place(data.EPD_STUDY_TOUR, item)
        running = self.cohorts[data.RUNNING_COHORT["key"]]
        for rank, item in enumerate(data.GBA_P2B1_PLACEMENTS, start=1):
            if "joins_months_later" in item:
                start = add_months(running.start_date, item["joins_months_later"])
                start += datetime.timedelta(days=(7 - start.weekday()) % 7)  # a Monday
                item = {**item, "start_date": start}
            self.place(data.GBA_P2B1, {**item, "rank": rank}, select=self.earlier_demo_batch)
        for batch, recommended_on, rows in (
            (data.JPO_B1, data.JPO_B1_RECOMMENDED, data.JPO_BATCH_1),
            (data.JPO_B2, data.JPO_B2_RECOMMENDED, data.JPO_BATCH_2),
        ):
            for officer, host, role_title, focus_areas in rows:
                self.place(
                    batch,
                    {
                        "officer": officer,
                        "host": host,
                        "role_title": role_title,
                        "focus_areas": focus_areas,
                    },
                    recommendation={"recommended_by": data.MFA, "recommended_on": recommended_on},
                )

    def place(self, cohort_key, item, *, recommendation=None, select=False):
        """A selected nomination and its placement, with the reports once it is completed.
        Statuses staff may change through the workflow are set when the rows are created;
        afterwards a placement only moves forward with the calendar. `select`: the nomination is
        selected even if it exists (a batch an earlier demo left in selection)."""
        cohort = self.cohorts[cohort_key]
        officer = self.officers[item["officer"]]
        nomination = self.upsert(
            Nomination,
            {"cohort": cohort, "participant": officer},
            {
                "nominating_department": officer.department,
                **({"status": Nomination.Status.SELECTED} if select else {}),
            },
            defaults={
                "status": Nomination.Status.SELECTED,
                "rank": item.get("rank", 1),
                "statement": item.get("statement", ""),
                **(recommendation or {}),
            },
        )
        start = item.get("start_date", cohort.start_date)
        end = item.get("end_date", cohort.end_date)
        current = (
            Placement.objects.filter(nomination=nomination).values_list("status", flat=True).first()
        )
        if current is None and "status" in item:  # a proposal still open: set once
            status = item["status"]
        else:
            status = advanced(current, status_from_dates(start, end, self.today))
        # Where the programme asks for it, the host unit accepted each placement that went
        # ahead, four weeks before it started, or is still asked (set when the row is created;
        # afterwards the host's answer is its own). Who answered for the unit is filled in by
        # create_demo_accounts, once the unit's demo contact has an account.
        answer = {}
        if cohort.programme.requires_host_acceptance and status == Placement.Status.PROPOSED:
            answer = {"host_response": Placement.HostResponse.AWAITING}
        elif cohort.programme.requires_host_acceptance:
            answered_on = start - datetime.timedelta(days=HOST_ANSWERED_DAYS_BEFORE_START)
            answer = {
                "host_response": Placement.HostResponse.ACCEPTED,
                "host_responded_at": min(
                    self.now,
                    timezone.make_aware(datetime.datetime.combine(answered_on, datetime.time(10))),
                ),
            }
        placement = self.upsert(
            Placement,
            {"nomination": nomination},
            {
                "participant": officer,
                "cohort": cohort,
                "host_unit": self.units[item["host"]],
                "start_date": start,
                "end_date": end,
                **with_chinese(
                    {"role_title": item["role_title"], "duties": item.get("duties", "")},
                    "role_title",
                    "duties",
                ),
                "supervisor_title": item.get("supervisor_title", ""),
                "status": status,
            },
            defaults=answer,
            exclude=["reference_code"],
        )
        self.set_focus_areas(placement, item["focus_areas"])
        self.placements.append(placement)
        if placement.status == Placement.Status.COMPLETED:
            self.report(placement, item.get("reports"))

    def report(self, placement: Placement, texts):
        """The officer's report and the host's feedback, submitted two weeks after the end
        (still drafts if that day has not come). Written once: staff may return them."""
        unit = placement.host_unit.name_en
        summary, experience, feedback = texts or (
            text.format(unit=unit) for text in data.REPORT_TEXTS[placement.cohort.programme.kind]
        )
        submitted_at = timezone.make_aware(
            datetime.datetime.combine(
                placement.end_date + datetime.timedelta(days=data.REPORT_SUBMITTED_AFTER_DAYS),
                datetime.time(10),
            )
        )
        submitted = submitted_at <= self.now
        common = {
            "due_on": placement.end_date
            + datetime.timedelta(days=settings.PLACEMENT_REPORT_DUE_DAYS),
            "status": PlacementReport.Status.SUBMITTED
            if submitted
            else PlacementReport.Status.DRAFT,
            "submitted_at": submitted_at if submitted else None,
        }
        self.upsert(
            PlacementReport,
            {
                "placement": placement,
                "author_role": PlacementReport.Author.PARTICIPANT,
                "kind": PlacementReport.Kind.FINAL,
            },
            {},
            defaults={**common, "summary": summary, "experience_gained": experience},
        )
        self.upsert(
            PlacementReport,
            {
                "placement": placement,
                "author_role": PlacementReport.Author.HOST,
                "kind": PlacementReport.Kind.FINAL,
            },
            {},
            defaults={**common, "summary": feedback},
        )

    def load_checkins(self):
        """The schedules of reports, a mid-point check-in on the running GBA batch (the
        officer's submitted, the host's open), and a renewed JPO: its first yearly review
        submitted, CSB's decision to renew and the extension approved (decision 0057).
        Reports are written once (staff may return them); the rest is kept as it is here."""
        for code, schedule in data.CHECKIN_SCHEDULES.items():
            self.programmes[code] = self.upsert(Programme, {"code": code}, schedule)
        running = self.cohorts[data.RUNNING_COHORT["key"]]
        placement = Placement.objects.filter(
            cohort=running, participant=self.officers[data.GBA_MIDPOINT["officer"]]
        ).first()
        if placement is not None and placement.status in (
            Placement.Status.IN_PROGRESS,
            Placement.Status.COMPLETED,
        ):
            midpoint = next(c for c in schedule_for(placement) if c.kind == "midpoint")
            written = min(
                self.now,
                timezone.make_aware(
                    datetime.datetime.combine(midpoint.opens_on, datetime.time(10))
                ),
            )
            lookup = {"placement": placement, "kind": PlacementReport.Kind.MIDPOINT}
            self.upsert(
                PlacementReport,
                {**lookup, "author_role": PlacementReport.Author.PARTICIPANT},
                {},
                defaults={
                    "due_on": midpoint.due_on,
                    "summary": data.GBA_MIDPOINT["summary"],
                    "experience_gained": data.GBA_MIDPOINT["experience_gained"],
                    "status": PlacementReport.Status.SUBMITTED,
                    "submitted_at": written,
                },
            )
            self.upsert(
                PlacementReport,
                {**lookup, "author_role": PlacementReport.Author.HOST},
                {},
                defaults={"due_on": midpoint.due_on},
            )
        self.load_renewed_jpo()

    def load_renewed_jpo(self):
        spec = data.RENEWED_JPO
        placement = Placement.objects.get(
            cohort=self.cohorts[spec["cohort"]], participant=self.officers[spec["officer"]]
        )
        review = next(c for c in schedule_for(placement) if c.kind == "yearly")
        submitted_at = timezone.make_aware(
            datetime.datetime.combine(
                review.due_on - datetime.timedelta(days=data.REPORT_SUBMITTED_AFTER_DAYS),
                datetime.time(10),
            )
        )
        submitted = submitted_at <= self.now
        officer_text, host_text = spec["review"]
        for author, text in (
            (PlacementReport.Author.PARTICIPANT, officer_text),
            (PlacementReport.Author.HOST, host_text),
        ):
            self.upsert(
                PlacementReport,
                {
                    "placement": placement,
                    "author_role": author,
                    "kind": PlacementReport.Kind.YEARLY,
                    "sequence": 1,
                },
                {},
                defaults={
                    "due_on": review.due_on,
                    "summary": text,
                    "status": PlacementReport.Status.SUBMITTED
                    if submitted
                    else PlacementReport.Status.DRAFT,
                    "submitted_at": submitted_at if submitted else None,
                },
            )
        amendment = self.upsert(
            PlacementAmendment,
            {"placement": placement, "new_end_date": placement.end_date},
            {
                "reason": spec["amendment_reason"],
                "old_start_date": placement.start_date,
                "old_end_date": spec["first_year_end"],
                "old_host_unit": placement.host_unit,
                "status": PlacementAmendment.Status.APPROVED,
            },
        )
        self.upsert(
            RenewalDecision,
            {"placement": placement, "year": 1},
            {
                "outcome": RenewalDecision.Outcome.RENEW,
                "months": spec["months"],
                "reason": spec["reason"],
                "amendment": amendment,
            },
        )

    # Money (decision 0049) -------------------------------------------------------------------

    def load_money(self):
        """Budgets of the seeded programmes, and each placement's planned costs for each
        financial year it runs in, with the actual ones once that part is over."""
        for code, years in data.BUDGETS.items():
            for year, amount in years.items():
                self.upsert(
                    Budget,
                    {"programme": self.programmes[code], "financial_year": year, "cohort": None},
                    {"amount_hkd": Decimal(amount)},
                )
        for key, year, amount in data.COHORT_BUDGETS:
            cohort = self.cohorts[key]
            self.upsert(
                Budget,
                {"programme": cohort.programme, "financial_year": year, "cohort": cohort},
                {"amount_hkd": Decimal(amount)},
            )
        for placement in self.placements:
            if placement.status in PLACE_HOLDING:
                self.costs(placement)

    def costs(self, placement: Placement):
        cohort = placement.cohort
        if cohort.direction == "inbound":
            scheme = data.COSTS_INBOUND
        else:
            scheme = data.COSTS_BY_PROGRAMME.get(cohort.programme.code, [])
        currency = data.CURRENCY_BY_CITY.get(placement.host_unit.organisation.city, HKD)
        first = True
        for start, end in financial_year_parts(placement.start_date, placement.end_date):
            days = Decimal((end - start).days + 1)
            for category, per, amount in scheme:
                if per == "once" and not first:
                    continue
                planned = Decimal(amount)
                if per == "month":
                    planned = (planned * days / DAYS_A_MONTH).quantize(CENT)
                self.cost(placement, category, "planned", currency, planned, start)
                if end < self.today:
                    paid = (planned * Decimal(data.ACTUAL_FACTORS[category])).quantize(CENT)
                    self.cost(placement, category, "actual", currency, paid, start)
            first = False

    def cost(self, placement, category, kind, currency, amount, day):
        rate = Decimal("1") if currency == HKD else rate_to_hkd(currency, day.year)
        source = data.RATE_SOURCE_ACTUAL if kind == "actual" else data.RATE_SOURCE_PLANNED
        self.upsert(
            PlacementCost,
            {"placement": placement, "category": category, "kind": kind, "incurred_on": day},
            {
                "currency": currency,
                "amount": amount,
                "rate_to_hkd": rate,
                "rate_date": day,
                "rate_source": "" if currency == HKD else source,
                "amount_hkd": to_hkd(amount, rate),
                "financial_year": financial_year_of(day),
            },
        )

    def load_documents(self):
        """What the GBA exchange's first batch and the INTERPOL secondment require, and a small
        PDF for each document uploaded (written once: a second load leaves them as they are)."""
        for owner, kind, titles, provider, due_days, abroad in data.DOCUMENT_REQUIREMENTS:
            of = (
                {"programme": self.programmes[owner], "cohort": None}
                if isinstance(owner, str)
                else {"cohort": self.cohorts[owner], "programme": None}
            )
            self.upsert(
                DocumentRequirement,
                {**of, "kind": kind, "title": titles[0]},
                {
                    "title_zh_hant": titles[1],
                    "title_zh_hans": titles[2],
                    "provider": provider,
                    "due_days": due_days,
                    "outside_hong_kong_only": abroad,
                },
            )
        for key, kinds in data.DOCUMENTS_UPLOADED.items():
            placements = Placement.objects.filter(participant=self.officers[key]).select_related(
                "participant", "cohort__programme", "host_unit__organisation"
            )
            for placement in placements:
                for requirement in requirements_for(placement):
                    if requirement.kind in kinds:
                        self.keep_document(placement, requirement)

    def keep_document(self, placement, requirement):
        if PlacementDocument.objects.filter(placement=placement, requirement=requirement).exists():
            self.tally["unchanged"] += 1
            return
        content = demo_pdf()
        uploaded = min(
            self.now,
            timezone.make_aware(
                datetime.datetime.combine(
                    requirement.due_on(placement.start_date) - datetime.timedelta(days=3),
                    datetime.time(11),
                )
            ),
        )
        document = PlacementDocument(
            placement=placement,
            requirement=requirement,
            original_name=f"{requirement.kind.replace('_', '-')}.pdf",
            content_type="application/pdf",
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            uploaded_at=uploaded,
        )
        document.file.save(document.original_name, ContentFile(content), save=False)
        document.full_clean()
        document._change_reason = CHANGE_REASON
        document.save()
        self.tally["created"] += 1

    # Checking ------------------------------------------------------------------------------

    def check(self):
        """Refuse to commit demo data that breaks the rules the services keep."""
        problems = []
        cohorts = {placement.cohort_id for placement in self.placements}
        ended = [Placement.Status.COMPLETED, Placement.Status.WITHDRAWN, Placement.Status.CANCELLED]
        for cohort in Cohort.objects.filter(pk__in=cohorts):
            held = cohort.placements.filter(status__in=PLACE_HOLDING).count()
            if held > cohort.places:
                problems.append(f"{cohort}: {held} placements for {cohort.places} places.")
            if (
                cohort.status == Cohort.Status.COMPLETED
                and cohort.placements.exclude(status__in=ended).exists()
            ):
                problems.append(f"{cohort} is completed but not all its placements are.")
        under_way = [Cohort.Status.CONFIRMED, Cohort.Status.IN_PROGRESS, Cohort.Status.COMPLETED]
        for cohort in Cohort.objects.filter(pk__in=cohorts, status__in=under_way):
            unplaced = cohort.nominations.filter(
                status=Nomination.Status.SELECTED, placement__isnull=True
            )
            if unplaced.exists():
                problems.append(f"{cohort} is {cohort.status} with officers selected but unplaced.")
        for placement in self.placements:
            nomination = placement.nomination
            live = placement.status in Placement.LIVE_STATES
            if live and nomination.status != Nomination.Status.SELECTED:
                problems.append(f"{placement} is for a nomination that is not selected.")
            if placement.cohort.programme.requires_host_acceptance and (
                placement.status in PLACE_HOLDING
                and placement.host_response != Placement.HostResponse.ACCEPTED
            ):
                problems.append(f"{placement} went ahead without its host unit's acceptance.")
            if (placement.participant_id, placement.cohort_id) != (
                nomination.participant_id,
                nomination.cohort_id,
            ):
                problems.append(f"{placement} does not match its nomination.")
        officers = {placement.participant_id for placement in self.placements}
        by_officer = defaultdict(list)
        for placement in (
            Placement.objects.live().filter(participant__in=officers).order_by("start_date")
        ):
            by_officer[placement.participant_id].append(placement)
        for placements in by_officer.values():
            for earlier, later in itertools.pairwise(placements):
                if later.start_date <= earlier.end_date:
                    problems.append(f"{earlier} and {later} overlap.")
        units = {placement.host_unit_id for placement in self.placements}
        for unit in HostUnit.objects.filter(pk__in=units, capacity__isnull=False):
            held = list(unit.placements.filter(status__in=PLACE_HOLDING))
            for placement in held:
                at_once = sum(
                    1
                    for other in held
                    if other.start_date <= placement.end_date
                    and other.end_date >= placement.start_date
                )
                if at_once > unit.capacity:
                    problems.append(f"{unit} holds {at_once} officers at once ({unit.capacity}).")
                    break
        if problems:
            raise CommandError("The demo data is inconsistent:\n" + "\n".join(problems))

    def load_host_preferences(self):
        """The calls that take host preferences, and the units some of their nominees prefer,
        in order (issue 19, point 1)."""
        for key in data.HOST_PREFERENCE_COHORTS:
            self.cohorts[key] = self.upsert(
                Cohort, {"pk": self.cohorts[key].pk}, {"takes_host_preferences": True}
            )
        for key, officer_key, units in data.HOST_PREFERENCES:
            nomination = Nomination.objects.get(
                cohort=self.cohorts[key], participant=self.officers[officer_key]
            )
            for rank, unit in enumerate(units, start=1):
                self.upsert(
                    NominationPreference,
                    {"nomination": nomination, "rank": rank},
                    {"host_unit": self.units[unit]},
                )

    def load_after_return(self):
        """The officers' working languages, and the follow-ups after return of GBA phase 1
        batch 1 (data.FOLLOW_UPS): written as they would have been by their due dates."""
        languages = {
            code: self.upsert(
                Language,
                {"code": code},
                {"name_en": english, "name_zh_hant": hant, "name_zh_hans": hans},
            )
            for code, english, hant, hans in WORKING_LANGUAGES
        }
        for staff_number, codes in data.OFFICER_LANGUAGES.items():
            officer = self.officers[staff_number]
            wanted = {languages[code].pk for code in codes}
            if set(officer.languages.values_list("pk", flat=True)) != wanted:
                officer.languages.set(wanted)
        completed = {
            placement.participant.staff_number: placement
            for placement in self.placements
            if placement.status == Placement.Status.COMPLETED
            and placement.cohort.name == "GBA exchange phase 1 batch 1"
        }
        for staff_number, months, account, view in data.FOLLOW_UPS:
            placement = completed.get(staff_number)
            if placement is None:
                continue
            due_on = follow_up_due_on(placement.end_date, months)
            submitted_on = due_on - datetime.timedelta(
                days=data.FOLLOW_UP_SUBMITTED_DAYS_BEFORE_DUE
            )
            submitted_at = timezone.make_aware(
                datetime.datetime.combine(submitted_on, datetime.time(10, 0)), data.HKT
            )
            if submitted_at > self.now:
                continue  # not written yet on this day
            both = account is not None and view is not None
            # What the officer and HR write is set when the row is created (staff trying the
            # demo may submit or reopen parts); the due date follows the placement.
            self.upsert(
                ReturnFollowUp,
                {"placement": placement, "months": months},
                {"due_on": due_on},
                defaults={
                    "officer_account": account or "",
                    "officer_submitted_at": submitted_at if account else None,
                    "department_view": view or "",
                    "department_submitted_at": submitted_at if view else None,
                    "status": (
                        ReturnFollowUp.Status.COMPLETE if both else ReturnFollowUp.Status.OPEN
                    ),
                },
            )

    def load_cohort_message(self):
        """A past message to the GBA phase 1 officers (issue 19.6), with each officer's copy
        in the outbox, sent: found again by its preview key and each copy by its key."""
        item = data.COHORT_MESSAGE
        cohort = self.cohorts[item["cohort"]]
        texts = {name: item[name] for name in TEXT_FIELDS}
        plan = message_plan(cohort, audiences=item["audiences"], **texts)
        if not len(plan):
            return
        message = self.upsert(
            CohortMessage,
            {"cohort": cohort, "preview_key": plan.key},
            {
                **texts,
                **{
                    field: audience in item["audiences"]
                    for audience, field in CohortMessage.AUDIENCE_FIELDS.items()
                },
                "sent_at": item["sent_at"],
                "recipient_count": len(plan),
            },
        )
        for language, recipients in plan.groups().items():
            subject, body = plan.text_in(language)
            for recipient in recipients:
                subject_line, text = render_email(
                    event=Event.COHORT_MESSAGE,
                    recipient=recipient,
                    context={"cohort": cohort, "message_subject": subject, "message_body": body},
                )
                self.upsert(
                    OutboundEmail,
                    {"dedupe_key": f"cohort-message:{message.pk}:{recipient.email.lower()}"},
                    {
                        "event": Event.COHORT_MESSAGE,
                        "to_email": recipient.email,
                        "to_name": recipient.name,
                        "language": recipient.language,
                        "subject": subject_line,
                        "body": text,
                        "status": OutboundEmail.Status.SENT,
                        "attempts": 1,
                        "sent_at": item["sent_at"],
                        "last_attempt_at": item["sent_at"],
                        "content_type": ContentType.objects.get_for_model(CohortMessage),
                        "object_id": message.pk,
                    },
                )


class Command(BaseCommand):
    help = (
        "Load the demo programmes, cohorts, officers, placements and reports. "
        "Safe to run again: it brings the same rows up to date and adds none."
    )

    def handle(self, *args, **options):
        loader = DemoLoader(now=timezone.now())
        with transaction.atomic():
            loader.load()
            loader.check()
        self.print_summary(loader)

    def print_summary(self, loader: DemoLoader):
        tally = loader.tally
        write = self.stdout.write
        write(
            self.style.SUCCESS(
                f"Demo data loaded: {tally['created']} rows created, {tally['updated']} updated, "
                f"{tally['unchanged']} already up to date."
            )
        )
        officers = Participant.objects.all()
        write(
            f"  {Department.objects.count()} departments, {Grade.objects.count()} grades, "
            f"{FocusArea.objects.count()} focus areas"
        )
        write(
            f"  {Programme.objects.count()} programmes, "
            f"{PartnerAgreement.objects.count()} partner agreements, "
            f"{Cohort.objects.count()} cohorts"
        )
        write(
            f"  {HostOrganisation.objects.count()} host organisations, "
            f"{HostUnit.objects.count()} host units"
        )
        write(
            f"  {officers.count()} officers ({officers.hong_kong_officers().count()} Hong Kong, "
            f"{officers.partner_officers().count()} partner), "
            f"{Nomination.objects.count()} nominations, {Placement.objects.count()} placements, "
            f"{PlacementReport.objects.count()} reports"
        )
        open_cohorts = Cohort.objects.open_for_nominations().with_programme()
        for cohort in open_cohorts:
            closes = timezone.localtime(cohort.nominations_close_at)
            write(
                f"Open for nominations now: {cohort} "
                f"(closes {date_format(closes, 'DATETIME_FORMAT')})."
            )
        if not open_cohorts:
            write("No cohort is open for nominations now.")
