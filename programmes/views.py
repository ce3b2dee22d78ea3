"""Public programme pages: facts anyone may read, never personal data."""

from django.http import HttpResponse
from django.views.generic import DetailView, ListView, TemplateView

from exchange_portal.access import PublicMixin
from placements import figures_cache
from placements.figures_cache import FRAGMENT_SECONDS, figures_version
from placements.selectors import public_figures

from .selectors import programmes_for_public


class PublicProgrammeListView(PublicMixin, ListView):
    """Open to everyone."""

    template_name = "programmes/public_list.html"
    context_object_name = "programmes"

    def get_queryset(self):
        return programmes_for_public()


class PublicProgrammeDetailView(PublicMixin, DetailView):
    """Open to everyone; a programme still being planned is a 404."""

    template_name = "programmes/public_detail.html"
    context_object_name = "programme"
    slug_field = "code"
    slug_url_kwarg = "code"

    def get_queryset(self):
        return programmes_for_public()


class PublicFiguresView(PublicMixin, TemplateView):
    """Open to everyone: aggregate figures with small groups suppressed. The tables are kept in
    the cache until the figures change (placements/figures_cache.py); `breakdowns` is computed
    only when the stored copy is missing."""

    template_name = "programmes/public_figures.html"

    def get(self, request, *args, **kwargs):
        if not figures_cache.page_is_shared(request):
            return super().get(request, *args, **kwargs)
        html = figures_cache.stored_page(request)
        if html is not None:
            return HttpResponse(html)
        version = figures_cache.figures_version()
        response = super().get(request, *args, **kwargs)
        response.render()
        figures_cache.store_page(response.content.decode(), version)
        return response

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            breakdowns=public_figures,
            figures_version=figures_version(),
            figures_seconds=FRAGMENT_SECONDS,
            **kwargs,
        )
