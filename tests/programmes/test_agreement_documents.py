"""The signed text of an agreement: only a real PDF within the size limit is kept, it is kept
where nothing serves it, and only CSB staff can download it, as an attachment that no browser
renders on the portal's origin."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programmes.models import PartnerAgreement
from tests.conftest import make_user
from tests.programmes.factories import PartnerAgreementFactory, small_pdf

pytestmark = pytest.mark.django_db

HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


@pytest.fixture
def manager(client, django_user_model):
    user = make_user(django_user_model, "manager", "csb_manager")
    client.force_login(user)
    return user


def upload(client, agreement, name, content):
    data = {
        "programme": agreement.programme_id,
        "title": agreement.title,
        "counterpart_en": agreement.counterpart_en,
        "counterpart_zh": "",
        "signed_on": "2023-09-01",
        "in_force_from": "2023-09-01",
        "in_force_to": "",
        "duration_value": "",
        "duration_unit": "month",
        "places_per_batch": "",
        "reciprocal": "on",
        "document": SimpleUploadedFile(name, content),
    }
    url = reverse("admin:programmes_partneragreement_change", args=[agreement.pk])
    return client.post(url, data)


def document_errors(response):
    assert response.status_code == 200, "the form should be shown again"
    return [str(e) for e in response.context["adminform"].form.errors["document"]]


def kept_files(directory):
    return [p for p in directory.rglob("*") if p.is_file()] if directory.exists() else []


def test_an_html_page_renamed_pdf_is_refused_and_nothing_is_kept(client, manager, private_dir):
    agreement = PartnerAgreementFactory()
    response = upload(client, agreement, "signed.pdf", HTML)
    assert document_errors(response) == ["signed.pdf is not a PDF: its content is HTML."]
    assert kept_files(private_dir) == []
    agreement.refresh_from_db()
    assert not agreement.document


def test_a_shell_script_is_refused(client, manager, private_dir):
    agreement = PartnerAgreementFactory()
    response = upload(client, agreement, "install.sh", b"#!/bin/sh\nrm -rf /\n")
    assert document_errors(response) == ["install.sh is not a PDF: its content is a script."]
    assert kept_files(private_dir) == []


def test_a_file_over_the_size_limit_is_refused_naming_both_sizes(
    client, manager, private_dir, settings
):
    settings.UPLOAD_MAX_BYTES = 1_000_000
    agreement = PartnerAgreementFactory()
    content = small_pdf()
    content = content[:-6] + b" " * 1_500_000 + content[-6:]
    response = upload(client, agreement, "scan.pdf", content)
    assert document_errors(response) == ["scan.pdf is 1.5 MB; the limit is 1 MB."]
    assert kept_files(private_dir) == []


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.7\n" + b"\x00garbage\xff" * 200 + b"\n%%EOF\n",
        small_pdf()[:-200],  # cut short: no trailer
    ],
    ids=["garbage-body", "truncated"],
)
def test_a_damaged_pdf_is_refused_as_unreadable(client, manager, private_dir, content):
    agreement = PartnerAgreementFactory()
    response = upload(client, agreement, "signed.pdf", content)
    assert document_errors(response) == [
        "signed.pdf is not a readable PDF: it is damaged or incomplete."
    ]
    assert kept_files(private_dir) == []


def test_a_real_pdf_is_kept_outside_the_media_root_and_linked_to_the_checked_download(
    client, manager, private_dir, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    agreement = PartnerAgreementFactory(title="Guangdong exchange 2023")
    response = upload(client, agreement, "signed.pdf", small_pdf())
    assert response.status_code == 302
    assert len(kept_files(private_dir)) == 1
    assert kept_files(settings.MEDIA_ROOT) == []

    download = reverse("staff:agreement_document", args=[agreement.pk])
    changelist = client.get(reverse("admin:programmes_partneragreement_changelist"))
    assert f'href="{download}"' in changelist.content.decode()
    change = client.get(reverse("admin:programmes_partneragreement_change", args=[agreement.pk]))
    assert f'href="{download}"' in change.content.decode()
    assert "/media/" not in change.content.decode()
    page = client.get(reverse("staff:agreement_exchange", args=[agreement.pk]))
    assert f'href="{download}"' in page.content.decode()


@pytest.mark.parametrize("role", ["csb_manager", "csb_viewer"])
def test_csb_staff_download_the_signed_text_as_an_attachment_the_browser_does_not_render(
    client, django_user_model, private_dir, role
):
    agreement = PartnerAgreementFactory(title="Guangdong exchange 2023")
    agreement.document.save("signed.pdf", SimpleUploadedFile("signed.pdf", small_pdf()))
    client.force_login(make_user(django_user_model, "staff", role))

    response = client.get(reverse("staff:agreement_document", args=[agreement.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == small_pdf()
    assert response["Content-Disposition"] == ('attachment; filename="guangdong-exchange-2023.pdf"')
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert {"private", "no-store"} <= {d.strip() for d in response["Cache-Control"].split(",")}


@pytest.mark.parametrize("role", ["participant", "host_contact", "department_hr"])
def test_other_roles_are_refused_the_signed_text(client, django_user_model, private_dir, role):
    agreement = PartnerAgreementFactory()
    agreement.document.save("signed.pdf", SimpleUploadedFile("signed.pdf", small_pdf()))
    client.force_login(make_user(django_user_model, "someone", role))
    response = client.get(reverse("staff:agreement_document", args=[agreement.pk]))
    assert response.status_code == 403


def test_the_public_is_sent_to_sign_in_for_the_signed_text(client, private_dir):
    agreement = PartnerAgreementFactory()
    agreement.document.save("signed.pdf", SimpleUploadedFile("signed.pdf", small_pdf()))
    response = client.get(reverse("staff:agreement_document", args=[agreement.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_agreement_without_a_signed_text_has_nothing_to_download(client, manager):
    agreement = PartnerAgreementFactory()
    assert not PartnerAgreement.objects.get(pk=agreement.pk).document
    response = client.get(reverse("staff:agreement_document", args=[agreement.pk]))
    assert response.status_code == 404
