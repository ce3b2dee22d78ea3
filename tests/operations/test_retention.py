"""`manage.py purge_expired`: personal data past the periods of docs/privacy.md is anonymised or
deleted, history included; what is inside its period is untouched; every aggregate figure stays
the same; a second run and a dry run change nothing."""

import datetime
import re
from io import StringIO

import pytest
from axes.models import AccessLog
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import models
from django.urls import reverse
from django.utils import timezone

from figures import chart_data
from figures.selectors import count_dashboard_figures, public_figures
from notifications.models import OutboundEmail
from operations.fingerprints import fingerprints, stored_models
from participants.models import Participant, UserProfile
from placements.models import Placement
from placements.selectors import placement_for_enquiry
from tests.conftest import can_sign_in, make_user
from tests.participants.factories import ParticipantFactory
from tests.placements.factories import (
    PlacementFactory,
    PlacementReportFactory,
    SelectedNominationFactory,
)
from tests.programmes.factories import CohortFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2040, 1, 1)


def purge(*args):
    out = StringIO()
    call_command("purge_expired", "--today", TODAY.isoformat(), *args, stdout=out)
    return out.getvalue()


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def officer_with_placement(django_user_model, tag: str, end: datetime.date):
    """An officer with a sign-in account, a nomination, a completed placement ending on `end`
    and a report, every personal value carrying `tag` so that it can be searched for."""
    cohort = CohortFactory(start_date=end - datetime.timedelta(days=180), end_date=end)
    officer = ParticipantFactory(
        name_en=f"{tag} Officer",
        name_zh_hant=f"{tag}官員",
        email=f"{tag.lower()}@example.gov.hk",
        phone=f"9{abs(hash(tag)) % 10**7:07d}",
        staff_number=f"S-{tag}",
        rank=f"{tag} Rank",
    )
    officer.name_en = f"{tag} Officer (renamed)"  # a second history row
    officer.save()
    account = make_user(django_user_model, f"{tag.lower()}.account", "participant")
    account.last_login = at(end)
    account.save()
    UserProfile.objects.create(user=account, language="zh-hant")
    Participant.objects.filter(pk=officer.pk).update(user=account)
    placement = PlacementFactory(
        nomination=SelectedNominationFactory(
            cohort=cohort, participant=officer, statement=f"{tag} statement"
        ),
        status=Placement.Status.COMPLETED,
        duties=f"{tag} duties",
        supervisor_name=f"{tag} Supervisor",
    )
    PlacementReportFactory(
        placement=placement,
        author_role="officer",
        due_on=end + datetime.timedelta(days=30),
        summary=f"{tag} report",
    )
    sent = OutboundEmail.objects.create(
        event="placement_completed",
        to_email=officer.email,
        to_name=officer.name_en,
        subject=f"{tag} subject",
        body=f"{tag} body",
        status=OutboundEmail.Status.SENT,
        sent_at=at(end),
    )
    OutboundEmail.objects.filter(pk=sent.pk).update(created_at=at(end))
    LogEntry.objects.create(
        user=account,
        content_type=ContentType.objects.get_for_model(Participant),
        object_id=str(officer.pk),
        object_repr=str(officer),
        action_flag=CHANGE,
    )
    log = AccessLog.objects.create(username=account.username, ip_address="10.0.0.1")
    AccessLog.objects.filter(pk=log.pk).update(attempt_time=at(end))
    return officer, placement


def occurrences(text: str) -> list[str]:
    """Every text column of every table in which `text` occurs (case-insensitive)."""
    found = []
    for model in stored_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                lookup = {f"{field.attname}__icontains": text}
                if model._base_manager.filter(**lookup).exists():
                    found.append(f"{model._meta.db_table}.{field.column}")
    return found


@pytest.fixture
def old_and_recent(django_user_model):
    # Ended more than 7 years before TODAY: past R1 and R3.
    old = officer_with_placement(django_user_model, "CANARYOLD", datetime.date(2031, 6, 30))
    # Ended 2 years before TODAY: inside every period.
    recent = officer_with_placement(django_user_model, "KEPTRECENT", datetime.date(2037, 12, 31))
    # The recent officer's message is 2 years old; its content only 90 days.
    OutboundEmail.objects.filter(to_email="keptrecent@example.gov.hk").update(
        sent_at=at(TODAY - datetime.timedelta(days=30)),
        created_at=at(TODAY - datetime.timedelta(days=30)),
    )
    AccessLog.objects.filter(username="keptrecent.account").update(
        attempt_time=at(TODAY - datetime.timedelta(days=30))
    )
    return old, recent


def test_personal_data_past_its_period_is_gone_everywhere_history_included(old_and_recent):
    (old, old_placement), _recent = old_and_recent
    code = old_placement.reference_code
    assert occurrences("CANARYOLD")  # in the records, their history, the outbox and logs
    assert len(occurrences(code)) == 2  # the placement and its history

    output = purge()

    assert occurrences("CANARYOLD") == []
    assert occurrences(code) == []
    assert occurrences(old.staff_number) == []
    assert occurrences(old.phone) == []
    assert placement_for_enquiry(code) is None
    old.refresh_from_db()
    assert old.name_en == f"Anonymised officer {old.pk}"
    assert old.email.endswith("@purged.invalid") and old.user is None
    assert all(row.email == old.email and row.name_en == old.name_en for row in old.history.all())
    account = get_user_model().objects.get(pk=LogEntry.objects.get(object_id=str(old.pk)).user_id)
    assert account.username.startswith("purged-") and not account.is_active
    assert not account.has_usable_password() and not account.groups.exists()
    assert not can_sign_in("canaryold.account", "a-long-test-password")
    assert not UserProfile.objects.filter(user=account).exists()
    assert not UserProfile.history.filter(user_id=account.pk).exists()
    assert "R1 officer records: 1 anonymised (and 2 history rows)" in output
    assert "R4 sign-in accounts: 1 anonymised" in output
    # What the figures need stays: the officer's department, grade and rank level, the
    # placement's cohort, host, dates and status.
    old_placement_after = Placement.objects.get(pk=old_placement.pk)
    assert (old_placement_after.status, old_placement_after.end_date) == (
        Placement.Status.COMPLETED,
        old_placement.end_date,
    )
    assert old.department_id is not None


def test_data_inside_its_period_is_untouched(old_and_recent):
    _old, (recent, recent_placement) = old_and_recent
    tables = {
        "participants_participant",
        "participants_historicalparticipant",
        "placements_placement",
        "placements_historicalplacement",
        "placements_nomination",
        "placements_placementreport",
        "participants_userprofile",
    }
    keep = {
        "officer": Participant.objects.filter(pk=recent.pk),
        "history": Participant.history.filter(id=recent.pk),
        "placement": Placement.objects.filter(pk=recent_placement.pk),
        "placement history": Placement.history.filter(id=recent_placement.pk),
        "report": recent_placement.reports.all(),
        "message": OutboundEmail.objects.filter(to_email=recent.email),
        "account": get_user_model().objects.filter(username="keptrecent.account"),
        "sign-in log": AccessLog.objects.filter(username="keptrecent.account"),
    }
    before = {name: list(queryset.values()) for name, queryset in keep.items()}
    assert all(before.values()) and tables

    purge()

    assert {name: list(queryset.values()) for name, queryset in keep.items()} == before
    assert can_sign_in("keptrecent.account", "a-long-test-password")
    assert len(occurrences("KEPTRECENT")) >= 10


def test_outbox_contents_go_after_90_days_and_messages_after_2_years(old_and_recent):
    recent_text = OutboundEmail.objects.create(
        event="report_due_soon", to_email="a@example.gov.hk", subject="due", body="text"
    )
    sent_long_ago = OutboundEmail.objects.create(
        event="report_due_soon",
        to_email="b@example.gov.hk",
        subject="due",
        body="old text",
        status=OutboundEmail.Status.SENT,
        sent_at=at(TODAY - datetime.timedelta(days=100)),
    )
    OutboundEmail.objects.filter(pk__in=[recent_text.pk, sent_long_ago.pk]).update(
        created_at=at(TODAY - datetime.timedelta(days=100))
    )

    output = purge()

    assert not OutboundEmail.objects.filter(to_email="canaryold@example.gov.hk").exists()
    sent_long_ago.refresh_from_db()
    assert (sent_long_ago.subject, sent_long_ago.body) == ("", "")
    assert sent_long_ago.to_email == "b@example.gov.hk"  # who was told what, for 2 years
    recent_text.refresh_from_db()
    assert recent_text.body == "text"  # queued, not sent: still to be sent
    assert "R7 e-mail contents (sent over 90 days ago): 1 anonymised" in output
    assert "R7 e-mails (queued over 2 years ago): 1 deleted" in output


def test_a_second_run_changes_nothing(old_and_recent):
    purge()
    before = fingerprints()

    output = purge()

    assert fingerprints() == before
    assert "Nothing is past its period." in output
    assert re.findall(r": (\d+) were", output) == ["0"] * len(re.findall(r": \d+ were", output))


def test_a_dry_run_says_what_it_would_do_and_writes_nothing(old_and_recent):
    before = fingerprints()

    output = purge("--dry-run")

    assert fingerprints() == before
    assert "R1 officer records: 1 to be anonymised (and 2 history rows)" in output
    assert "Rows to be changed:" in output
    assert "CANARYOLD Officer (renamed)" in Participant.objects.values_list("name_en", flat=True)


def test_a_date_that_is_not_a_date_is_refused():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("purge_expired", "--today", "31/12/2039", stdout=StringIO())


def page_text(client, url):
    """A page's HTML without what differs on every request (nonces, CSRF tokens)."""
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    return re.sub(r'(nonce|value)="[^"]*"', "", html)


def test_every_aggregate_figure_is_the_same_after_the_purge(client, django_user_model):
    call_command("load_demo_data", stdout=StringIO())
    viewer = make_user(django_user_model, "viewer", "csb_viewer")
    on = timezone.localdate()

    def figures():
        from django.core.cache import cache

        cache.clear()
        client.logout()
        public_page = page_text(client, reverse("public:figures"))
        client.force_login(viewer)
        return {
            "public": public_figures(),
            "dashboard": count_dashboard_figures(today=on),
            "charts": chart_data.figure_charts(suppress=False),
            "balances": chart_data.agreement_balances(),
            "public page": public_page,
            "staff figures page": page_text(client, reverse("staff:figures")),
        }

    before = figures()

    purge()

    anonymised = Participant.objects.filter(name_en__startswith="Anonymised officer").count()
    assert anonymised > Participant.objects.count() / 2
    after = figures()
    for key, value in before.items():
        assert after[key] == value, key


def test_a_host_contact_replaced_over_2_years_ago_goes_from_the_units_history():
    from tests.placements.factories import HostUnitFactory

    def unit_with_contacts(tag, replaced_on):
        unit = HostUnitFactory(
            contact_name=f"{tag} Former", contact_email=f"{tag.lower()}.former@example.org"
        )
        first = unit.history.get()
        unit.contact_name, unit.contact_email = f"{tag} Present", f"{tag.lower()}@example.org"
        unit.save()
        unit.history.filter(history_id=first.history_id).update(
            history_date=at(replaced_on - datetime.timedelta(days=400))
        )
        unit.history.exclude(history_id=first.history_id).update(history_date=at(replaced_on))
        return unit

    long_ago = unit_with_contacts("LONGAGO", TODAY - datetime.timedelta(days=3 * 365))
    lately = unit_with_contacts("LATELY", TODAY - datetime.timedelta(days=365))

    output = purge()

    assert occurrences("LONGAGO Former") == []
    assert occurrences("longago.former@") == []
    # The present contact stays, on the unit and in its history; a contact replaced a year
    # ago is still inside the period.
    long_ago.refresh_from_db()
    assert long_ago.contact_name == "LONGAGO Present"
    assert long_ago.history.filter(contact_name="LONGAGO Present").exists()
    assert lately.history.filter(contact_name="LATELY Former").exists()
    assert "R5 former host contacts in host units' history: 1 anonymised" in output
    assert "R5 former host contacts in host units' history: 0 anonymised" in purge()
