"""The portal's admin site: Django's, with its "view on site" redirect kept to what the user
may see in the admin (docs/decisions/0006-roles-and-scoping.md)."""

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.http import Http404
from django.urls import URLPattern, path


class PortalAdminSite(AdminSite):
    def get_urls(self):
        urls = []
        for pattern in super().get_urls():
            if isinstance(pattern, URLPattern) and pattern.name == "view_on_site":
                pattern = path(
                    str(pattern.pattern),
                    self.admin_view(self.view_on_site),
                    name="view_on_site",
                )
            urls.append(pattern)
        return urls

    def view_on_site(self, request, content_type_id, object_id):
        """Django's shortcut redirects to any object of any model for any staff member; a
        department HR officer could learn that another department's officer or nomination
        exists, and where. Only an object the model's admin shows this user is redirected to;
        anything else is the 404 of a record that never existed."""
        # Imported here: this module is loaded with the app registry, before any model.
        from django.contrib.contenttypes import views as contenttype_views
        from django.contrib.contenttypes.models import ContentType

        try:
            model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
        except (ValueError, OverflowError, ContentType.DoesNotExist):
            raise Http404 from None
        model_admin = self._registry.get(model)
        if model_admin is None:
            raise Http404
        obj = model_admin.get_object(request, object_id)
        if obj is None or not model_admin.has_view_or_change_permission(request, obj):
            raise Http404
        return contenttype_views.shortcut(request, content_type_id, object_id)


class PortalAdminConfig(AdminConfig):
    default_site = "exchange_portal.admin_site.PortalAdminSite"
