"""Who may use the API: the staff roles of the screens, each with its model permissions.

Participants and host contacts have their own pages (the portal and the host pages) and no API;
callers without credentials are told 401. Reads need the model's `view_` permission, writes its
`add_`/`change_` permission, exactly as in the admin; which records are visible is decided by the
viewsets' querysets (the staff lists' selectors), so another department's record is a 404.
"""

from rest_framework.permissions import DjangoModelPermissions

from exchange_portal.roles import COST_READERS, STAFF, role_of

VIEW = ["%(app_label)s.view_%(model_name)s"]


class RolePermissions(DjangoModelPermissions):
    perms_map = {
        **DjangoModelPermissions.perms_map,
        "GET": VIEW,
        "HEAD": VIEW,
        "OPTIONS": VIEW,
    }

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False  # DRF answers 401 (NotAuthenticated) to a caller without credentials
        if role_of(user) not in STAFF:
            return False
        if getattr(view, "_ignore_model_permissions", False):  # the API root
            return True
        return super().has_permission(request, view)


class TransitionPermissions(RolePermissions):
    """A status change needs the record to be visible (view permission); the transition's own
    permission from the state table is checked by the view, then by the service."""

    perms_map = {**RolePermissions.perms_map, "POST": VIEW}


class CostPermissions(RolePermissions):
    """What the programmes cost: the model permission to read placements' costs, and a role
    that reads programmes' money (CSB, coordinators), not department HR, who read their own
    officers' costs on the placements but not a programme's (figures/costs.py)."""

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        return role_of(request.user) in COST_READERS
