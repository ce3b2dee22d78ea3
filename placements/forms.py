"""Forms that the transitions of placements' state tables ask for (placements.transitions)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class RecommendationForm(forms.Form):
    recommended_by = forms.CharField(
        label=_("Recommended by"),
        max_length=200,
        help_text=_(
            "The body outside the government that recommended the candidates, e.g. the Office "
            "of the Commissioner of the Ministry of Foreign Affairs."
        ),
    )
    recommended_on = forms.DateField(
        label=_("Recommended on"), widget=forms.DateInput(attrs={"type": "date"})
    )


class DocumentUploadForm(forms.Form):
    """One required document of a placement; the service checks the file by its content."""

    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, PNG or JPEG."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )
