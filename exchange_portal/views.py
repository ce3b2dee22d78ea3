"""Where each role goes after signing in."""

from django.shortcuts import redirect
from django.views import View

from .access import RoleRequiredMixin
from .roles import SIGNED_IN, Role, role_of

ROLE_HOMES = {
    Role.CSB_MANAGER: "staff:dashboard",
    Role.CSB_VIEWER: "staff:dashboard",
    # Department HR start on the calls open to their officers and their nominations.
    Role.DEPARTMENT_HR: "staff:hr_home",
    # Coordinators start on what their department's programmes need of them next; partner
    # coordinators on their own government's pages (neither shows anything beyond their reach).
    Role.PROGRAMME_COORDINATOR: "staff:needs_action",
    Role.PARTNER_COORDINATOR: "portal:partner_home",
    Role.HOST_CONTACT: "portal:host_placements",
    Role.PARTICIPANT: "portal:home",
}


class RoleHomeView(RoleRequiredMixin, View):
    """After sign-in: each role's own starting page."""

    allowed_roles = SIGNED_IN

    def get(self, request):
        return redirect(ROLE_HOMES[role_of(request.user)])
