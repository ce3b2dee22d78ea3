"""Writes for placements' documents: an upload by whoever provides the document, and the log
of every download (decision 0056)."""

from __future__ import annotations

import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from exchange_portal import request_id
from exchange_portal.files import check_document
from exchange_portal.roles import Role, department_scope, role_of
from exchange_portal.services import require, save_with_history
from programmes.models import DocumentRequirement

from ..checklist import RECEIVING, requirements_for
from ..models import DocumentDownload, Placement, PlacementDocument
from ..models.documents import document_path

Provider = DocumentRequirement.Provider


def may_provide(actor, placement: Placement, requirement: DocumentRequirement) -> bool:
    """Each party uploads only the documents it provides, for the placements it may see: the
    officer their own, department HR their department's officers', a host contact those of
    placements at their units, CSB managers CSB's."""
    if actor is None or not actor.is_authenticated:
        return False
    role = role_of(actor)
    provider = requirement.provider
    if provider == Provider.OFFICER:
        return role == Role.PARTICIPANT and placement.participant.user_id == actor.pk
    if provider == Provider.DEPARTMENT_HR:
        return (
            role == Role.DEPARTMENT_HR
            and department_scope(actor) == placement.participant.department_id
        )
    if provider == Provider.HOST:
        return (
            role == Role.HOST_CONTACT and placement.host_unit.contacts.filter(pk=actor.pk).exists()
        )
    return provider == Provider.CSB and role == Role.CSB_MANAGER


def _digest(upload) -> str:
    sha = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        sha.update(chunk)
    upload.seek(0)
    return sha.hexdigest()


@transaction.atomic
def placement_document_upload(
    *, placement: Placement, requirement: DocumentRequirement, upload, actor
) -> PlacementDocument:
    """Keep `upload` as the placement's `requirement` document, replacing an earlier file (which
    is deleted from storage once this commits). Refused, with nothing stored, unless the actor
    may see the placement and provides that document, and the file is a whole PDF, PNG or JPEG
    of the right size whose name agrees with its content."""
    if not Placement.objects.visible_to(actor).filter(pk=placement.pk).exists():
        raise PermissionDenied(_("You may not add documents to this placement."))
    locked = (
        Placement.objects.select_for_update()
        .select_related("cohort__programme", "host_unit__organisation", "participant")
        .get(pk=placement.pk)
    )
    require(
        locked.status in RECEIVING,
        _("Documents are not taken for a withdrawn or cancelled placement."),
        code="placement_closed",
    )
    require(
        requirement.pk in {r.pk for r in requirements_for(locked)},
        _("This placement does not require that document."),
        field="requirement",
    )
    if not may_provide(actor, locked, requirement):
        raise PermissionDenied(
            _("%(document)s is provided by %(provider)s, not by you.")
            % {
                "document": requirement.label,
                "provider": requirement.get_provider_display().lower(),
            }
        )
    if upload is None:
        raise ValidationError({"file": _("Choose the file to upload.")}, code="required")
    try:
        kind = check_document(upload)
    except ValidationError as refusal:
        raise ValidationError({"file": refusal.messages}, code=refusal.code) from refusal
    document = (
        PlacementDocument.objects.select_for_update()
        .filter(placement=locked, requirement=requirement)
        .first()
    ) or PlacementDocument(placement=locked, requirement=requirement)
    earlier = document.file.name if document.pk else None
    storage = document.file.storage
    digest = _digest(upload)
    stored = storage.save(document_path(document, upload.name), upload)
    try:
        document.file.name = stored
        document.original_name = upload.name.replace("\\", "/").rsplit("/", 1)[-1][:255]
        document.content_type = kind.content_type
        document.size = upload.size
        document.sha256 = digest
        document.uploaded_by = actor
        document.uploaded_at = timezone.now()
        save_with_history(document, actor=actor)
    except BaseException:
        storage.delete(stored)
        raise
    if earlier and earlier != stored:
        transaction.on_commit(lambda: storage.delete(earlier), robust=True)
    return document


@transaction.atomic
def document_download_record(*, document: PlacementDocument, user) -> DocumentDownload:
    """Log one download of a document by someone who may see its placement."""
    if not PlacementDocument.objects.visible_to(user).filter(pk=document.pk).exists():
        raise PermissionDenied(_("You may not see this document."))
    return DocumentDownload.objects.create(
        document=document, user=user, request_id=request_id.current()
    )
