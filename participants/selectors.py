"""Reads for officers."""

from django.db.models import QuerySet

from .models import Department, Participant


def participants_for(user) -> QuerySet[Participant]:
    """The officers a user may see (`visible_to`), with what the lists print."""
    return Participant.objects.visible_to(user).select_related("department", "grade")


def departments_for(request) -> QuerySet[Department]:
    """The departments a filter offers: those the user may see; all when there is no request
    (a filter built outside a page, e.g. for the schema)."""
    queryset = Department.objects.order_by("code")
    return queryset if request is None else queryset.visible_to(request.user)


def find_partner_officer(*, partner, partner_reference="", home_organisation="", email=""):
    """The partner's officer named by its reference, else by home organisation and e-mail
    (case-insensitive); never a Hong Kong officer or another partner's."""
    if partner is None:
        return None
    officers = Participant.objects.filter(partner=partner, origin=Participant.Origin.PARTNER)
    reference = (partner_reference or "").strip()
    if reference:
        found = officers.filter(partner_reference__iexact=reference).first()
        if found is not None:
            return found
    home_organisation = (home_organisation or "").strip()
    email = (email or "").strip()
    if home_organisation and email:
        return officers.filter(
            home_organisation__iexact=home_organisation, email__iexact=email
        ).first()
    return None
