"""Swagger UI and Redoc served from our own static files (drf-spectacular-sidecar), with the
page's inline script and style carrying the CSP nonce: no CDN, no web fonts from elsewhere."""

from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerView


class SwaggerView(SpectacularSwaggerView):
    template_name = "api/swagger_ui.html"


class RedocView(SpectacularRedocView):
    template_name = "api/redoc.html"
