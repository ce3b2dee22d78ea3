"""Swagger UI and Redoc served from our own static files (drf-spectacular-sidecar), with the
page's inline script and style carrying the CSP nonce: no CDN, no web fonts from elsewhere."""

from typing import ClassVar

from django.conf import settings
from django.utils import translation
from django.utils.decorators import method_decorator
from django.views.decorators.csp import csp_override
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerView,
)
from rest_framework.response import Response

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


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema. It describes shapes, not records, and is the same for every caller,
    so it is made once per language and version in each process instead of on every request
    (the documentation pages fetch it on every load; making it takes about a second)."""

    _made: ClassVar[dict] = {}

    def _get_schema_response(self, request):
        version = self.api_version or request.version or self._get_version_parameter(request)
        key = (translation.get_language(), version, self.serve_public)
        if key not in self._made:
            generator = self.generator_class(
                urlconf=self.urlconf, api_version=version, patterns=self.patterns
            )
            self._made[key] = generator.get_schema(request=request, public=self.serve_public)
        return Response(
            data=self._made[key],
            headers={
                "Content-Disposition": f'inline; filename="{self._get_filename(request, version)}"'
            },
        )
