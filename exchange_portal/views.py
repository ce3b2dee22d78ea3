"""The landing page and where each role goes after signing in."""

from django.shortcuts import redirect
from django.views import View
from django.views.generic import TemplateView

from .access import EVERYONE, PublicMixin, RoleRequiredMixin
from .roles import Role, role_of

ROLE_HOMES = {
    Role.CSB_MANAGER: "placements:dashboard",
    Role.CSB_VIEWER: "placements:dashboard",
    Role.DEPARTMENT_HR: "admin:index",
    Role.HOST_CONTACT: "placements:host_placements",
    Role.PARTICIPANT: "participants:portal",
}


class HomeView(PublicMixin, TemplateView):
    template_name = "home.html"


class RoleHomeView(RoleRequiredMixin, View):
    """After sign-in: each role's own starting page."""

    allowed_roles = EVERYONE - {Role.ANONYMOUS}

    def get(self, request):
        return redirect(ROLE_HOMES[role_of(request.user)])
