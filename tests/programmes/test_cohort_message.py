"""Writing to a cohort (issue 19.6): the audience counted as the preview shows it (withdrawn
officers left out, one e-mail per address), each recipient's text in their language or English,
one message per preview however often it is sent, and only those who run the cohort may."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from notifications.models import OutboundEmail
from participants.models import PartnerGovernment
from placements.audiences import message_plan
from placements.models import Audience, CohortMessage, Nomination, Placement
from placements.services import cohort_message_send
from tests.conftest import make_user
from tests.participants.factories import (
    DepartmentFactory,
    ParticipantFactory,
    PartnerOfficerFactory,
)
from tests.placements.factories import (
    HostUnitFactory,
    NominationFactory,
    PlacementFactory,
    SelectedNominationFactory,
)
from tests.programmes.factories import CohortFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

TEXTS = {
    "subject_en": "Briefing on 3 March",
    "body_en": "Please come to the briefing at 10 a.m.",
    "subject_zh_hant": "三月三日簡介會",
    "body_zh_hant": "請於上午十時出席簡介會。",
}


@pytest.fixture
def cohort_world(django_user_model):
    organiser = DepartmentFactory(code="ORG")
    epd = DepartmentFactory(code="EPD")
    cohort = CohortFactory(programme=ProgrammeFactory(organiser=organiser))
    unit = HostUnitFactory()
    contact = make_user(django_user_model, "contact", "host_contact")
    unit.contacts.add(contact)
    placed = ParticipantFactory(department=epd, email="placed@example.gov.hk", language="zh-hant")
    selected = ParticipantFactory(department=epd, email="selected@example.gov.hk", language="en")
    hans = ParticipantFactory(department=epd, email="hans@example.gov.hk", language="zh-hans")
    PlacementFactory(
        nomination=SelectedNominationFactory(participant=placed, cohort=cohort),
        host_unit=unit,
        status=Placement.Status.CONFIRMED,
    )
    SelectedNominationFactory(participant=selected, cohort=cohort)
    SelectedNominationFactory(participant=hans, cohort=cohort)
    # Left out: a withdrawn nomination, a withdrawn placement, one not selected.
    for status in (Nomination.Status.WITHDRAWN, Nomination.Status.NOT_SELECTED):
        NominationFactory(
            cohort=cohort, status=status, participant=ParticipantFactory(department=epd)
        )
    PlacementFactory(
        nomination=SelectedNominationFactory(
            cohort=cohort,
            participant=ParticipantFactory(department=epd, email="gone@example.gov.hk"),
        ),
        status=Placement.Status.WITHDRAWN,
    )
    # Still under consideration: a nominee, whose HR officer is also the placed officer's.
    nominee = ParticipantFactory(department=epd, email="nominee@example.gov.hk")
    NominationFactory(cohort=cohort, participant=nominee)
    hr = make_user(django_user_model, "hr", "department_hr", department=epd)
    manager = make_user(django_user_model, "manager", "csb_manager")
    coordinator = make_user(
        django_user_model, "coordinator", "programme_coordinator", department=organiser
    )
    return {
        "cohort": cohort,
        "unit": unit,
        "contact": contact,
        "hr": hr,
        "manager": manager,
        "coordinator": coordinator,
        "epd": epd,
        "nominee": nominee,
    }


def send(world, audiences, actor=None, **texts):
    texts = texts or TEXTS
    plan = message_plan(world["cohort"], audiences=audiences, **texts)
    return cohort_message_send(
        cohort=world["cohort"],
        actor=actor or world["manager"],
        audiences=audiences,
        preview_key=plan.key,
        **texts,
    )


def addresses(plan):
    return sorted(a.recipient.email for a in plan.addressees)


def test_officers_are_the_selected_and_placed_not_the_withdrawn(cohort_world):
    plan = message_plan(cohort_world["cohort"], audiences=[Audience.OFFICERS], **TEXTS)
    assert addresses(plan) == [
        "hans@example.gov.hk",
        "placed@example.gov.hk",
        "selected@example.gov.hk",
    ]
    nominees = message_plan(cohort_world["cohort"], audiences=[Audience.NOMINEES], **TEXTS)
    assert addresses(nominees) == ["nominee@example.gov.hk"]


def test_each_group_counted_and_a_person_in_two_groups_mailed_once(cohort_world):
    # The host contact is also HR's address: one e-mail, counted under the first group.
    cohort_world["contact"].email = cohort_world["hr"].email
    cohort_world["contact"].save()
    plan = message_plan(
        cohort_world["cohort"],
        audiences=[Audience.OFFICERS, Audience.NOMINEES, Audience.HR, Audience.HOSTS],
        **TEXTS,
    )
    assert dict(plan.by_audience()) == {
        Audience.OFFICERS: 3,
        Audience.NOMINEES: 1,
        Audience.HR: 1,
        Audience.HOSTS: 0,
    }
    assert plan.merged == 1
    assert len(plan) == 5


def test_each_recipient_reads_their_language_or_english(cohort_world):
    message, sent = send(cohort_world, [Audience.OFFICERS])
    assert sent and message.recipient_count == 3
    mails = {m.to_email: m for m in OutboundEmail.objects.about(message)}
    placed = mails["placed@example.gov.hk"]
    assert placed.language == "zh-hant"
    assert placed.subject == "三月三日簡介會"
    assert "請於上午十時出席簡介會。" in placed.body
    # No Simplified text was written: English, and said so by the mail's language.
    hans = mails["hans@example.gov.hk"]
    assert hans.language == "en"
    assert hans.subject == "Briefing on 3 March"
    assert "Please come to the briefing" in hans.body
    assert mails["selected@example.gov.hk"].subject == "Briefing on 3 March"


def test_the_preview_count_is_the_count_sent(cohort_world):
    audiences = [Audience.OFFICERS, Audience.HR, Audience.HOSTS]
    plan = message_plan(cohort_world["cohort"], audiences=audiences, **TEXTS)
    message, _sent = send(cohort_world, audiences)
    assert message.recipient_count == len(plan) == 5
    assert OutboundEmail.objects.about(message).count() == len(plan)
    assert message.to_officers and message.to_hr and message.to_hosts
    assert not message.to_nominees
    assert message.history.count() == 1


def test_the_same_preview_sent_twice_is_sent_once(cohort_world):
    first, sent = send(cohort_world, [Audience.OFFICERS])
    again, sent_again = send(cohort_world, [Audience.OFFICERS])
    assert sent and not sent_again
    assert again == first
    assert CohortMessage.objects.count() == 1
    assert OutboundEmail.objects.filter(event="cohort_message").count() == 3


def test_a_change_since_the_preview_sends_nothing(cohort_world):
    plan = message_plan(cohort_world["cohort"], audiences=[Audience.OFFICERS], **TEXTS)
    SelectedNominationFactory(cohort=cohort_world["cohort"])  # one more officer since
    with pytest.raises(ValidationError) as refused:
        cohort_message_send(
            cohort=cohort_world["cohort"],
            actor=cohort_world["manager"],
            audiences=[Audience.OFFICERS],
            preview_key=plan.key,
            **TEXTS,
        )
    assert "changed since the preview" in str(refused.value)
    assert not OutboundEmail.objects.exists() and not CohortMessage.objects.exists()


def test_no_group_or_nobody_in_it_is_refused_with_a_reason(cohort_world):
    with pytest.raises(ValidationError) as refused:
        send(cohort_world, [])
    assert refused.value.message_dict["audiences"] == ["Choose at least one group of recipients."]
    cohort = CohortFactory()  # nobody nominated
    plan = message_plan(cohort, audiences=[Audience.OFFICERS], **TEXTS)
    with pytest.raises(ValidationError) as nobody:
        cohort_message_send(
            cohort=cohort,
            actor=cohort_world["manager"],
            audiences=[Audience.OFFICERS],
            preview_key=plan.key,
            **TEXTS,
        )
    assert "Nobody in the groups you chose" in nobody.value.message_dict["audiences"][0]
    assert not OutboundEmail.objects.exists()


def test_a_chinese_subject_without_its_message_is_refused(cohort_world):
    texts = {**TEXTS, "body_zh_hant": ""}
    with pytest.raises(ValidationError) as refused:
        send(cohort_world, [Audience.OFFICERS], **texts)
    assert "Traditional Chinese" in refused.value.message_dict["body_zh_hant"][0]


def test_a_partner_officers_government_hears_as_hr(cohort_world, django_user_model):
    partner = PartnerGovernment.objects.create(code="SZ", name_en="Shenzhen")
    officer = PartnerOfficerFactory(partner=partner, email="partner.officer@example.cn")
    SelectedNominationFactory(
        cohort=cohort_world["cohort"], participant=officer, nominating_department=None
    )
    make_user(django_user_model, "sz", "partner_coordinator", partner=partner)
    plan = message_plan(cohort_world["cohort"], audiences=[Audience.HR], **TEXTS)
    assert addresses(plan) == ["hr@example.gov.hk", "sz@example.gov.hk"]


def test_the_coordinator_writes_to_their_programmes_cohorts_only(cohort_world, django_user_model):
    message, sent = send(cohort_world, [Audience.HOSTS], actor=cohort_world["coordinator"])
    assert sent and message.sent_by == cohort_world["coordinator"]
    other = make_user(
        django_user_model, "other", "programme_coordinator", department=DepartmentFactory()
    )
    for actor in (other, cohort_world["hr"]):
        with pytest.raises(PermissionDenied):
            send(cohort_world, [Audience.OFFICERS], actor=actor)


# The screens ---------------------------------------------------------------------------------


ENGLISH = {"subject_en": TEXTS["subject_en"], "body_en": TEXTS["body_en"]}


def form_data(**extra):
    return {"audiences": [Audience.OFFICERS, Audience.HOSTS], **ENGLISH, **extra}


def test_preview_then_send_from_the_cohort_page(client, cohort_world):
    client.force_login(cohort_world["manager"])
    cohort = cohort_world["cohort"]
    url = reverse("staff:cohort_message", args=[cohort.pk])
    page = client.get(cohort.get_staff_url())
    assert url in page.content.decode()
    preview = client.post(url, form_data())
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "This message will be sent to 4 recipients." in html
    assert "English: no text was written in this language" in html
    assert "@" not in "".join(
        line for line in html.splitlines() if "<td>" in line and "example" in line
    )
    assert "placed@example.gov.hk" not in html  # names, never addresses
    key = preview.context["plan"].key
    assert not OutboundEmail.objects.exists()
    sent = client.post(url, form_data(action="send", preview_key=key))
    assert sent.status_code == 302
    assert OutboundEmail.objects.filter(event="cohort_message").count() == 4
    # The browser's back button and a second press: nothing more.
    again = client.post(url, form_data(action="send", preview_key=key), follow=True)
    assert "nothing was sent again" in again.content.decode()
    assert OutboundEmail.objects.filter(event="cohort_message").count() == 4
    listed = client.get(cohort.get_staff_url()).content.decode()
    assert "Briefing on 3 March" in listed


def test_an_empty_audience_comes_back_with_the_reason(client, cohort_world):
    client.force_login(cohort_world["manager"])
    url = reverse("staff:cohort_message", args=[cohort_world["cohort"].pk])
    response = client.post(url, {**TEXTS})
    assert response.status_code == 200
    assert "Choose at least one group of recipients." in response.content.decode()


def test_one_chinese_script_offers_the_other(client, cohort_world):
    client.force_login(cohort_world["manager"])
    url = reverse("staff:cohort_message", args=[cohort_world["cohort"].pk])
    response = client.post(url, form_data(**TEXTS))
    # Traditional written, Simplified empty: the preview is shown only once it is offered.
    assert "preview_key" not in response.context or response.context.get("plan") is None
    form = response.context["form"]
    assert form.data["subject_zh_hans"] == "三月三日简介会"


@pytest.mark.parametrize(
    ("language", "heading", "by_language", "fallback"),
    [
        ("en", "Write to", "By language", "English: no text was written in this language"),
        ("zh-hant", "致函", "按語言", "英文：未有以此語言撰寫內容"),
        ("zh-hans", "致函", "按语言", "英文：未有以此语言撰写内容"),
    ],
)
def test_the_pages_in_three_languages(
    client, cohort_world, language, heading, by_language, fallback
):
    client.force_login(cohort_world["manager"])
    client.cookies["django_language"] = language
    url = reverse("staff:cohort_message", args=[cohort_world["cohort"].pk])
    assert heading in client.get(url).content.decode()
    preview = client.post(url, form_data()).content.decode()
    assert by_language in preview and fallback in preview


@pytest.mark.parametrize(
    "role", ["department_hr", "csb_viewer", "host_contact", "participant", "partner_coordinator"]
)
def test_other_roles_may_not_write(client, cohort_world, django_user_model, role):
    client.force_login(make_user(django_user_model, f"a-{role}", role))
    url = reverse("staff:cohort_message", args=[cohort_world["cohort"].pk])
    assert client.get(url).status_code == 403
    assert client.post(url, form_data()).status_code == 403
    assert not OutboundEmail.objects.exists()


def test_the_public_is_sent_to_sign_in(client, cohort_world):
    url = reverse("staff:cohort_message", args=[cohort_world["cohort"].pk])
    response = client.post(url, form_data())
    assert response.status_code == 302 and "login" in response["Location"]
    assert not CohortMessage.objects.exists()


def test_another_departments_coordinator_gets_404(client, cohort_world, django_user_model):
    other = make_user(
        django_user_model, "other", "programme_coordinator", department=DepartmentFactory()
    )
    client.force_login(other)
    url = reverse("staff:cohort_message", args=[cohort_world["cohort"].pk])
    assert client.get(url).status_code == 404
    assert client.post(url, form_data()).status_code == 404


def test_a_fault_midway_leaves_no_mail_and_no_message(cohort_world, monkeypatch):
    real_save = OutboundEmail.save
    calls = []

    def failing_save(self, *args, **kwargs):
        calls.append(self)
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(OutboundEmail, "save", failing_save)
    with pytest.raises(RuntimeError), transaction.atomic():
        send(cohort_world, [Audience.OFFICERS])
    assert not OutboundEmail.objects.exists()
    assert not CohortMessage.objects.exists()


def test_the_demo_holds_one_message_to_the_gba_phase_1_officers():
    from django.core.management import call_command

    for _ in range(2):  # idempotent
        call_command("load_demo_data", stdout=io.StringIO())
    message = CohortMessage.objects.get()
    assert message.cohort.phase == 1 and message.cohort.programme.code == "MAINLAND-EX"
    assert message.to_officers and message.recipient_count == 10
    mails = OutboundEmail.objects.about(message)
    assert mails.count() == 10
    assert set(mails.values_list("status", flat=True)) == {OutboundEmail.Status.SENT}
    assert message.subject_zh_hant and message.subject_zh_hans


# Query budgets: the preview and the cohort page's list cost the same for few and many --------


def test_the_preview_costs_the_same_queries_for_5_and_50_recipients_of_each_group(
    client, django_user_model
):
    from tests.test_page_budgets import queries_of

    manager = make_user(django_user_model, "manager", "csb_manager")
    cohort = CohortFactory()

    def add(n):
        for _ in range(n):
            department = DepartmentFactory()
            make_user(
                django_user_model,
                f"hr{department.pk}",
                "department_hr",
                department=department,
            )
            unit = HostUnitFactory()
            unit.contacts.add(make_user(django_user_model, f"host{unit.pk}", "host_contact"))
            PlacementFactory(
                nomination=SelectedNominationFactory(
                    cohort=cohort, participant=ParticipantFactory(department=department)
                ),
                host_unit=unit,
            )

    client.force_login(manager)
    url = reverse("staff:cohort_message", args=[cohort.pk])
    data = {"audiences": ["officers", "hr", "hosts"], **ENGLISH}
    add(5)
    client.post(url, data)  # the session's first request writes its last-seen time
    few = queries_of(lambda: client.post(url, data))
    add(45)
    client.post(url, data)  # new accounts: the sign-in is read again, once (decision 0054)
    many = queries_of(lambda: client.post(url, data))
    assert few == many
    assert client.post(url, data).context["plan"].__len__() == 150


def test_the_cohort_page_lists_5_or_50_messages_for_the_same_queries(client, cohort_world):
    from tests.test_page_budgets import queries_of

    cohort = cohort_world["cohort"]

    def add(n):
        for i in range(n):
            CohortMessage.objects.create(
                cohort=cohort,
                sent_by=cohort_world["manager"],
                to_officers=True,
                subject_en=f"Note {i}",
                body_en="Text.",
                recipient_count=3,
                preview_key=f"{n}-{i}",
            )

    client.force_login(cohort_world["manager"])
    url = cohort.get_staff_url()
    add(5)
    client.get(url)
    few = queries_of(lambda: client.get(url))
    add(45)
    many = queries_of(lambda: client.get(url))
    assert few == many
    assert client.get(url).content.decode().count('id="cohort-message-') == 50
