"""`{% portal_result_list cl %}`: Django's `{% result_list cl %}` (the same template, headers and
hidden fields) with the rows written by exchange_portal.admin_rows; `{% kept_nav_sidebar %}`:
the admin's sidebar kept with its app list."""

from django import template
from django.contrib.admin.templatetags.admin_list import result_headers, result_hidden_fields
from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.utils.safestring import mark_safe

from exchange_portal.admin_rows import python_results
from exchange_portal.admin_site import KEPT_SIDEBARS, KeptAppList

register = template.Library()


def portal_result_list(cl):
    """What Django's `result_list(cl)` gives the template, the rows from `python_results`."""
    headers = list(result_headers(cl))
    return {
        "cl": cl,
        "result_hidden_fields": list(result_hidden_fields(cl)),
        "result_headers": headers,
        "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        "results": python_results(cl),
    }


@register.tag(name="portal_result_list")
def portal_result_list_tag(parser, token):
    return InclusionAdminNode(
        "portal_result_list",
        parser,
        token,
        func=portal_result_list,
        template_name="change_list_results.html",
        takes_context=False,
    )


@register.simple_tag(takes_context=True)
def kept_nav_sidebar(context):
    """Django's `{% include "admin/nav_sidebar.html" %}`, rendered once per kept app list
    (user, sign-in version, language) and page path (exchange_portal.admin_site)."""
    apps = context.get("available_apps")
    sidebar = context.template.engine.get_template("admin/nav_sidebar.html")
    request = context.get("request")
    if not isinstance(apps, KeptAppList) or request is None:
        return mark_safe(sidebar.render(context))  # noqa: S308 (a template's output)
    html = apps.sidebars.get(request.path)
    if html is None:
        html = sidebar.render(context)
        if len(apps.sidebars) >= KEPT_SIDEBARS:
            apps.sidebars.clear()
        apps.sidebars[request.path] = html
    return mark_safe(html)  # noqa: S308 (a template's output)
