import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from programmes.models import (
    Budget,
    Cohort,
    CohortQuota,
    Direction,
    DocumentRequirement,
    PartnerAgreement,
    Programme,
)
from tests.participants.factories import DepartmentFactory


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    code = factory.Sequence(lambda n: f"PROG-{n}")
    name_en = factory.Sequence(lambda n: f"Programme {n}")
    kind = Programme.Kind.MAINLAND_EXCHANGE
    organiser = factory.SubFactory(DepartmentFactory, code="CSB", name_en="Civil Service Bureau")
    direction = Direction.TWO_WAY
    default_duration_value = 3
    status = Programme.Status.ACTIVE


class PartnerAgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerAgreement

    programme = factory.SubFactory(ProgrammeFactory)
    counterpart_en = "Guangdong Provincial Government"
    title = factory.Sequence(lambda n: f"Staff exchange agreement {n}")
    signed_on = datetime.date(2023, 9, 1)
    in_force_from = datetime.date(2023, 9, 1)
    status = PartnerAgreement.Status.IN_FORCE


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Batch {n}")
    phase = 1
    batch = factory.Sequence(lambda n: n + 1)
    direction = Direction.OUTBOUND
    start_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=60))
    end_date = factory.LazyAttribute(lambda o: o.start_date + datetime.timedelta(days=90))
    places = 10
    destination = "Futian and Qianhai, Shenzhen"
    status = Cohort.Status.PLANNED


class OpenCohortFactory(CohortFactory):
    status = Cohort.Status.NOMINATIONS_OPEN
    nominations_open_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    nominations_close_at = factory.LazyFunction(
        lambda: timezone.now() + datetime.timedelta(days=14)
    )


class CohortQuotaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CohortQuota

    cohort = factory.SubFactory(CohortFactory)
    department = factory.SubFactory(DepartmentFactory)
    places = 2


def small_pdf() -> bytes:
    """A real one-page PDF, as a scanner or word processor would write it."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


class BudgetFactory(factory.django.DjangoModelFactory):
    """A programme's budget for the financial year 2024-25 (written straight to the table)."""

    class Meta:
        model = Budget

    programme = factory.SubFactory(ProgrammeFactory)
    financial_year = 2024
    amount_hkd = Decimal("100000.00")


class DocumentRequirementFactory(factory.django.DjangoModelFactory):
    """A document a programme requires (pass cohort=... and programme=None for a cohort's)."""

    class Meta:
        model = DocumentRequirement

    programme = factory.SubFactory(ProgrammeFactory)
    cohort = None
    kind = DocumentRequirement.Kind.DUTY_STATEMENT
    provider = DocumentRequirement.Provider.OFFICER
    due_days = -14


def small_png() -> bytes:
    """A real 1×1 PNG: signature, IHDR, IDAT and IEND with their checksums."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def small_jpeg() -> bytes:
    """A minimal JPEG's structure: SOI, an APP0 segment, a start of scan and EOI."""
    app0 = b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sos = b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00"
    return b"\xff\xd8" + app0 + sos + b"\x12\x34\x56" + b"\xff\xd9"
