"""Imports and one record per person (issue 17, decision 0042): a row that would record an
officer likely already recorded under another key is refused in the preview, naming the match
and how to choose ('New person'); the same file twice records nothing more; two imports of the
same new officer at once (real threads, PostgreSQL) end with one record."""

import threading

import pytest
from django.db import connection

from exchange_portal.imports import DetectedFormat
from participants.imports import ParticipantResource, PartnerOfficerResource
from participants.models import Participant, PartnerGovernment
from tests.conftest import make_user
from tests.imports.helpers import (
    PARTICIPANT_HEADER,
    PARTICIPANTS_CONFIRM_URL,
    PARTICIPANTS_URL,
    confirm,
    csv_bytes,
    import_file,
    messages_of,
    officer_row,
    preview,
)
from tests.participants.factories import DepartmentFactory, ParticipantFactory

HEADER = [*PARTICIPANT_HEADER, "New person"]
PARTNER_HEADER = [
    "Partner government",
    "Partner reference",
    "Name (English)",
    "E-mail",
    "Home organisation",
]


def row(number, *, new_person="", **values):
    return [*officer_row(number, **values), new_person]


@pytest.mark.django_db
def test_a_row_with_a_recorded_email_is_refused_naming_the_match(client, manager, epd, icac, eo):
    ParticipantFactory(
        department=epd, name_en="CHAN Tai-man", name_zh_hant="", email="tm.chan@epd.gov.hk"
    )
    client.force_login(manager)
    response = preview(
        client, PARTICIPANTS_URL, csv_bytes(HEADER, [row("S9", **{"E-mail": "TM.CHAN@epd.gov.hk"})])
    )
    assert response.context.get("confirm_form") is None
    problem = response.context["problems"][0]
    assert problem.row == 2 and problem.columns == ("E-mail", "New person")
    assert "CHAN Tai-man (EPD), the same e-mail address" in problem.message
    assert "give that officer's staff number in the column 'Staff number'" in problem.message
    assert "write 'yes' in the column 'New person'" in problem.message
    assert Participant.objects.count() == 1


@pytest.mark.django_db
def test_new_person_yes_records_the_officer_and_the_same_file_again_changes_nothing(
    client, manager, epd, icac, eo
):
    ParticipantFactory(department=epd, email="tm.chan@epd.gov.hk")
    client.force_login(manager)
    data = csv_bytes(HEADER, [row("S9", new_person="yes", **{"E-mail": "tm.chan@epd.gov.hk"})])

    assert import_file(client, PARTICIPANTS_URL, PARTICIPANTS_CONFIRM_URL, data).status_code == 302
    assert Participant.objects.filter(email="tm.chan@epd.gov.hk").count() == 2
    history = Participant.history.count()

    response = preview(client, PARTICIPANTS_URL, data)
    assert response.context.get("confirm_form") is not None, messages_of(response)
    assert [r.import_type for r in response.context["result"].rows] == ["skip"]
    confirm(client, PARTICIPANTS_CONFIRM_URL, response)
    assert Participant.objects.count() == 2 and Participant.history.count() == history


@pytest.mark.django_db
def test_department_hr_are_told_of_a_match_elsewhere_without_who_it_is(client, hr, epd, icac, eo):
    ParticipantFactory(department=icac, name_en="HIDDEN Officer", email="tm.chan@epd.gov.hk")
    client.force_login(hr)
    response = preview(
        client, PARTICIPANTS_URL, csv_bytes(HEADER, [row("S9", **{"E-mail": "tm.chan@epd.gov.hk"})])
    )
    message = messages_of(response)[0]
    assert "already recorded in another department or organisation: ask CSB" in message
    assert "HIDDEN" not in message and "ICAC" not in message


@pytest.mark.django_db
def test_the_import_page_and_template_list_the_new_person_column(client, manager, epd):
    client.force_login(manager)
    assert "New person" in client.get(PARTICIPANTS_URL).content.decode()


@pytest.mark.django_db
def test_a_partner_officer_row_with_a_recorded_email_elsewhere_is_refused_until_new_person(
    client, manager
):
    from tests.imports.test_partner_officer_import import upload

    guangdong = PartnerGovernment.objects.create(code="GD", name_en="Guangdong")
    ParticipantFactory(
        origin="partner", partner=guangdong, department=None, grade=None, staff_number="",
        name_en="LI Ming", name_zh_hant="", email="li.ming@gd.gov.cn", home_organisation="Qianhai",
    )  # fmt: skip
    client.force_login(manager)
    line = ["GD", "", "LI Ming", "li.ming@gd.gov.cn", "Futian District Government"]

    response = upload(client, csv_bytes(PARTNER_HEADER, [line]))
    message = messages_of(response)[0]
    assert "LI Ming (Qianhai), the same e-mail address" in message
    assert "partner reference" in message

    response = upload(client, csv_bytes([*PARTNER_HEADER, "New person"], [[*line, "是"]]))
    assert response.context.get("confirm_form") is not None, messages_of(response)
    confirm(client, PARTICIPANTS_CONFIRM_URL, response)
    assert Participant.objects.filter(email="li.ming@gd.gov.cn").count() == 2


# Two imports at once (PostgreSQL, real threads) -------------------------------------------------


def run_import(resource_class, actor, data: bytes):
    dataset = DetectedFormat().create_dataset(data)
    return resource_class(actor=actor).import_data(
        dataset,
        dry_run=False,
        raise_errors=False,
        use_transactions=True,
        rollback_on_validation_errors=True,
    )


def at_once(*calls):
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # a 500 would be this: the test fails on it
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def outcome(result) -> str:
    if isinstance(result, Exception):
        return f"raised {result!r}"
    if result.has_errors() or result.has_validation_errors():
        return "refused"
    return ",".join(r.import_type for r in result.rows)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("repeat", range(3))
def test_two_imports_of_the_same_new_officer_at_once_record_one(django_user_model, repeat):
    DepartmentFactory(code="EPD")
    first = make_user(django_user_model, "manager1", "csb_manager")
    second = make_user(django_user_model, "manager2", "csb_manager")
    data = csv_bytes(PARTICIPANT_HEADER, [officer_row("S5550001", Grade="")])

    results = at_once(
        lambda: run_import(ParticipantResource, first, data),
        lambda: run_import(ParticipantResource, second, data),
    )

    assert sorted(outcome(r) for r in results) == ["new", "skip"], results
    assert Participant.objects.filter(staff_number="S5550001").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_imports_of_one_person_under_two_staff_numbers_at_once_record_one(django_user_model):
    DepartmentFactory(code="EPD")
    first = make_user(django_user_model, "manager1", "csb_manager")
    second = make_user(django_user_model, "manager2", "csb_manager")
    email = {"E-mail": "same.person@epd.gov.hk", "Grade": ""}

    results = at_once(
        lambda: run_import(
            ParticipantResource, first, csv_bytes(PARTICIPANT_HEADER, [officer_row("S1", **email)])
        ),
        lambda: run_import(
            ParticipantResource, second, csv_bytes(PARTICIPANT_HEADER, [officer_row("S2", **email)])
        ),
    )

    assert sorted(outcome(r) for r in results) == ["new", "refused"], results
    refused = next(r for r in results if outcome(r) == "refused")
    assert "the same e-mail address" in str(refused.invalid_rows[0].error)
    assert Participant.objects.filter(email="same.person@epd.gov.hk").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_partner_imports_of_one_officer_without_a_reference_at_once_record_one(
    django_user_model,
):
    PartnerGovernment.objects.create(code="GD", name_en="Guangdong")
    first = make_user(django_user_model, "manager1", "csb_manager")
    second = make_user(django_user_model, "manager2", "csb_manager")
    data = csv_bytes(PARTNER_HEADER, [["GD", "", "LI Ming", "li.ming@gd.gov.cn", "Futian"]])

    results = at_once(
        lambda: run_import(PartnerOfficerResource, first, data),
        lambda: run_import(PartnerOfficerResource, second, data),
    )

    assert sorted(outcome(r) for r in results) == ["new", "skip"], results
    assert Participant.objects.filter(email="li.ming@gd.gov.cn").count() == 1
