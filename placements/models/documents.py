"""The documents a placement needs, as uploaded by whoever provides each, and every download
of them (decision 0056). The files live in the "documents" storage, outside the web root."""

import os
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from exchange_portal.audit import audit_history
from exchange_portal.files import documents_storage
from exchange_portal.request_id import MAX_LENGTH as REQUEST_ID_LENGTH
from exchange_portal.scoping import ScopedQuerySet

from .records import Placement


class PlacementDocumentQuerySet(ScopedQuerySet):
    # Whoever may see the placement may see its documents: the placement's own reach.
    scope_paths = {
        "department": "placement__participant__department",
        "host_unit": "placement__host_unit",
        "participant": "placement__participant",
        "organiser": "placement__cohort__programme__organiser",
        "partner": "placement__participant__partner",
        "receiving": lambda department: Q(
            placement__host_unit__organisation__department=department,
            placement__cohort__direction="inbound",
        ),
    }


def document_path(instance, filename):
    """A name that tells nothing of the officer: the placement's number and a random part
    (the name it was uploaded under is kept in `original_name`)."""
    extension = os.path.splitext(filename)[1].lower()
    return f"placements/{instance.placement_id}/{uuid.uuid4().hex}{extension}"


class PlacementDocument(models.Model):
    """The current file for one required document of one placement. A newer upload replaces
    the file (the older file is deleted from storage); the history keeps who uploaded what,
    when, and its checksum."""

    placement = models.ForeignKey(
        Placement,
        verbose_name=_("placement"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    requirement = models.ForeignKey(
        "programmes.DocumentRequirement",
        verbose_name=_("required document"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    file = models.FileField(
        _("file"), upload_to=document_path, storage=documents_storage, max_length=300
    )
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=50)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # never listed by it: no index
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))
    history = audit_history(no_db_index=["uploaded_by"])

    objects = PlacementDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["placement", "requirement"]
        verbose_name = _("placement document")
        verbose_name_plural = _("placement documents")
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "requirement"],
                name="placement_document_one_per_requirement",
                violation_error_message=_("This placement already has this document."),
            ),
            models.CheckConstraint(
                condition=Q(content_type__in=["application/pdf", "image/png", "image/jpeg"]),
                name="placement_document_accepted_type",
                violation_error_message=_("Only PDF, PNG and JPEG files are kept."),
            ),
            models.CheckConstraint(
                condition=Q(size__gt=0),
                name="placement_document_not_empty",
                violation_error_message=_("The file is empty."),
            ),
        ]

    def __str__(self):
        return f"{self.requirement} – {self.placement.reference_code}"

    def get_download_url(self):
        return reverse("portal:document", args=[self.pk])

    def get_staff_url(self):
        return reverse("staff:placement", args=[self.placement_id]) + "#documents-heading"


class DocumentDownloadQuerySet(ScopedQuerySet):
    # Read by CSB alone (the admin); every other role's anchor is left out: no row.
    scope_paths = {}


class DocumentDownload(models.Model):
    """One download of a placement's document: who, when, and the request."""

    document = models.ForeignKey(
        PlacementDocument,
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="downloads",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("downloaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(_("downloaded at"), auto_now_add=True)
    request_id = models.CharField(_("request id"), max_length=REQUEST_ID_LENGTH, blank=True)

    objects = DocumentDownloadQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("document download")
        verbose_name_plural = _("document downloads")

    def __str__(self):
        return f"{self.document} @ {self.at:%Y-%m-%d %H:%M}"
