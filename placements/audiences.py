"""Who a message to a cohort reaches (reads only): the officers selected or placed, those still
under consideration, their departments' HR officers (a partner officer's government's
coordinators), the host units' contacts; each once, however many groups name them, and in the
language of the text they will get (their own where it was written, else English). The preview
and the send read the same plan, so the count shown is the count sent."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field, replace

from django.conf import settings

from notifications.selectors import (
    Recipient,
    recipient_for_participant,
    recipients_for_departments_hr,
    recipients_for_host_units,
    recipients_for_partners_coordinators,
)

from .models import Audience, Nomination, Placement

# The languages a message is written in, each with the suffix of its fields.
TEXT_LANGUAGES = {"en": "en", "zh-hant": "zh_hant", "zh-hans": "zh_hans"}
TEXT_FIELDS = tuple(
    f"{part}_{suffix}" for suffix in TEXT_LANGUAGES.values() for part in ("subject", "body")
)
# A placement in these states takes its officer out of the "selected or placed" group.
ENDED_PLACEMENT_STATES = (Placement.Status.WITHDRAWN, Placement.Status.CANCELLED)


@dataclass(frozen=True)
class Addressee:
    """One person a message goes to: the recipient (in the language of the text they get),
    the group that first named them, their own language, and the record that names them
    (the officer, the department, the partner government or the host unit)."""

    recipient: Recipient
    audience: Audience
    own_language: str
    about: object = None
    officer: object = None

    @property
    def falls_back(self) -> bool:
        return self.recipient.language != self.own_language


@dataclass
class MessagePlan:
    cohort: object
    audiences: list[Audience]
    texts: dict[str, str]
    addressees: list[Addressee] = field(default_factory=list)
    merged: int = 0

    def __len__(self) -> int:
        return len(self.addressees)

    def written(self, language: str) -> bool:
        suffix = TEXT_LANGUAGES[language]
        return bool(self.texts.get(f"subject_{suffix}") and self.texts.get(f"body_{suffix}"))

    def text_in(self, language: str) -> tuple[str, str]:
        """(subject, body) that readers of `language` get: theirs if written, else English."""
        suffix = TEXT_LANGUAGES[language] if self.written(language) else "en"
        return self.texts[f"subject_{suffix}"], self.texts[f"body_{suffix}"]

    def by_audience(self) -> list[tuple[Audience, int]]:
        counts = Counter(a.audience for a in self.addressees)
        return [(audience, counts[audience]) for audience in self.audiences]

    def by_language(self) -> list[dict]:
        """Per language of the portal: how many readers have it, whether its text was written
        (else they get the English one)."""
        counts = Counter(a.own_language for a in self.addressees)
        labels = dict(settings.LANGUAGES)
        return [
            {
                "code": code,
                "label": labels[code],
                "count": counts[code],
                "written": self.written(code),
            }
            for code in TEXT_LANGUAGES
        ]

    def groups(self) -> dict[str, list[Recipient]]:
        """The recipients by the language of the text they get, English first."""
        groups: dict[str, list[Recipient]] = {code: [] for code in TEXT_LANGUAGES}
        for addressee in self.addressees:
            groups[addressee.recipient.language].append(addressee.recipient)
        return {code: recipients for code, recipients in groups.items() if recipients}

    @property
    def key(self) -> str:
        """The hash of what the preview shows: cohort, groups, texts and who gets which
        language. Sending the same preview twice finds the first message by it."""
        content = {
            "cohort": self.cohort.pk,
            "audiences": sorted(str(a) for a in self.audiences),
            "texts": {name: self.texts.get(name, "") for name in TEXT_FIELDS},
            "to": sorted(
                [a.recipient.email.lower(), a.recipient.language] for a in self.addressees
            ),
        }
        encoded = json.dumps(content, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(encoded).hexdigest()


def _officers(cohort, states):
    return (
        Nomination.objects.filter(cohort=cohort, status__in=states)
        .exclude(placement__status__in=ENDED_PLACEMENT_STATES)
        .select_related(
            "participant__user__profile",
            "participant__department",
            "participant__partner",
            "nominating_department",
        )
        .order_by("participant__name_en", "pk")
    )


def _candidates(cohort, audiences):
    """(audience, recipient, record) for each group chosen, in the order of Audience."""
    selected = (Nomination.Status.SELECTED,)
    if Audience.OFFICERS in audiences:
        for nomination in _officers(cohort, selected):
            officer = nomination.participant
            yield Audience.OFFICERS, recipient_for_participant(officer), officer
    if Audience.NOMINEES in audiences:
        for nomination in _officers(cohort, Nomination.OPEN_STATES):
            officer = nomination.participant
            yield Audience.NOMINEES, recipient_for_participant(officer), officer
    if Audience.HR in audiences:
        departments, partners = {}, {}
        for nomination in _officers(cohort, (*selected, *Nomination.OPEN_STATES)):
            officer = nomination.participant
            if officer.partner_id is not None:
                # A partner officer's own government hears what HR would.
                partners.setdefault(officer.partner_id, officer.partner)
                continue
            department = nomination.nominating_department or officer.department
            if department is not None:
                departments.setdefault(department.pk, department)
        found = recipients_for_departments_hr(list(departments))
        for department_id, recipient in sorted(found, key=lambda f: departments[f[0]].code):
            yield Audience.HR, recipient, departments[department_id]
        found = recipients_for_partners_coordinators(list(partners))
        for partner_id, recipient in sorted(found, key=lambda f: partners[f[0]].code):
            yield Audience.HR, recipient, partners[partner_id]
    if Audience.HOSTS in audiences:
        placements = (
            Placement.objects.filter(cohort=cohort, status__in=Placement.LIVE_STATES)
            .select_related("host_unit__organisation")
            .order_by("host_unit__name_en", "host_unit_id")
        )
        units = {p.host_unit_id: p.host_unit for p in placements}
        for unit_id, recipient in recipients_for_host_units(list(units.values())):
            yield Audience.HOSTS, recipient, units[unit_id]


def message_plan(cohort, *, audiences, **texts) -> MessagePlan:
    """Who a message to `cohort`'s `audiences` with these texts (subject_en, body_en,
    subject_zh_hant, ...) reaches, each once (by address), in the language they will read."""
    chosen = [audience for audience in Audience if audience in set(audiences)]
    texts = {name: (texts.get(name) or "").strip() for name in TEXT_FIELDS}
    plan = MessagePlan(cohort=cohort, audiences=chosen, texts=texts)
    seen = set()
    for audience, recipient, record in _candidates(cohort, chosen):
        if recipient is None or not recipient.email:
            continue
        address = recipient.email.lower()
        if address in seen:
            plan.merged += 1
            continue
        seen.add(address)
        own = recipient.language
        language = own if plan.written(own) else "en"
        officer = record if audience in (Audience.OFFICERS, Audience.NOMINEES) else None
        if language != own:
            name = officer.name_en if officer is not None else recipient.name
            recipient = replace(recipient, language=language, name=name)
        plan.addressees.append(
            Addressee(
                recipient=recipient,
                audience=audience,
                own_language=own,
                about=record,
                officer=officer,
            )
        )
    return plan
