"""Sign-in hardening around Django's authentication and django-axes (decision 0008)."""

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator

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
