"""The portal's admin site: Django's, with its "view on site" redirect kept to what the user
may see in the admin (docs/decisions/0006-roles-and-scoping.md), and the list of the apps and
models a user may open (the sidebar of every admin page) kept per user and sign-in version."""

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.http import Http404
from django.urls import URLPattern, get_script_prefix, path
from django.utils.translation import get_language

# The app lists this process has built: (user, sign-in version, language, URL prefix) -> list.
KEPT_APP_LISTS = 1000
KEPT_SIDEBARS = 200  # rendered sidebars kept with one app list (one a page path)


class KeptAppList(list):
    """An app list kept by PortalAdminSite, with the sidebar rendered from it per page path
    (the sidebar marks the current app and model by the path): `{% kept_nav_sidebar %}`."""

    def __init__(self, *args):
        super().__init__(*args)
        self.sidebars: dict[str, str] = {}


class PortalAdminSite(AdminSite):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._app_lists: dict[tuple, list] = {}

    def get_app_list(self, request, app_label=None):
        """Django's list of the apps and models the user may open, built once per user,
        sign-in version and language in each process instead of on every admin page (it asks
        every model's admin for four permissions and reverses two URLs a model: a tenth of the
        placement changelist). What it shows depends only on the user's rights, which change
        only with a new sign-in version (exchange_portal.kept_sign_in, decision 0054: any
        account, group, permission or profile saved)."""
        from .kept_sign_in import sign_in_version  # imported with the models

        user = request.user
        version = sign_in_version() if app_label is None and user.is_authenticated else None
        if version is None:
            return super().get_app_list(request, app_label)
        key = (user.pk, version, get_language(), get_script_prefix())
        app_list = self._app_lists.get(key)
        if app_list is None:
            app_list = KeptAppList(super().get_app_list(request))
            if len(self._app_lists) >= KEPT_APP_LISTS:
                self._app_lists.clear()
            self._app_lists[key] = app_list
        return app_list

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
