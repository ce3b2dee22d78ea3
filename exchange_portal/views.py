"""Where each role goes after signing in."""

from django.shortcuts import redirect
from django.views import View

from .access import RoleRequiredMixin
from .roles import SIGNED_IN, Role, role_of

ROLE_HOMES = {
    Role.CSB_MANAGER: "staff:dashboard",
    Role.CSB_VIEWER: "staff:dashboard",
    Role.DEPARTMENT_HR: "admin:index",
    # Until their own home pages come (issue 16): coordinators run their department's
    # programmes where HR work today; a partner coordinator has no staff screen, the admin or
    # the API (none shows them a Hong Kong officer), so they start on the public pages.
    Role.PROGRAMME_COORDINATOR: "admin:index",
    Role.PARTNER_COORDINATOR: "public:home",
    Role.HOST_CONTACT: "portal:host_placements",
    Role.PARTICIPANT: "portal:home",
}


class RoleHomeView(RoleRequiredMixin, View):
    """After sign-in: each role's own starting page."""

    allowed_roles = SIGNED_IN

    def get(self, request):
        return redirect(ROLE_HOMES[role_of(request.user)])
