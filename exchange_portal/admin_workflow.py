"""Admin machinery every app shares: forms that validate through the save services, state-table
transitions offered as admin actions, and read-only inlines.

Nothing here decides what may happen. The services and the state tables in each app's
workflow.py do; the admin asks them, shows their answer next to the right field or in a message,
and lets them record who asked.
"""

from __future__ import annotations

import copy

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin import ActionLocation, helpers
from django.core.exceptions import (
    FieldDoesNotExist,
    ImproperlyConfigured,
    PermissionDenied,
    ValidationError,
)
from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.template.response import TemplateResponse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from exchange_portal.admin_scoping import ScopedInlineMixin
from exchange_portal.figures_cache import figures_version
from exchange_portal.filters import kept
from exchange_portal.forms import add_service_error
from exchange_portal.transitions import TransitionSet
from exchange_portal.workflow import Transition, Workflow

# Written only by the transitions (or generated): never an input on an admin form.
WORKFLOW_OWNED_FIELDS = (
    "status",
    "status_reason",
    "reference_code",
    "version",
    "recommended_by",
    "recommended_on",
)
# How many objects a success message names before it says "and N more".
NAMES_IN_MESSAGE = 10


# Saving through the services -----------------------------------------------------------------


class _DryRun(Exception):
    """Raised at the end of a service call made only to hear its verdict, to roll it back."""


def service_fields(form: forms.ModelForm, *, exclude=()) -> dict:
    """The form's cleaned values of the model's own columns, as keyword arguments for a service.

    Many-to-many fields are passed by the caller where the service takes them, and file fields
    are left to the form (ModelForm has already put the upload or the "clear" on the instance,
    which is what the save services receive)."""
    opts = form._meta.model._meta
    values = {}
    for name, value in form.cleaned_data.items():
        try:
            field = opts.get_field(name)
        except FieldDoesNotExist:
            continue
        if not field.concrete or field.many_to_many or isinstance(field, models.FileField):
            continue
        if name not in exclude:
            values[name] = value
    return values


class ServiceValidatedForm(forms.ModelForm):
    """A ModelForm whose validation ends with a dry run of the admin's save service.

    Why a dry run: the services are the one place that knows the rules (a call that is open, a
    department nominating only its own officers, dates that overlap another placement).
    ModelAdmin calls save_model only after the form is valid and has no way back from there to
    the form, so a ValidationError raised in save_model would be a 500. Running the service
    here, inside a savepoint that is always rolled back, puts its errors next to the fields
    they name; save_model then runs it for real. ModelAdmin.changeform_view wraps validation
    and saving in one transaction, so the write happens in the same transaction as the check.

    The dry run comes last in full_clean (a public Form method, unlike _post_clean), after the
    model's own validation has passed, so one fault is never reported twice. The cost is that a
    successful save runs the service twice; services must therefore queue side effects (e-mail,
    tasks) with transaction.on_commit, which a rolled-back savepoint discards.
    """

    # Set by ServiceSaveAdminMixin.get_form on the class it builds for one request.
    service_admin = None
    service_request = None
    service_change = False

    def full_clean(self):
        super().full_clean()
        if not self.is_bound or self._errors or self.service_admin is None:
            return
        if self.service_change and not self.has_changed():
            return
        try:
            with transaction.atomic():
                self.service_admin.save_through_service(
                    self.service_request,
                    copy.copy(self.instance),
                    self,
                    self.service_change,
                )
                raise _DryRun
        except _DryRun:
            pass
        except ValidationError as error:
            add_service_error(self, error)
        except PermissionDenied as error:
            self.add_error(None, str(error) or _("You do not have permission to do this."))


class ServiceSaveAdminMixin:
    """save_model goes through the model's save service, and so does form validation (see
    ServiceValidatedForm). Subclasses implement `save_through_service`."""

    form = ServiceValidatedForm

    def save_through_service(self, request, obj, form, change: bool) -> models.Model:
        """Call the service that creates (`change` false) or edits `obj` with the form's
        values and return what it saved."""
        raise NotImplementedError

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        # modelform_factory builds a new class on every call, so these belong to this request.
        form_class.service_admin = self
        form_class.service_request = request
        form_class.service_change = change
        return form_class

    def save_model(self, request, obj, form, change):
        if change and not form.has_changed():
            return  # Nothing to write, and no empty history row.
        saved = self.save_through_service(request, obj, form, change)
        if saved is not obj:
            # Creating services build their own instance and editing services re-read the
            # row under a lock; the admin goes on with `obj` (log entry, inlines, redirect).
            for field in obj._meta.concrete_fields:
                setattr(obj, field.attname, getattr(saved, field.attname))
            obj._state.adding = False
            obj._state.db = saved._state.db


# Transitions as admin actions ----------------------------------------------------------------


class WorkflowActionsMixin:
    """One admin action per transition of the model's binding (`transitions`, a TransitionSet
    named in `<app>/transitions.py`), each calling the binding's service.

    A service is called as `service(<keyword>=obj, actor=request.user, **inputs)`, where the
    inputs come from the transition's form, the same the staff screens ask for: a reason when
    the state table requires one, the binding's own form when a transition needs more (see
    TransitionSet.form_for). Irreversible transitions ask for confirmation first. The objects
    are the admin's own (its get_queryset and the selection), not the binding's queryset.
    """

    transitions: TransitionSet
    transition_template = "admin/transition_reason.html"

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        transitions = getattr(self, "transitions", None)
        if not isinstance(transitions, TransitionSet) or (
            transitions.workflow.model_label != model._meta.label
        ):
            raise ImproperlyConfigured(
                f"{type(self).__name__} must name the transitions of {model._meta.label} "
                f"(`transitions = ...` from its app's transitions.py)."
            )
        self.actions = [
            *(self.actions or ()),
            *(self._transition_action(t) for t in self.workflow.transitions),
        ]

    @property
    def workflow(self) -> Workflow:
        return self.transitions.workflow

    @staticmethod
    def transition_action_name(transition: Transition) -> str:
        return f"transition_{transition.name}"

    def _transition_action(self, transition: Transition):
        def action(modeladmin, request, queryset):
            return modeladmin.respond_to_transition(request, queryset, transition)

        action.__name__ = self.transition_action_name(transition)
        asks = self.get_transition_form_class(transition) is not None
        label = format_lazy("{}…", transition.label) if asks else transition.label
        return admin.action(
            action,
            description=label,
            location=[ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM],
        )

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        for transition in self.workflow.transitions:
            permission = self.workflow.permission_for(transition)
            if permission and not request.user.has_perm(permission):
                actions.pop(self.transition_action_name(transition), None)
        return actions

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        names = {f.name for f in self.model._meta.get_fields()}
        readonly += [n for n in WORKFLOW_OWNED_FIELDS if n in names and n not in readonly]
        return readonly

    def get_transition_form_class(self, transition: Transition) -> type[forms.Form] | None:
        return self.transitions.form_for(transition, in_admin=True)

    def get_transition_initial(self, request, transition: Transition, queryset) -> dict:
        """Initial values of the transition's form; override to suggest some."""
        return {}

    def respond_to_transition(self, request, queryset, transition: Transition):
        """The action: ask for the transition's inputs when it has any, then apply it."""
        form_class = self.get_transition_form_class(transition)
        inputs = {}
        if form_class is not None:
            if not request.POST.get("post"):
                initial = self.get_transition_initial(request, transition, queryset)
                return self.render_transition_page(
                    request, queryset, transition, form_class(initial=initial)
                )
            form = form_class(request.POST)
            if not form.is_valid():
                return self.render_transition_page(request, queryset, transition, form)
            inputs = form.cleaned_data
        self.apply_transition(request, queryset, transition, inputs)
        return None  # ModelAdmin redirects back to the page the action came from.

    def apply_transition(self, request, queryset, transition: Transition, inputs: dict):
        """Call the service for each object on its own, so one refusal does not undo the rest,
        and say what happened to every object."""
        service = self.transitions.services[transition.name]
        done = []
        for obj in queryset:
            try:
                service(**{self.transitions.keyword: obj}, actor=request.user, **inputs)
            except ValidationError as error:
                self._report_refusal(request, obj, " ".join(error.messages))
            except PermissionDenied as error:
                self._report_refusal(
                    request, obj, str(error) or _("You do not have permission to do this.")
                )
            else:
                done.append(obj)
        if done:
            self._report_success(request, transition, done)

    def _report_refusal(self, request, obj, reason: str):
        self.message_user(
            request,
            _("%(object)s was left unchanged. %(reason)s") % {"object": obj, "reason": reason},
            messages.ERROR,
        )

    def _report_success(self, request, transition: Transition, done: list):
        opts = self.model._meta
        names = ", ".join(str(obj) for obj in done[:NAMES_IN_MESSAGE])
        if len(done) > NAMES_IN_MESSAGE:
            names = _("%(names)s and %(count)d more") % {
                "names": names,
                "count": len(done) - NAMES_IN_MESSAGE,
            }
        message = ngettext(
            "%(count)d %(name)s is now %(state)s: %(objects)s.",
            "%(count)d %(name)s are now %(state)s: %(objects)s.",
            len(done),
        ) % {
            "count": len(done),
            "name": opts.verbose_name if len(done) == 1 else opts.verbose_name_plural,
            "state": str(self.workflow.states(transition.target).label).lower(),
            "objects": names,
        }
        self.message_user(request, message, messages.SUCCESS)

    def render_transition_page(self, request, queryset, transition: Transition, form):
        """The intermediate page: what is about to change, the form, and a way back."""
        opts = self.model._meta
        objects = [(obj, obj.status in transition.sources) for obj in queryset]
        from_change_form = f"{ActionLocation.CHANGE_FORM.value}-action" in request.POST
        context = {
            **self.admin_site.each_context(request),
            "title": _("%(action)s: %(count)d %(name)s")
            % {
                "action": transition.label,
                "count": len(objects),
                "name": opts.verbose_name if len(objects) == 1 else opts.verbose_name_plural,
            },
            "opts": opts,
            "app_label": opts.app_label,
            "transition": transition,
            "form": form,
            "objects": objects,
            "action_name": self.transition_action_name(transition),
            "action_field_name": (
                f"{ActionLocation.CHANGE_FORM.value}-action" if from_change_form else "action"
            ),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "single_object": objects[0][0] if from_change_form and objects else None,
            "media": self.media + form.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.transition_template, context)


# Querysets, inlines and filters ------------------------------------------------------------


class JoinedForNamesMixin:
    """For models whose name (__str__) reads related rows: every queryset the admin builds
    (changelist, autocomplete, change page, actions) joins `list_select_related`.

    ChangeList applies list_select_related only when get_queryset has joined nothing, so joining
    the same list here leaves the changelist exactly as declared, and saves autocomplete a
    query per result."""

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.list_select_related)


class ReadOnlyInline(ScopedInlineMixin, admin.TabularInline):
    """A list of related records to look at and click through to; each is edited (and its
    status moved) on its own page, where its service runs. `select_related` names the joins
    the rows need so that a long list costs one query."""

    extra = 0
    can_delete = False
    show_change_link = True
    select_related: tuple[str, ...] = ()

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.select_related(*self.select_related) if self.select_related else queryset


def in_use_filter(relation: str, title) -> type[admin.SimpleListFilter]:
    """A yes/no list filter on whether any row of another model points at the object (an EXISTS
    subquery: no duplicate rows, no extra query). `relation` names that model and its field,
    e.g. "participants.Participant.grade"."""
    model_label, field = relation.rsplit(".", 1)

    class InUseFilter(admin.SimpleListFilter):
        parameter_name = "in_use"

        def lookups(self, request, model_admin):
            return [("yes", _("Yes")), ("no", _("No"))]

        def queryset(self, request, queryset):
            related = apps.get_model(model_label)._default_manager.filter(**{field: OuterRef("pk")})
            if self.value() == "yes":
                return queryset.filter(Exists(related))
            if self.value() == "no":
                return queryset.filter(~Exists(related))
            return queryset

    InUseFilter.title = title
    return InUseFilter


class KeptRelatedFieldListFilter(admin.RelatedFieldListFilter):
    """Django's list filter by a related reference record (a programme, a focus area), its
    choices read and named once per figures version and language in each process
    (exchange_portal.filters.kept, decision 0047) instead of on every request: the version
    changes with every save or delete of those records, so a renamed programme shows in the
    filter with the next request. The same links and names as Django's filter."""

    def field_choices(self, field, request, model_admin):
        ordering = self.field_admin_ordering(field, request, model_admin)
        key = ("admin-filter", field.model._meta.label, field.name, tuple(map(str, ordering)))
        parent = super().field_choices
        return kept(key, _version_of(request), lambda: parent(field, request, model_admin))


def _version_of(request) -> str:
    """The figures version, read from the shared cache once a request (a page's filters share
    it)."""
    version = getattr(request, "_figures_version", None)
    if version is None:
        version = request._figures_version = figures_version()
    return version
