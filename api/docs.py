"""Swagger UI and Redoc served from our own static files (drf-spectacular-sidecar), with the
page's inline script and style carrying the CSP nonce: no CDN, no web fonts from elsewhere."""

from django.conf import settings
from django.utils.decorators import method_decorator
from django.views.decorators.csp import csp_override
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerView

# Redoc's bundle inserts two <style> elements as it loads, before its `nonce` option can apply
# (one empty, one of its own fixed CSS). The policy lets exactly those two through by hash; a new
# Redoc with other CSS shows up in tests/browser/test_csp.py, which names the hash to allow.
REDOC_STYLE_HASHES = [
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",
    "'sha256-QMIg+bpjm3JdElJ388KYke01izlUW0UoNOeKjpMxdgc='",
]
REDOC_CSP = {
    **settings.SECURE_CSP,
    "style-src": [*settings.SECURE_CSP["style-src"], *REDOC_STYLE_HASHES],
}


class SwaggerView(SpectacularSwaggerView):
    template_name = "api/swagger_ui.html"


@method_decorator(csp_override(REDOC_CSP), name="dispatch")
class RedocView(SpectacularRedocView):
    template_name = "api/redoc.html"
