"""The public pages: programme facts, aggregate figures and the status enquiry. Open to
everyone; they never show personal data."""

import hmac

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import get_template, render_to_string
from django.views.generic import DetailView, FormView, ListView, TemplateView

from exchange_portal import figures_cache
from exchange_portal.access import PublicMixin
from exchange_portal.figures_cache import FRAGMENT_SECONDS, figures_version
from exchange_portal.throttle import Limit, client_address, first_exceeded
from figures.selectors import public_figures
from placements.selectors import placement_for_enquiry
from programmes.selectors import programmes_for_public

from . import frames
from .forms import StatusEnquiryForm


class HomeView(PublicMixin, TemplateView):
    template_name = "home.html"


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
    the cache until the figures change (exchange_portal/figures_cache.py); `breakdowns` is computed
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


# Compared against when no placement matches, so a wrong code costs the same as a wrong e-mail.
_NO_MATCH_EMAIL = "no-such-placement@invalid.example"


class StatusEnquiryView(PublicMixin, FormView):
    """Open to everyone; throttled per address and per reference code. The answer is put into
    the page's frame, rendered once per language (public/frames.py)."""

    template_name = "placements/status_enquiry.html"
    answer_template_name = "placements/status_enquiry_answer.html"
    form_class = StatusEnquiryForm

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        valid = form.is_valid()
        address = client_address(request)
        limits = settings.STATUS_ENQUIRY_LIMITS
        # Every attempt counts against its address; a well-formed one also against its code,
        # per address (a stranger's guesses do not lock the owner out) and from all addresses.
        # Counted in turn, stopping at the first limit exceeded: one round trip with Redis.
        checks = [Limit("enquiry-address", address, **limits["address"])]
        if valid:
            code = form.cleaned_data["reference_code"]
            checks += [
                Limit("enquiry-code", f"{code}|{address}", **limits["code"]),
                Limit("enquiry-code-all", code, **limits["code_all_addresses"]),
            ]
        if first_exceeded(checks) is not None:
            return self.too_many()
        return self.answer(form) if valid else self.form_invalid(form)

    def too_many(self):
        response = self.render_to_response(
            self.get_context_data(
                form=self.get_form_class()(),
                throttled=True,
            ),
            status=429,
        )
        response["Retry-After"] = str(settings.STATUS_ENQUIRY_LIMITS["address"]["window"])
        return response

    def answer(self, form):
        placement = placement_for_enquiry(form.cleaned_data["reference_code"])
        given = form.cleaned_data["email"].strip().lower().encode()
        expected = (placement.participant.email if placement else _NO_MATCH_EMAIL).lower()
        matches = hmac.compare_digest(given, expected.encode()) and placement is not None
        answer = get_template(self.answer_template_name).render(
            {"placement": placement if matches else None}
        )
        if frames.fits(self.request):
            return HttpResponse(frames.page(self.request, answer, self.whole_page))
        return HttpResponse(self.whole_page(answer))

    def whole_page(self, answer: str) -> str:
        # A fresh form: what was typed (an e-mail address) is not echoed back to the page.
        return render_to_string(
            self.template_name,
            self.get_context_data(form=self.get_form_class()(), answer=answer),
            request=self.request,
        )
