"""Writing to a cohort: one e-mail per recipient through the outbox, in their language, and
the message recorded, all in one transaction; the same preview sent twice is sent once."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from exchange_portal.services import require, require_permission, save_with_history
from notifications.models import Event
from notifications.services import notify
from programmes.models import Cohort

from ..audiences import TEXT_FIELDS, MessagePlan, message_plan
from ..models import CohortMessage

SEND = "placements.add_cohortmessage"


def may_write_to_cohort(actor, cohort) -> bool:
    """Who runs the cohort's programme today (a CSB manager, its organising department's
    coordinator) may write to it."""
    return (
        actor is not None
        and actor.is_authenticated
        and actor.has_perm(SEND)
        and Cohort.objects.visible_to(actor).filter(pk=cohort.pk).exists()
    )


def check_message_plan(plan: MessagePlan) -> None:
    """Rules of a message before it is previewed or sent: a group chosen, someone in it, the
    English text written (each Chinese one complete or empty, said on its field)."""
    require(
        bool(plan.audiences),
        _("Choose at least one group of recipients."),
        field="audiences",
        code="no_audience",
    )
    require(
        len(plan) > 0,
        _(
            "Nobody in the groups you chose has an e-mail address to write to: choose other "
            "groups, or add the officers' and contacts' addresses first."
        ),
        field="audiences",
        code="nobody",
    )
    require(bool(plan.texts["subject_en"]), _("Write the subject in English."), field="subject_en")
    require(bool(plan.texts["body_en"]), _("Write the message in English."), field="body_en")
    for suffix, script in (
        ("zh_hant", _("Traditional Chinese")),
        ("zh_hans", _("Simplified Chinese")),
    ):
        subject, body = plan.texts[f"subject_{suffix}"], plan.texts[f"body_{suffix}"]
        require(
            bool(subject) == bool(body),
            _("Write both the subject and the message in %(script)s, or neither.")
            % {"script": script},
            field=f"{'body' if subject else 'subject'}_{suffix}",
            code="incomplete_translation",
        )


@transaction.atomic
def cohort_message_send(
    *, cohort, actor, audiences, preview_key: str, **texts
) -> tuple[CohortMessage, bool]:
    """Send the message the actor previewed (`preview_key`, the plan's hash) to `cohort`'s
    `audiences`: one outbox e-mail per address, in the recipient's language where its text was
    written, else in English, and the message recorded with its count. Returns (message,
    True); the same preview sent again returns (the first message, False) and sends nothing.
    Refused when the recipients or texts changed since the preview (code "stale_preview")."""
    require_permission(actor, SEND)
    if not may_write_to_cohort(actor, cohort):
        raise PermissionDenied(_("You may not write to this cohort."))
    # One sender at a time per cohort: a double submit waits here, then finds the first.
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    already = CohortMessage.objects.filter(cohort=cohort, preview_key=preview_key).first()
    if already is not None:
        return already, False
    plan = message_plan(cohort, audiences=audiences, **texts)
    check_message_plan(plan)
    require(
        plan.key == preview_key,
        _(
            "The recipients or the text changed since the preview: nothing was sent. Check "
            "the new preview, then send."
        ),
        code="stale_preview",
    )
    message = CohortMessage(
        cohort=cohort,
        sent_by=actor,
        sent_at=timezone.now(),
        recipient_count=len(plan),
        preview_key=plan.key,
        **{name: plan.texts[name] for name in TEXT_FIELDS},
        **{
            field: audience in plan.audiences
            for audience, field in CohortMessage.AUDIENCE_FIELDS.items()
        },
    )
    save_with_history(message, actor=actor)
    queued = 0
    for language, recipients in plan.groups().items():
        subject, body = plan.text_in(language)
        queued += len(
            notify(
                event=Event.COHORT_MESSAGE,
                recipients=recipients,
                context={"cohort": cohort, "message_subject": subject, "message_body": body},
                dedupe_key=f"cohort-message:{message.pk}",
                related=message,
            )
        )
    require(queued == len(plan), _("Some recipients could not be queued: nothing was sent."))
    return message, True
