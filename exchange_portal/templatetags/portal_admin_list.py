"""`{% portal_result_list cl %}`: Django's `{% result_list cl %}` (the same template, headers and
hidden fields) with the rows written by exchange_portal.admin_rows."""

from django import template
from django.contrib.admin.templatetags.admin_list import result_headers, result_hidden_fields
from django.contrib.admin.templatetags.base import InclusionAdminNode

from exchange_portal.admin_rows import python_results

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
