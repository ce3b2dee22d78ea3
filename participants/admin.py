from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from exchange_portal.admin_imports import PortalImportMixin
from exchange_portal.admin_scoping import PortalAdmin, SafeAutocompleteMixin
from exchange_portal.admin_workflow import (
    ServiceSaveAdminMixin,
    ServiceValidatedForm,
    in_use_filter,
    service_fields,
)
from exchange_portal.search import TrigramSearchAdminMixin

from .forms import DuplicateChoiceMixin, duplicate_choice_field
from .imports import ParticipantResource, PartnerOfficerResource
from .models import Department, Grade, Language, Participant, UserProfile
from .services import (
    DIFFERENT_PERSON,
    account_send_invitation,
    participant_invite,
    participant_save,
)


@admin.register(Department)
class DepartmentAdmin(PortalAdmin):
    list_display = ["code", "name_en", "name_zh_hant", "is_policy_bureau"]
    list_display_links = ["code", "name_en"]
    list_filter = ["is_policy_bureau"]
    search_fields = ["code", "name_en", "name_zh_hant", "name_zh_hans"]
    search_help_text = _("Search by code (EPD) or by name in English or Chinese.")
    list_select_related = ()
    show_full_result_count = False
    fields = ["code", "name_en", "name_zh_hant", "name_zh_hans", "is_policy_bureau"]


@admin.register(Grade)
class GradeAdmin(PortalAdmin):
    list_display = ["code", "name_en", "name_zh_hant"]
    list_display_links = ["code", "name_en"]
    list_filter = [
        in_use_filter(
            "participants.Participant.grade",
            _("held by officers on record"),
        )
    ]
    search_fields = ["code", "name_en", "name_zh_hant", "name_zh_hans"]
    search_help_text = _("Search by code or by name in English or Chinese.")
    list_select_related = ()
    show_full_result_count = False
    fields = ["code", "name_en", "name_zh_hant", "name_zh_hans"]


@admin.register(Language)
class LanguageAdmin(PortalAdmin):
    list_display = ["code", "name_en", "name_zh_hant", "name_zh_hans"]
    list_display_links = ["code", "name_en"]
    search_fields = ["code", "name_en", "name_zh_hant", "name_zh_hans"]
    search_help_text = _("Search by code or by name in English or Chinese.")
    list_select_related = ()
    fields = ["code", "name_en", "name_zh_hant", "name_zh_hans"]


class ParticipantAdminForm(DuplicateChoiceMixin, ServiceValidatedForm):
    """The officer's form; a new officer likely already recorded waits for the user to say
    whether it is the same person (the choice appears only then)."""

    duplicate_choice = duplicate_choice_field()


@admin.register(Participant)
class ParticipantAdmin(
    TrigramSearchAdminMixin, PortalImportMixin, ServiceSaveAdminMixin, PortalAdmin
):
    # Hong Kong civil servants by staff number; partner-government officers by their
    # government's code and reference (else home organisation and e-mail).
    resource_classes = [ParticipantResource, PartnerOfficerResource]
    form = ParticipantAdminForm
    list_display = [
        "name_en",
        "chinese_name_column",
        "origin",
        "affiliation_column",
        "grade",
        "rank",
        "rank_level",
        "staff_number",
    ]
    list_filter = [
        "origin",
        "rank_level",
        ("department", admin.RelatedOnlyFieldListFilter),
        "grade",
    ]
    # Searched through the trigram index (exchange_portal/search.py); department by its filter.
    search_fields = list(Participant.SEARCH_FIELDS)
    search_help_text = _(
        "Search by name (English or Chinese), e-mail, staff number or home organisation, or "
        "any part of them."
    )
    list_select_related = ["department", "grade"]
    show_full_result_count = False
    autocomplete_fields = ["department", "grade", "languages"]
    readonly_fields = ["user", "created_at", "updated_at"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name_en",
                    "name_zh_hant",
                    "name_zh_hans",
                    "email",
                    "phone",
                    "origin",
                    "languages",
                ]
            },
        ),
        (
            _("Hong Kong civil servant"),
            {
                "fields": [
                    "department",
                    "grade",
                    "rank",
                    "rank_level",
                    "staff_number",
                    "date_of_birth",
                    "service_entry_date",
                ]
            },
        ),
        (
            _("Partner-government officer"),
            {
                "fields": [
                    "home_organisation",
                    "home_organisation_zh_hant",
                    "home_organisation_zh_hans",
                ]
            },
        ),
        # The sign-in account is linked by the account services, not typed in here
        # (participant_save ignores it).
        (_("Record"), {"fields": ["user", "created_at", "updated_at"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            # Only a new officer may be someone already recorded.
            fieldsets = [
                *fieldsets,
                (_("Likely the same person"), {"fields": ["duplicate_choice"]}),
            ]
        return fieldsets

    @admin.display(description=_("department or home organisation"), ordering="department__code")
    def affiliation_column(self, obj):
        return obj.affiliation_code

    @admin.display(description=_("Chinese name"), ordering="name_zh_hant")
    def chinese_name_column(self, obj):
        return obj.chinese_name

    actions = ["invite_to_portal"]

    @admin.action(description=_("Invite to the participant portal"), permissions=["change"])
    def invite_to_portal(self, request, queryset):
        """E-mail each officer a one-time link to set a password (re-sends it if invited)."""
        for participant in queryset:
            try:
                participant_invite(participant=participant, actor=request.user)
            except (ValidationError, PermissionDenied) as error:
                messages_list = getattr(error, "messages", [str(error)])
                self.message_user(
                    request,
                    _("%(officer)s was not invited. %(reason)s")
                    % {"officer": participant, "reason": " ".join(messages_list)},
                    messages.ERROR,
                )
            else:
                self.message_user(
                    request,
                    _("An invitation was sent to %(officer)s at %(email)s.")
                    % {"officer": participant, "email": participant.email},
                    messages.SUCCESS,
                )

    def save_through_service(self, request, obj, form, change):
        choice = "" if change else form.cleaned_data.get("duplicate_choice", "")
        saved = participant_save(
            participant=obj, actor=request.user, duplicate_choice=choice, **service_fields(form)
        )
        # "The same person": the recorded officer was used, nothing new recorded.
        request.same_person_used = not change and choice not in ("", DIFFERENT_PERSON)
        return saved

    def response_add(self, request, obj, post_url_continue=None):
        if getattr(request, "same_person_used", False):
            self.message_user(
                request,
                _(
                    "No new officer was recorded: %(officer)s is the same person, and their "
                    "blank details were filled from the form."
                )
                % {"officer": obj},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(
                reverse("admin:participants_participant_change", args=[obj.pk])
            )
        return super().response_add(request, obj, post_url_continue)


class UserProfileForm(forms.ModelForm):
    class Meta:
        model = UserProfile
        fields = ["department", "partner", "language"]

    def clean(self):
        cleaned = super().clean()
        partner = cleaned.get("partner")
        if self.instance.pk is None and partner is not None and "language" not in self.changed_data:
            # A new partner coordinator is written to in their government's language unless
            # another is chosen.
            cleaned["language"] = partner.language
        return cleaned


class UserProfileInline(SafeAutocompleteMixin, admin.StackedInline):
    model = UserProfile
    form = UserProfileForm
    can_delete = False
    autocomplete_fields = ["department"]
    fields = ["department", "partner", "language"]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    """Accounts, with the department a department HR officer is tied to and the mail language.
    Roles are the groups; host-unit contacts are linked on the host unit."""

    inlines = [UserProfileInline]
    list_display = ["username", "email", "first_name", "last_name", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_active", "groups"]
    list_select_related = ()
    search_help_text = _("Search by user name, e-mail or name.")
    show_full_result_count = False

    actions = ["send_invitation"]

    @admin.action(description=_("E-mail a link to set the password"), permissions=["change"])
    def send_invitation(self, request, queryset):
        """For new host-unit contacts and staff: the same one-time link officers receive."""
        for user in queryset.select_related("profile"):
            if not user.email:
                self.message_user(
                    request, _("%(user)s has no e-mail address.") % {"user": user}, messages.ERROR
                )
                continue
            profile = getattr(user, "profile", None)
            account_send_invitation(user=user, language=profile.language if profile else "en")
            self.message_user(
                request,
                _("A link to set the password was sent to %(email)s.") % {"email": user.email},
                messages.SUCCESS,
            )

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            # A programme manager gives accounts their roles, never superuser rights or
            # permissions outside the roles.
            readonly += ["is_superuser", "user_permissions"]
        return readonly
