"""Sign-in hardening around Django's authentication and django-axes (decision 0008)."""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.db.models import Sum

# django-axes keeps the user name it counts failures for in a column of 255 characters.
AXES_USERNAME_LENGTH = 255


class LimitedUsernameMixin:
    """Refuse, with a form error, a user name longer than any account's before it reaches
    `authenticate`. Django's form only sets the field's `maxlength` attribute, which a browser
    honours and a script ignores; without the check the attempt reaches django-axes, whose
    column is too short for it (a database error, so a 500, on PostgreSQL)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))


class SignInForm(LimitedUsernameMixin, AuthenticationForm):
    """The sign-in page's form."""


class AdminSignInForm(LimitedUsernameMixin, AdminAuthenticationForm):
    """The admin's sign-in form."""


def axes_username(request, credentials=None) -> str | None:
    """`AXES_USERNAME_CALLABLE`: the user name as django-axes would read it, cut to what its
    column holds, for any caller of `authenticate` that does not check the length first."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        username = credentials.get(field)
    else:
        username = getattr(request, "data", request.POST).get(field)
    return None if username is None else str(username)[:AXES_USERNAME_LENGTH]


class PortalAxesHandler(AxesDatabaseHandler):
    """django-axes' database handler, locking out a user name from one address after
    `AXES_FAILURE_LIMIT` failures (AXES_LOCKOUT_PARAMETERS: the pair), and adding two slower
    back-offs over the same attempts within the cool-off: a user name failing from any number
    of addresses (`AXES_USERNAME_FAILURE_LIMIT`) and an address failing for any number of
    user names (`AXES_ADDRESS_FAILURE_LIMIT`). An outsider can then neither guess one
    account's password from many addresses nor many accounts' from one, but five wrong
    passwords typed somewhere else no longer lock an officer out at their own desk."""

    def wider_failures(self, request, credentials=None) -> bool:
        limits = (
            ("username", get_client_username(request, credentials), "AXES_USERNAME_FAILURE_LIMIT"),
            ("ip_address", request.axes_ip_address, "AXES_ADDRESS_FAILURE_LIMIT"),
        )
        since = get_cool_off_threshold(request)
        for field, value, setting in limits:
            limit = getattr(settings, setting, None)
            if not value or not limit:
                continue
            failures = AccessAttempt.objects.filter(
                **{field: value}, attempt_time__gte=since
            ).aggregate(n=Sum("failures_since_start"))["n"]
            if (failures or 0) >= limit:
                return True
        return False

    def is_locked(self, request, credentials=None) -> bool:
        if super().is_locked(request, credentials):
            return True
        return bool(settings.AXES_LOCK_OUT_AT_FAILURE) and self.wider_failures(request, credentials)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        if (
            request is None
            or getattr(request, "axes_locked_out", False)
            or not settings.AXES_LOCK_OUT_AT_FAILURE
            or not self.wider_failures(request, credentials)
        ):
            return
        request.axes_locked_out = True
        request.axes_credentials = credentials
        user_locked_out.send(
            "axes",
            request=request,
            username=get_client_username(request, credentials),
            ip_address=request.axes_ip_address,
        )
