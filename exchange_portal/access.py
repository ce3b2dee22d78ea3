"""Who may use a view. Every view of the portal's own pages declares `allowed_roles`; the access
matrix test (tests/test_access_matrix.py) checks each URL against it for every role."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from .roles import EVERYONE, Role, role_of


class RoleRequiredMixin:
    """Refuse anyone whose role is not in `allowed_roles`: callers not signed in are sent to
    sign in, signed-in callers of another role (or of none) get 403. Objects outside a caller's
    scope are the view's `get_queryset`'s business, and are 404."""

    allowed_roles: frozenset[Role] = frozenset()

    def dispatch(self, request, *args, **kwargs):
        role = role_of(request.user)
        request.role = role
        if role not in self.allowed_roles:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class PublicMixin(RoleRequiredMixin):
    """Pages for everyone, signed in or not. They must never show personal data."""

    allowed_roles = EVERYONE
