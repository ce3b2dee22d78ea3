"""Writes for programmes, partner agreements and cohorts. Every status change goes through the
state tables in programmes/workflow.py."""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from exchange_portal.roles import Role, department_scope, role_of
from exchange_portal.services import (
    assign_fields,
    refuse_past_dates,
    require,
    require_permission,
    save_with_history,
)
from exchange_portal.workflow import run_transition

from . import notify
from .models import (
    Budget,
    Cohort,
    CohortQuota,
    DocumentRequirement,
    PartnerAgreement,
    Programme,
    ProgrammeSuspension,
)
from .workflow import AGREEMENT_WORKFLOW, COHORT_WORKFLOW, PROGRAMME_WORKFLOW

# Fields the status machinery owns; create/update services never take them from a form.
STATUS_FIELDS = {"status", "status_reason"}

# Checks a cohort must pass before it is confirmed, each `check(locked_cohort)` raising a
# ValidationError. The apps above this one register theirs (placements: every selected officer
# has a placement) in their AppConfig.ready, as this app may not import them.
COHORT_CONFIRM_CHECKS: list = []


def register_cohort_confirm_check(check):
    if check not in COHORT_CONFIRM_CHECKS:
        COHORT_CONFIRM_CHECKS.append(check)
    return check


def require_programme_active(programme: Programme, *, doing) -> None:
    """Rule: only an active programme opens calls and runs cohorts. A programme being planned,
    suspended or closed refuses, naming its status."""
    require(
        programme.status == Programme.Status.ACTIVE,
        _(
            "Only an active programme opens calls and runs cohorts: %(programme)s is "
            "%(status)s, so it cannot %(action)s."
        )
        % {
            "programme": programme,
            "status": programme.get_status_display().lower(),
            "action": doing,
        },
        code="programme_not_active",
    )


def _programme_runs(doing):
    def guard(locked: Cohort):
        require_programme_active(locked.programme, doing=doing)

    return guard


def _require_save_permission(instance, actor):
    meta = instance._meta
    action = "add" if instance.pk is None else "change"
    require_permission(actor, f"{meta.app_label}.{action}_{meta.model_name}")


def _save(instance, *, actor, fields: dict):
    _require_save_permission(instance, actor)
    assign_fields(instance, fields, protected=STATUS_FIELDS)
    return save_with_history(instance, actor=actor)


@transaction.atomic
def programme_save(*, programme: Programme, actor, suspensions=None, **fields) -> Programme:
    """Create or edit a programme's facts; its status moves only through the transitions.
    An organising department's coordinator keeps their department as the organiser.
    `suspensions`, when given, are (suspension, fields) pairs to record or correct, and
    (suspension, None) to remove, in the same transaction."""
    _require_save_permission(programme, actor)
    assign_fields(programme, fields, protected=STATUS_FIELDS)
    department = department_scope(actor)
    if department is not None:
        require(
            programme.organiser_id == department,
            _("You can create and edit only the programmes your department organises."),
            field="organiser",
        )
    programme = save_with_history(programme, actor=actor)
    if suspensions:
        programme_suspensions_save(programme=programme, actor=actor, changes=suspensions)
    return programme


@transaction.atomic
def programme_suspensions_save(*, programme: Programme, actor, changes) -> None:
    """Record, correct and remove a programme's suspensions at once: `changes` are
    (suspension, fields) pairs, fields None to remove it. Removals go first, so a period can
    be replaced by one that overlaps it."""
    for suspension, fields in changes:
        if fields is None:
            suspension_delete(suspension=suspension, actor=actor)
    for suspension, fields in changes:
        if fields is not None:
            suspension.programme = programme
            suspension_save(suspension=suspension, actor=actor, **fields)


def programme_activate(*, programme: Programme, actor) -> Programme:
    return run_transition(PROGRAMME_WORKFLOW, programme, "activate", actor=actor)


def programme_suspend(*, programme: Programme, actor, reason: str) -> Programme:
    return run_transition(PROGRAMME_WORKFLOW, programme, "suspend", actor=actor, reason=reason)


def programme_resume(*, programme: Programme, actor) -> Programme:
    return run_transition(PROGRAMME_WORKFLOW, programme, "resume", actor=actor)


def programme_close(*, programme: Programme, actor, reason: str) -> Programme:
    return run_transition(PROGRAMME_WORKFLOW, programme, "close", actor=actor, reason=reason)


def _locked_programme_run_by(programme_id, actor) -> Programme:
    """The programme, row-locked, once the actor may edit it (their department's, for an
    organising department's coordinator)."""
    programme = Programme.objects.select_for_update().get(pk=programme_id)
    require_permission(actor, "programmes.change_programme")
    department = department_scope(actor)
    if department is not None:
        require(
            programme.organiser_id == department,
            _("You can create and edit only the programmes your department organises."),
        )
    return programme


def _require_no_overlap(suspension: ProgrammeSuspension) -> None:
    """Rule: two suspensions of one programme never overlap. Checked under the programme's
    row lock, so two editors cannot both add one (PostgreSQL also refuses it itself)."""
    others = ProgrammeSuspension.objects.filter(programme_id=suspension.programme_id).exclude(
        pk=suspension.pk
    )
    for other in others:
        require(
            not suspension.overlaps(other),
            _("A programme's suspensions cannot overlap: this period overlaps another (%(other)s).")
            % {"other": other.sentence()},
            field="starts_on",
            code="suspension_overlap",
        )


@transaction.atomic
def suspension_save(*, suspension: ProgrammeSuspension, actor, **fields) -> ProgrammeSuspension:
    """Record or correct a dated suspension of a programme the actor runs."""
    assign_fields(
        suspension, fields, protected={"programme", "programme_id"} if suspension.pk else ()
    )
    _locked_programme_run_by(suspension.programme_id, actor)
    if suspension.starts_on is not None:
        _require_no_overlap(suspension)
    return save_with_history(suspension, actor=actor)


@transaction.atomic
def suspension_delete(*, suspension: ProgrammeSuspension, actor) -> None:
    """Remove a period recorded by mistake (its history rows keep it)."""
    _locked_programme_run_by(suspension.programme_id, actor)
    suspension._history_user = actor
    suspension.delete()


@transaction.atomic
def agreement_save(*, agreement: PartnerAgreement, actor, **fields) -> PartnerAgreement:
    return _save(agreement, actor=actor, fields=fields)


def agreement_bring_into_force(*, agreement: PartnerAgreement, actor) -> PartnerAgreement:
    def signed(locked):
        require(
            locked.signed_on is not None,
            _("Record the date the agreement was signed before bringing it into force."),
            field="signed_on",
        )

    return run_transition(
        AGREEMENT_WORKFLOW, agreement, "bring_into_force", actor=actor, guard=signed
    )


def agreement_expire(*, agreement: PartnerAgreement, actor) -> PartnerAgreement:
    return run_transition(AGREEMENT_WORKFLOW, agreement, "expire", actor=actor)


def agreement_terminate(*, agreement: PartnerAgreement, actor, reason: str) -> PartnerAgreement:
    return run_transition(AGREEMENT_WORKFLOW, agreement, "terminate", actor=actor, reason=reason)


# The dates of a cohort that are worth a second look when they are already past.
PAST_DATE_FIELDS = ("nominations_close_at", "start_date")


def _dates_in_past(cohort: Cohort) -> list[str]:
    """The fields among PAST_DATE_FIELDS that are set, already past, and new or changed since
    the cohort was saved (a running cohort's start is past, and editing it asks nothing)."""
    stored = {}
    if cohort.pk is not None:
        stored = Cohort.objects.filter(pk=cohort.pk).values(*PAST_DATE_FIELDS).first() or {}
    now = timezone.now()
    past = []
    for name in PAST_DATE_FIELDS:
        value = getattr(cohort, name)
        if value is None or stored.get(name) == value:
            continue
        is_past = value <= now if isinstance(value, datetime) else value < timezone.localdate()
        if is_past:
            past.append(name)
    return past


def _save_quotas(cohort: Cohort, quotas, *, actor) -> None:
    """Make the cohort's department quotas exactly `quotas` ((department, places) pairs)."""
    wanted = {}
    for department, places in quotas:
        require(
            department.pk not in wanted,
            _("%(department)s has two quotas; give each department one.")
            % {"department": department.code},
            field="quotas",
        )
        wanted[department.pk] = (department, places)
    for quota in cohort.quotas.all():
        if quota.department_id not in wanted:
            quota._history_user = actor
            quota.delete()
            continue
        _department, places = wanted.pop(quota.department_id)
        if quota.places != places:
            quota.places = places
            save_with_history(quota, actor=actor)
    for department, places in wanted.values():
        save_with_history(
            CohortQuota(cohort=cohort, department=department, places=places), actor=actor
        )


@transaction.atomic
def cohort_save(
    *,
    cohort: Cohort,
    actor,
    eligible_grades=None,
    quotas=None,
    past_dates_confirmed: bool = True,
    open_call: bool = False,
    **fields,
) -> Cohort:
    """Create or edit a cohort, with its eligible grades and department quotas when given,
    and open its call at once when `open_call` (a CSB manager's "create and open"). Its
    programme must be one the actor runs and its agreement of the same programme. Dates
    already past are a warning: refused (on "confirm_past_dates") unless
    `past_dates_confirmed`."""
    _require_save_permission(cohort, actor)
    assign_fields(cohort, fields, protected=STATUS_FIELDS)
    if cohort.programme_id is not None:
        require(
            Programme.objects.visible_to(actor).filter(pk=cohort.programme_id).exists(),
            _("Choose one of the programmes you run."),
            field="programme",
        )
    if cohort.agreement_id:
        require(
            cohort.agreement.programme_id == cohort.programme_id,
            _("The agreement belongs to another programme."),
            field="agreement",
        )
    if not past_dates_confirmed:
        refuse_past_dates(
            {
                Cohort._meta.get_field(name).verbose_name: getattr(cohort, name)
                for name in _dates_in_past(cohort)
            }
        )
    cohort = save_with_history(cohort, actor=actor)
    if eligible_grades is not None:
        cohort.eligible_grades.set(eligible_grades)
    if quotas is not None:
        _save_quotas(cohort, quotas, actor=actor)
    if open_call:
        cohort = cohort_open_nominations(cohort=cohort, actor=actor)
    return cohort


@transaction.atomic
def cohort_open_nominations(
    *,
    cohort: Cohort,
    actor,
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
) -> Cohort:
    """Open the call. The window comes from the arguments or from the cohort; it must end in
    the future and before the cohort starts."""
    changes = {}
    if opens_at is not None:
        changes["nominations_open_at"] = opens_at
    if closes_at is not None:
        changes["nominations_close_at"] = closes_at

    def window_set(locked):
        require_programme_active(locked.programme, doing=_("open a call"))
        opens = changes.get("nominations_open_at", locked.nominations_open_at) or timezone.now()
        closes = changes.get("nominations_close_at", locked.nominations_close_at)
        require(
            closes is not None,
            _("Set when nominations close before opening the call."),
            field="nominations_close_at",
        )
        require(
            closes > opens,
            _("Nominations must close after they open."),
            field="nominations_close_at",
        )
        require(
            closes > timezone.now(),
            _("The closing time has already passed; choose a later one."),
            field="nominations_close_at",
        )
        changes["nominations_open_at"] = opens

    cohort = run_transition(
        COHORT_WORKFLOW,
        cohort,
        "open_nominations",
        actor=actor,
        guard=window_set,
        changes=changes,
    )
    notify.call_opened(cohort)
    return cohort


def cohort_start_selection(*, cohort: Cohort, actor) -> Cohort:
    return run_transition(
        COHORT_WORKFLOW,
        cohort,
        "start_selection",
        actor=actor,
        guard=_programme_runs(_("start selection")),
    )


def cohort_confirm(*, cohort: Cohort, actor) -> Cohort:
    def runs_with_its_placements(locked):
        require_programme_active(locked.programme, doing=_("confirm a cohort"))
        for check in COHORT_CONFIRM_CHECKS:
            check(locked)

    return run_transition(
        COHORT_WORKFLOW, cohort, "confirm", actor=actor, guard=runs_with_its_placements
    )


def cohort_start(*, cohort: Cohort, actor) -> Cohort:
    return run_transition(
        COHORT_WORKFLOW, cohort, "start", actor=actor, guard=_programme_runs(_("start a cohort"))
    )


def cohort_complete(*, cohort: Cohort, actor) -> Cohort:
    return run_transition(COHORT_WORKFLOW, cohort, "complete", actor=actor)


def cohort_cancel(*, cohort: Cohort, actor, reason: str) -> Cohort:
    return run_transition(COHORT_WORKFLOW, cohort, "cancel", actor=actor, reason=reason)


# Which service carries out each transition (read by the admin and the staff screens alike).
PROGRAMME_SERVICES = {
    "activate": programme_activate,
    "suspend": programme_suspend,
    "resume": programme_resume,
    "close": programme_close,
}
AGREEMENT_SERVICES = {
    "bring_into_force": agreement_bring_into_force,
    "expire": agreement_expire,
    "terminate": agreement_terminate,
}
COHORT_SERVICES = {
    "open_nominations": cohort_open_nominations,
    "start_selection": cohort_start_selection,
    "confirm": cohort_confirm,
    "start": cohort_start,
    "complete": cohort_complete,
    "cancel": cohort_cancel,
}


@transaction.atomic
def budget_save(*, budget: Budget, actor, **fields) -> Budget:
    """Set a programme's (or one cohort's) budget for a financial year, in HK$ (decision
    0049). A budget may be set below what is already committed: the figures show it overspent,
    and new commitments need an approval."""
    _require_save_permission(budget, actor)
    assign_fields(budget, fields)
    require(
        budget.cohort_id is None
        or Cohort.objects.filter(pk=budget.cohort_id, programme_id=budget.programme_id).exists(),
        _("The cohort must be one of the programme's."),
        field="cohort",
    )
    return save_with_history(budget, actor=actor)


# Required documents (decision 0056) ----------------------------------------------------------

REQUIREMENT_FIELDS = {
    "kind",
    "title",
    "title_zh_hant",
    "title_zh_hans",
    "provider",
    "due_days",
    "outside_hong_kong_only",
}


def _require_csb_manager(actor) -> None:
    """Rule: the documents programmes require are set by CSB programme managers."""
    if role_of(actor) != Role.CSB_MANAGER:
        raise PermissionDenied(_("Only CSB programme managers set the documents required."))


@transaction.atomic
def document_requirement_save(
    *, requirement: DocumentRequirement, actor, **fields
) -> DocumentRequirement:
    """Add or correct a document a programme or cohort requires."""
    _require_csb_manager(actor)
    assign_fields(requirement, {k: v for k, v in fields.items() if k in REQUIREMENT_FIELDS})
    if requirement.programme_id:
        Programme.objects.select_for_update().get(pk=requirement.programme_id)
    elif requirement.cohort_id:
        Cohort.objects.select_for_update().get(pk=requirement.cohort_id)
    return save_with_history(requirement, actor=actor)


@transaction.atomic
def document_requirement_delete(*, requirement: DocumentRequirement, actor) -> None:
    """Remove a requirement no placement has a document for yet (its history keeps it)."""
    _require_csb_manager(actor)
    locked = DocumentRequirement.objects.select_for_update().get(pk=requirement.pk)
    require(
        not locked.documents.exists(),
        _("Documents were uploaded for this requirement: it cannot be removed."),
    )
    locked._history_user = actor
    locked.delete()


@transaction.atomic
def document_requirements_save(*, owner, actor, changes) -> None:
    """An admin inline's changes to a programme's or cohort's requirements at once: `changes`
    are (requirement, fields) pairs, fields None to remove it."""
    for requirement, fields in changes:
        if fields is None:
            document_requirement_delete(requirement=requirement, actor=actor)
    for requirement, fields in changes:
        if fields is not None:
            if isinstance(owner, Programme):
                requirement.programme, requirement.cohort = owner, None
            else:
                requirement.cohort, requirement.programme = owner, None
            document_requirement_save(requirement=requirement, actor=actor, **fields)
