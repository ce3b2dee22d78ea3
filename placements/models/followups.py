"""After return: what an officer has applied 6 and 12 months after a placement ended, in their
own words and in their department's view (issue 19, point 4)."""

import calendar
import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from exchange_portal.audit import audit_history
from exchange_portal.scoping import ScopedQuerySet

from .records import Placement, PlacementQuerySet

# How long before its due date a follow-up opens (the daily command creates it then).
FOLLOW_UP_WINDOW_DAYS = 30
FOLLOW_UP_MONTHS = (6, 12)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved on by whole months, on the month's last day where it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def follow_up_due_on(end_date: datetime.date, months: int) -> datetime.date:
    return add_months(end_date, months)


def follow_up_opens_on(due_on: datetime.date) -> datetime.date:
    return due_on - datetime.timedelta(days=FOLLOW_UP_WINDOW_DAYS)


def _own_department(department):
    return Q(placement__participant__department=department)


class ReturnFollowUpQuerySet(ScopedQuerySet):
    # The officer's department's HR and programme coordinators: their own department's
    # officers only (not the inbound officers HR receives, nor other departments' officers on
    # the coordinator's programmes); the officer their own.
    scope_paths = {
        "department": "placement__participant__department",
        "organiser": _own_department,
        "participant": "placement__participant",
    }

    def with_related(self):
        return self.select_related(
            "placement__participant__department",
            "placement__cohort__programme",
            "placement__host_unit__organisation",
            "officer_submitted_by",
            "department_submitted_by",
        )

    def open(self):
        return self.filter(status=ReturnFollowUp.Status.OPEN)


class ReturneeQuerySet(PlacementQuerySet):
    """Placements seen as returns (the list of returnees): reached as the follow-ups are, by the
    officer's own department only. Build it with `ReturneeQuerySet(model=Placement)`."""

    scope_paths = {
        "department": "participant__department",
        "organiser": lambda department: Q(participant__department=department),
    }


def returnees():
    """Every officer's return from a completed placement (scope it with `visible_to`)."""
    return ReturneeQuerySet(model=Placement).filter(status=Placement.Status.COMPLETED)


class ReturnFollowUp(models.Model):
    """One follow-up of a completed placement, 6 or 12 months after its end: the officer's
    account of what they have applied since and the view of their department's HR, each
    submitted once (read-only after, until CSB reopens it)."""

    class Months(models.IntegerChoices):
        SIX = 6, _("6 months after return")
        TWELVE = 12, _("12 months after return")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        COMPLETE = "complete", _("Complete")

    class Part(models.TextChoices):
        OFFICER = "officer", _("Officer's account")
        DEPARTMENT = "department", _("Department's view")

    placement = models.ForeignKey(
        Placement,
        verbose_name=_("placement"),
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    months = models.PositiveSmallIntegerField(_("months after return"), choices=Months.choices)
    due_on = models.DateField(_("due on"))
    officer_account = models.TextField(
        _("what I have applied since my return"),
        blank=True,
        help_text=_(
            "What you have applied at work of what you learnt on the placement: changes made, "
            "projects, contacts used, colleagues briefed."
        ),
    )
    officer_submitted_at = models.DateTimeField(_("officer submitted at"), null=True, blank=True)
    officer_submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer's part submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # never listed by it: no index
    )
    department_view = models.TextField(
        _("the department's view"),
        blank=True,
        help_text=_(
            "How the officer has applied the experience in the department, as HR and the "
            "officer's supervisors see it."
        ),
    )
    department_submitted_at = models.DateTimeField(
        _("department submitted at"), null=True, blank=True
    )
    department_submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("department's view submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    status_reason = models.TextField(_("reason for reopening"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = audit_history(no_db_index=["officer_submitted_by", "department_submitted_by"])

    objects = ReturnFollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("follow-up after return")
        verbose_name_plural = _("follow-ups after return")
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "months"],
                name="follow_up_one_per_stage_per_placement",
                violation_error_message=_("This placement already has that follow-up."),
            ),
            models.CheckConstraint(
                condition=Q(months__in=FOLLOW_UP_MONTHS),
                name="follow_up_at_6_or_12_months",
                violation_error_message=_("A follow-up is at 6 or 12 months after return."),
            ),
            models.CheckConstraint(
                condition=Q(officer_submitted_at__isnull=True) | ~Q(officer_account=""),
                name="follow_up_officer_submitted_has_text",
                violation_error_message=_("A submitted account needs its text."),
            ),
            models.CheckConstraint(
                condition=Q(department_submitted_at__isnull=True) | ~Q(department_view=""),
                name="follow_up_department_submitted_has_text",
                violation_error_message=_("A submitted view needs its text."),
            ),
            models.CheckConstraint(
                condition=~Q(status="complete")
                | Q(officer_submitted_at__isnull=False, department_submitted_at__isnull=False),
                name="follow_up_complete_when_both_submitted",
                violation_error_message=_(
                    "A follow-up is complete only once the officer and the department have "
                    "both submitted their parts."
                ),
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="follow_up_status_due")]

    def __str__(self):
        return _("%(months)s-month follow-up of %(code)s") % {
            "months": self.months,
            "code": self.placement.reference_code,
        }

    def get_absolute_url(self):
        return reverse("admin:placements_returnfollowup_change", args=[self.pk])

    def get_staff_url(self):
        return reverse("staff:follow_up", args=[self.pk])

    @property
    def opens_on(self) -> datetime.date:
        return follow_up_opens_on(self.due_on)

    def is_overdue(self, today=None) -> bool:
        from django.utils import timezone

        today = today or timezone.localdate()
        return self.status == self.Status.OPEN and self.due_on < today

    @property
    def officer_submitted(self) -> bool:
        return self.officer_submitted_at is not None

    @property
    def department_submitted(self) -> bool:
        return self.department_submitted_at is not None

    def state_label(self, today=None) -> str:
        """What is left to do, in a few words, for lists."""
        if self.status == self.Status.COMPLETE:
            return str(_("Complete"))
        missing = []
        if not self.officer_submitted:
            missing.append(str(_("officer's account")))
        if not self.department_submitted:
            missing.append(str(_("department's view")))
        waiting = _("Waiting for: %(parts)s") % {"parts": ", ".join(missing)}
        if self.is_overdue(today):
            return str(_("Overdue. %(waiting)s") % {"waiting": waiting})
        return str(waiting)
