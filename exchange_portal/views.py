"""Where each role goes after signing in."""

from django.shortcuts import redirect
from django.views import View

from .access import EVERYONE, RoleRequiredMixin
from .roles import Role, role_of

ROLE_HOMES = {
    Role.CSB_MANAGER: "staff:dashboard",
    Role.CSB_VIEWER: "staff:dashboard",
    Role.DEPARTMENT_HR: "admin:index",
    Role.HOST_CONTACT: "portal:host_placements",
    Role.PARTICIPANT: "portal:home",
}


class RoleHomeView(RoleRequiredMixin, View):
    """After sign-in: each role's own starting page."""

    allowed_roles = EVERYONE - {Role.ANONYMOUS}

    def get(self, request):
        return redirect(ROLE_HOMES[role_of(request.user)])
