"""Importing partner-government officers in the admin (CSB): named by their government's code
and reference, else home organisation and e-mail; errors name row and column; all or nothing;
department HR cannot record a partner's officer."""

import pytest

from participants.models import Participant, PartnerGovernment
from tests.imports.helpers import (
    PARTICIPANTS_CONFIRM_URL,
    PARTICIPANTS_URL,
    confirm,
    csv_bytes,
    messages_of,
)
from tests.participants.factories import PartnerOfficerFactory

pytestmark = pytest.mark.django_db

HEADER = [
    "Partner government",
    "Partner reference",
    "Name (English)",
    "Name (Simplified Chinese)",
    "E-mail",
    "Home organisation",
    "Rank",
]
PARTNER_RESOURCE = "1"  # the second import the officers' page offers


@pytest.fixture
def guangdong():
    return PartnerGovernment.objects.create(
        code="GD", name_en="Guangdong Provincial Government", language="zh-hans"
    )


def rows():
    return [
        ["GD", "GD-01", "LI Ming", "李明", "li.ming@gd.gov.cn", "Futian District Government", ""],
        ["GD", "", "ZHAO Lei", "赵磊", "zhao.lei@gd.gov.cn", "Nanshan District Government", ""],
    ]


def upload(client, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        PARTICIPANTS_URL,
        {
            "import_file": SimpleUploadedFile("officers.csv", data),
            "format": "0",
            "resource": PARTNER_RESOURCE,
        },
    )


def test_csb_imports_partner_officers_in_the_admin(client, manager, guangdong):
    client.force_login(manager)
    response = upload(client, csv_bytes(HEADER, rows()))
    assert response.context.get("confirm_form") is not None, messages_of(response)

    assert confirm(client, PARTICIPANTS_CONFIRM_URL, response).status_code == 302

    officers = Participant.objects.filter(partner=guangdong, origin="partner")
    assert officers.count() == 2
    assert set(officers.values_list("language", flat=True)) == {"zh-hans"}


def test_a_known_officer_is_updated_by_home_organisation_and_email(client, manager, guangdong):
    known = PartnerOfficerFactory(
        partner=guangdong,
        email="ZHAO.Lei@gd.gov.cn",
        home_organisation="Nanshan District Government",
    )
    client.force_login(manager)
    response = upload(client, csv_bytes(HEADER, rows()))
    confirm(client, PARTICIPANTS_CONFIRM_URL, response)

    assert Participant.objects.filter(partner=guangdong).count() == 2
    known.refresh_from_db()
    assert known.name_zh_hans == "赵磊"


def test_a_file_with_the_former_chinese_name_column_still_imports_the_simplified_name(
    client, manager, guangdong
):
    old_header = [("Name (Chinese)" if c == "Name (Simplified Chinese)" else c) for c in HEADER]
    client.force_login(manager)
    response = upload(client, csv_bytes(old_header, rows()))
    assert confirm(client, PARTICIPANTS_CONFIRM_URL, response).status_code == 302

    officer = Participant.objects.get(partner=guangdong, partner_reference="GD-01")
    assert (officer.name_zh_hans, officer.name_zh_hant) == ("李明", "")


def test_an_unknown_government_names_row_and_column_and_nothing_is_written(
    client, manager, guangdong
):
    bad = rows()
    bad[1][0] = "XX"
    client.force_login(manager)

    response = upload(client, csv_bytes(HEADER, bad))

    assert response.context.get("confirm_form") is None
    assert any("Row 3, column 'Partner government'" in m for m in messages_of(response))
    assert not Participant.objects.exists()


def test_department_hr_cannot_import_a_partners_officers(client, hr, guangdong):
    client.force_login(hr)

    response = upload(client, csv_bytes(HEADER, rows()))

    assert response.context.get("confirm_form") is None
    assert messages_of(response)
    assert not Participant.objects.exists()
