"""The files the portal keeps: which ones it accepts and where they live.

Every file kept from an upload is checked by its content, not its name: a PDF must start with
`%PDF-`, end with an `%%EOF` trailer and open in a PDF parser, and be no larger than
`UPLOAD_MAX_BYTES`. Kept files go to the "private" storage (settings.STORAGES), which nothing
serves: a view that checks who may see the file answers with it as an attachment
(`private_file_response`). Decision 0036."""

from __future__ import annotations

import zlib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.http import FileResponse
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader
from pypdf.errors import PyPdfError

PDF_HEADER = b"%PDF-"
PDF_TRAILER = b"%%EOF"
# Writers may put a little padding or a line end after the trailer.
TRAILER_WINDOW = 1024
# What an upload that is not a PDF most often is, by its first bytes, for the refusal message.
CONTENT_KINDS = [
    (b"<!doctype html", "HTML"),
    (b"<html", "HTML"),
    (b"<?xml", "XML"),
    (b"<svg", "SVG"),
    (b"#!", _("a script")),
    (b"PK\x03\x04", _("a ZIP archive or Office document")),
    (b"\xd0\xcf\x11\xe0", _("an old Office document")),
    (b"\x89PNG", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF8", "GIF"),
    (b"MZ", _("a Windows program")),
    (b"\x7fELF", _("a program")),
]


def private_storage():
    """The storage of kept files (callable, so a deployment may swap it in STORAGES)."""
    return storages["private"]


def documents_storage():
    """The storage of placements' documents (decision 0056): a FileSystemStorage under
    PRIVATE_MEDIA_ROOT/documents unless a deployment names another backend in STORAGES."""
    return storages["documents"]


def describe_content(head: bytes):
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    for magic, kind in CONTENT_KINDS:
        if start.startswith(magic.lower()):
            return kind
    if b"<html" in start[:1024] or b"<script" in start[:1024]:
        return "HTML"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return _("not recognised")
    return _("plain text")


def megabytes(size: int) -> str:
    value = size / 1_000_000
    return f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"


@deconstructible
class PdfFileValidator:
    """Accept a PDF no larger than `settings.UPLOAD_MAX_BYTES`; refuse anything else with a
    message naming the rule it breaks. Reads the file only as far as it must."""

    def __call__(self, upload):
        name = getattr(upload, "name", "") or _("The file")
        limit = settings.UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise ValidationError(
                _("%(name)s is %(size)s MB; the limit is %(limit)s MB."),
                code="file_too_large",
                params={"name": name, "size": megabytes(upload.size), "limit": megabytes(limit)},
            )
        upload.seek(0)
        head = upload.read(TRAILER_WINDOW)
        if not head.startswith(PDF_HEADER):
            raise ValidationError(
                _("%(name)s is not a PDF: its content is %(kind)s."),
                code="not_pdf",
                params={"name": name, "kind": describe_content(head)},
            )
        upload.seek(max(0, upload.size - TRAILER_WINDOW))
        if PDF_TRAILER not in upload.read(TRAILER_WINDOW):
            raise self.unreadable(name)
        upload.seek(0)
        if not self.parses(upload):
            raise self.unreadable(name)
        upload.seek(0)

    @staticmethod
    def unreadable(name):
        return ValidationError(
            _("%(name)s is not a readable PDF: it is damaged or incomplete."),
            code="unreadable_pdf",
            params={"name": name},
        )

    @staticmethod
    def parses(upload) -> bool:
        try:
            reader = PdfReader(upload, strict=True)
            # An encrypted text cannot be read by whoever downloads it either.
            return not reader.is_encrypted and len(reader.pages) > 0
        except (PyPdfError, ValueError, TypeError, KeyError, IndexError, AttributeError):
            return False
        except RecursionError:  # a crafted file of nested objects
            return False

    def __eq__(self, other):
        return isinstance(other, PdfFileValidator)


validate_pdf = PdfFileValidator()


def private_file_response(
    field_file, *, download_name: str, content_type: str = "application/pdf"
) -> FileResponse:
    """A kept file as a download that no browser renders on the portal's origin."""
    response = FileResponse(
        field_file.open("rb"),
        as_attachment=True,
        filename=download_name,
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


class KeptFileLink:
    """What the admin's file widget shows of a kept file: its name, and the view's address."""

    def __init__(self, name: str, url: str):
        self.name, self.url = name, url

    def __str__(self):
        return self.name


class PrivateFileWidget(AdminFileWidget):
    """The admin's file input, linking the current file to the view that checks who asks
    instead of to a storage address that nothing serves."""

    def __init__(self, *, download_url: str | None = None, attrs=None):
        super().__init__(attrs={"accept": "application/pdf", **(attrs or {})})
        self.download_url = download_url

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if context["widget"]["is_initial"] and self.download_url:
            shown = KeptFileLink(value.name.rsplit("/", 1)[-1], self.download_url)
            context["widget"]["value"] = shown
        return context


# Documents: a PDF, or a scan or photograph as PNG or JPEG (decision 0056) ---------------------

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_START = b"\xff\xd8\xff"
JPEG_END = b"\xff\xd9"


@dataclass(frozen=True)
class DocumentKind:
    """What a kept document is, found from its content."""

    label: str
    content_type: str
    extensions: tuple[str, ...]


PDF = DocumentKind("PDF", "application/pdf", (".pdf",))
PNG = DocumentKind("PNG", "image/png", (".png",))
JPEG = DocumentKind("JPEG", "image/jpeg", (".jpg", ".jpeg"))
DOCUMENT_KINDS = (PDF, PNG, JPEG)


def png_is_whole(data: bytes) -> bool:
    """The signature, an IHDR chunk first, every chunk's length and CRC right, and IEND last
    with nothing after it."""
    if not data.startswith(PNG_SIGNATURE):
        return False
    at, first = len(PNG_SIGNATURE), True
    while at + 12 <= len(data):
        length = int.from_bytes(data[at : at + 4], "big")
        kind = data[at + 4 : at + 8]
        end = at + 12 + length
        if end > len(data):
            return False
        body = data[at + 8 : at + 8 + length]
        if zlib.crc32(kind + body) != int.from_bytes(data[at + 8 + length : end], "big"):
            return False
        if first and (kind != b"IHDR" or length != 13):
            return False
        first = False
        if kind == b"IEND":
            return end == len(data)
        at = end
    return False


def jpeg_is_whole(data: bytes) -> bool:
    """Start of image, segments of the lengths they state up to the start of scan, and the end
    of image marker last."""
    if not data.startswith(JPEG_START) or not data.endswith(JPEG_END) or len(data) < 8:
        return False
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            return False
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            at += 2
            continue
        length = int.from_bytes(data[at + 2 : at + 4], "big")
        if length < 2 or at + 2 + length > len(data):
            return False
        if marker == 0xDA:  # start of scan: the image data runs to the end marker
            return at + 2 + length <= len(data) - 2
        at += 2 + length
    return False


def kind_by_name(name: str) -> DocumentKind | None:
    lowered = name.lower()
    return next((k for k in DOCUMENT_KINDS if lowered.endswith(k.extensions)), None)


def check_document(upload) -> DocumentKind:
    """Accept a PDF, PNG or JPEG no larger than `settings.DOCUMENT_MAX_BYTES` whose name's
    extension agrees with its content; refuse anything else with a message naming the rule it
    breaks. Returns what the file is."""
    name = getattr(upload, "name", "") or _("The file")
    limit = getattr(settings, "DOCUMENT_MAX_BYTES", settings.UPLOAD_MAX_BYTES)
    if upload.size > limit:
        raise ValidationError(
            _("%(name)s is %(size)s MB; the limit is %(limit)s MB."),
            code="file_too_large",
            params={"name": name, "size": megabytes(upload.size), "limit": megabytes(limit)},
        )
    by_name = kind_by_name(name)
    if by_name is None:
        raise ValidationError(
            _("%(name)s is not a PDF, PNG or JPEG file by its name: only those are accepted."),
            code="document_type",
            params={"name": name},
        )
    upload.seek(0)
    head = upload.read(TRAILER_WINDOW)
    upload.seek(0)
    by_content = (
        PDF
        if head.startswith(PDF_HEADER)
        else PNG
        if head.startswith(PNG_SIGNATURE)
        else JPEG
        if head.startswith(JPEG_START)
        else None
    )
    if by_content is None:
        raise ValidationError(
            _("%(name)s is not a PDF, PNG or JPEG file: its content is %(kind)s."),
            code="document_type",
            params={"name": name, "kind": describe_content(head)},
        )
    if by_content is not by_name:
        raise ValidationError(
            _(
                "%(name)s is named as a %(named)s file but its content is %(kind)s: rename it "
                "or choose the right file."
            ),
            code="name_and_content_disagree",
            params={"name": name, "named": by_name.label, "kind": by_content.label},
        )
    if by_content is PDF:
        validate_pdf(upload)  # the size is checked above; this checks the rest
    else:
        data = upload.read()
        upload.seek(0)
        whole = png_is_whole(data) if by_content is PNG else jpeg_is_whole(data)
        if not whole:
            raise ValidationError(
                _("%(name)s is not a readable %(kind)s image: it is damaged or incomplete."),
                code="unreadable_image",
                params={"name": name, "kind": by_content.label},
            )
    return by_content
