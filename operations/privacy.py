"""Everything the portal holds about one participant, for their access right under the Personal
Data (Privacy) Ordinance (Cap. 486), Data Protection Principle 6. docs/privacy.md is the register
of what is held and why.

The records that are the officer's own (their participant record, account profile, nominations,
placements and reports) are walked field by field from the models, so a field added later is
exported without a change here; foreign keys become the codes and names a reader understands.
What belongs to other people is left out on purpose: the password hash, the host unit's contact
details, who submitted a report, and any staff member's details beyond the username that acted in
the change history.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections import defaultdict
from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from notifications.models import OutboundEmail
from participants.models import Department, Grade, Language, Participant
from placements.models import (
    FocusArea,
    HostUnit,
    Nomination,
    Placement,
    PlacementAmendment,
    PlacementCost,
    PlacementDocument,
    PlacementReport,
    RenewalDecision,
    ReturnFollowUp,
)
from programmes.models import Cohort, Programme

FORMAT = "exchange-portal-personal-data/1"

DATA_USER = (
    "Civil Service Bureau, Government of the Hong Kong Special Administrative Region "
    "(Exchange Portal: secondment and exchange programmes)"
)

NOTICE = (
    "This file is a copy of the personal data that the Civil Service Bureau's Exchange Portal "
    "holds about you. Under Data Protection Principle 6 and section 18 of the Personal Data "
    "(Privacy) Ordinance (Cap. 486) you have the right to be told whether we hold personal data "
    "about you and to have a copy of it; under section 22 you may ask for it to be corrected. "
    "To correct anything in this file, write to the human resources unit of your department or, "
    "for a partner-government officer, to the Civil Service Bureau. Why each item is held and how "
    "long it is kept is set out in the portal's personal-data register. Data in the portal's "
    "change history is listed by which fields changed, when, why and by which account; earlier "
    "values can be requested from the Civil Service Bureau with a data access request."
)

HISTORY_ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}

# Fields of the officer's own records that are not exported, and why (see docs/privacy.md).
EXCLUDED_FIELDS = {
    # Exported separately, as the "account" section, without the password hash.
    Participant: {"user"},
    # Names another person's sign-in account (usually a host-unit contact).
    PlacementReport: {"submitted_by"},
    # Name the CSB staff who recorded a cost and approved going over a budget.
    PlacementCost: {"recorded_by", "over_budget_approved_by"},
    ReturnFollowUp: {"officer_submitted_by", "department_submitted_by"},
    # The stored file's name says nothing (random); `uploaded_by` names another person's account.
    # The files themselves are downloaded from the placement's page (decision 0056).
    PlacementDocument: {"file", "uploaded_by"},
}
# Fields that change on every save and say nothing about the officer.
TECHNICAL_FIELDS = {"updated_at", "version"}

ACCOUNT_FIELDS = (
    "username",
    "email",
    "first_name",
    "last_name",
    "is_active",
    "date_joined",
    "last_login",
)


def personal_data_for(participant: Participant) -> dict[str, Any]:
    """A JSON-serialisable copy of everything the portal holds about `participant`.

    A fixed number of queries however many nominations, placements and reports there are.
    """
    participant = (
        Participant.objects.select_related("department", "grade", "user__profile__department")
        .prefetch_related("user__groups", "languages")
        .get(pk=participant.pk)
    )
    user = participant.user
    profile = getattr(user, "profile", None) if user is not None else None

    nominations = list(
        Nomination.objects.filter(participant=participant)
        .select_related("cohort__programme", "nominating_department")
        .order_by("created_at", "pk")
    )
    placements = list(
        Placement.objects.filter(participant=participant)
        .select_related("cohort__programme", "host_unit__organisation")
        .prefetch_related("focus_areas", "reports")
        .order_by("start_date", "pk")
    )
    reports = [report for placement in placements for report in placement.reports.all()]
    amendments = list(
        PlacementAmendment.objects.filter(placement__participant=participant).order_by(
            "created_at", "pk"
        )
    )
    renewals = list(
        RenewalDecision.objects.filter(placement__participant=participant).order_by(
            "placement", "year"
        )
    )
    emails = list(
        OutboundEmail.objects.filter(to_email__iexact=participant.email).order_by("created_at")
    )
    # What the officer's placements cost, their allowances included (decision 0049).
    costs = list(
        PlacementCost.objects.filter(placement__participant=participant)
        .select_related("placement")
        .order_by("incurred_on", "pk")
    )
    follow_ups = list(
        ReturnFollowUp.objects.filter(placement__participant=participant)
        .select_related("placement")
        .order_by("due_on", "pk")
    )
    # The documents kept for the officer's placements (passport copy, clearance ...): what
    # each is, when it was uploaded, its name, size and checksum (decision 0056).
    documents = list(
        PlacementDocument.objects.filter(placement__participant=participant).order_by(
            "uploaded_at", "pk"
        )
    )

    return {
        "format": FORMAT,
        "generated_at": timezone.now().isoformat(),
        "data_user": DATA_USER,
        "notice": NOTICE,
        "participant": _record(participant),
        "account": _account(user),
        "account_profile": _record(profile) if profile is not None else None,
        "nominations": [_record(nomination) for nomination in nominations],
        "placements": [_record(placement) for placement in placements],
        "reports": [_record(report) for report in reports],
        "amendments": [_record(amendment) for amendment in amendments],
        "costs": [_record(cost) for cost in costs],
        "follow_ups_after_return": [_record(follow_up) for follow_up in follow_ups],
        "documents": [_record(document) for document in documents],
        "renewal_decisions": [_record(decision) for decision in renewals],
        "emails_sent": [
            {
                "event": email.event,
                "subject": email.subject,
                "body": email.body,
                "language": email.language,
                "status": email.status,
                "created_at": email.created_at.isoformat(),
                "sent_at": email.sent_at.isoformat() if email.sent_at else None,
            }
            for email in emails
        ],
        "history": _history(participant, profile, nominations, placements, reports),
    }


def _account(user) -> dict[str, Any] | None:
    if user is None:
        return None
    account = {name: _plain(getattr(user, name)) for name in ACCOUNT_FIELDS}
    account["roles"] = sorted(group.name for group in user.groups.all())
    return account


def _record(obj: models.Model) -> dict[str, Any]:
    """Every concrete and many-to-many field of one of the officer's own records."""
    excluded = EXCLUDED_FIELDS.get(type(obj), set())
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in excluded:
            continue
        if field.is_relation:
            data[field.name] = _related(obj, field)
            continue
        data[field.name] = _plain(getattr(obj, field.attname))
        if field.choices:
            data[f"{field.name}_display"] = str(getattr(obj, f"get_{field.name}_display")())
    for field in obj._meta.many_to_many:
        if field.name in excluded:
            continue
        data[field.name] = [_describe(item) for item in getattr(obj, field.name).all()]
    return data


def _related(obj: models.Model, field: models.Field) -> Any:
    """A foreign key as something a reader understands. Links back to the officer's own records
    stay as ids (no query); reference data the queries above joined becomes codes and names."""
    if getattr(obj, field.attname) is None:
        return None
    if field.related_model in _DESCRIBERS:
        return _describe(getattr(obj, field.name))
    return getattr(obj, field.attname)


def _names(obj) -> dict[str, str]:
    return {
        "name_en": obj.name_en,
        "name_zh_hant": obj.name_zh_hant,
        "name_zh_hans": obj.name_zh_hans,
    }


def _describe_coded(obj) -> dict[str, Any]:
    return {"code": obj.code, **_names(obj)}


def _describe_cohort(cohort) -> dict[str, Any]:
    return {
        "name": cohort.name,
        "phase": cohort.phase,
        "batch": cohort.batch,
        "programme": _describe_coded(cohort.programme),
    }


def _describe_host_unit(unit) -> dict[str, Any]:
    # Only the unit's names: its contact person's details are that person's personal data.
    return {**_names(unit), "organisation": _names(unit.organisation)}


def _describe_placement(placement) -> dict[str, Any]:
    return {"reference_code": placement.reference_code}


def _describe(obj) -> Any:
    describer = _DESCRIBERS.get(type(obj))
    return describer(obj) if describer else obj.pk


_DESCRIBERS = {
    Department: _describe_coded,
    Grade: _describe_coded,
    Programme: _describe_coded,
    FocusArea: _describe_coded,
    Language: _describe_coded,
    Cohort: _describe_cohort,
    HostUnit: _describe_host_unit,
    Placement: _describe_placement,
}


def _plain(value: Any) -> Any:
    """A field value as JSON: dates and times as ISO 8601, everything else as text or number."""
    if isinstance(value, datetime.date | datetime.time):  # datetime is a date
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, str):
        return str(value)  # a TextChoices member becomes its plain value
    return value


def _history(participant, profile, nominations, placements, reports) -> list[dict[str, Any]]:
    """Every change to the officer's own records: when, what kind, which fields, why, and the
    username of the account that made it (nothing else about that person). One query per table.
    """
    nomination_ids = [n.pk for n in nominations]
    placement_ids = [p.pk for p in placements]
    sources = [
        ("participant", Participant.history.filter(id=participant.pk)),
        (
            "nomination",
            Nomination.history.filter(
                models.Q(participant_id=participant.pk) | models.Q(id__in=nomination_ids)
            ),
        ),
        (
            "placement",
            Placement.history.filter(
                models.Q(participant_id=participant.pk) | models.Q(id__in=placement_ids)
            ),
        ),
        ("report", PlacementReport.history.filter(placement_id__in=placement_ids)),
    ]
    if profile is not None:
        sources.append(("account_profile", type(profile).history.filter(id=profile.pk)))

    entries = []
    for record_type, queryset in sources:
        fields = [
            field
            for field in queryset.model.tracked_fields
            if field.name not in TECHNICAL_FIELDS and not getattr(field, "auto_now", False)
        ]
        m2m = _history_m2m(queryset.model)
        rows = (
            queryset.select_related("history_user")
            .prefetch_related(*(accessor for _name, accessor, _attname in m2m))
            .order_by("id", "history_date", "history_id")
        )
        previous_by_object = defaultdict(lambda: None)
        for row in rows:
            previous = previous_by_object[row.id]
            previous_by_object[row.id] = row
            entry = {
                "record": record_type,
                "record_id": row.id,
                "history_date": row.history_date.isoformat(),
                "history_type": row.history_type,
                "action": HISTORY_ACTIONS.get(row.history_type, row.history_type),
                "changed_fields": _changed(fields, m2m, previous, row),
                "history_change_reason": row.history_change_reason or "",
                "changed_by": row.history_user.username if row.history_user else None,
            }
            if record_type == "placement":
                entry["reference_code"] = row.reference_code
            entries.append(entry)
    entries.sort(key=lambda entry: (entry["history_date"], entry["record"], entry["record_id"]))
    return entries


def _history_m2m(history_model) -> list[tuple[str, str, str]]:
    """For each many-to-many field a history table tracks: the field's name, the accessor from a
    history row to its copied rows (prefetchable), and the column holding the related object."""
    tracked = []
    for field in history_model._history_m2m_fields:
        through = field.remote_field.through
        for relation in history_model._meta.related_objects:
            if getattr(relation.related_model, "instance_type", None) is through:
                target = through._meta.get_field(field.m2m_reverse_field_name())
                tracked.append((field.name, relation.get_accessor_name(), target.attname))
    return tracked


def _changed(fields, m2m, previous, row) -> list[str]:
    if previous is None or row.history_type != "~":
        return []
    changed = [
        field.name
        for field in fields
        if getattr(previous, field.attname) != getattr(row, field.attname)
    ]
    for name, accessor, attname in m2m:
        before = {getattr(item, attname) for item in getattr(previous, accessor).all()}
        after = {getattr(item, attname) for item in getattr(row, accessor).all()}
        if before != after:
            changed.append(name)
    return changed
