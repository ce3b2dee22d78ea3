"""The API's JSON reader."""

from django.utils.translation import gettext_lazy as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    """DRF's reader, which turns a ValueError into a 400 but lets Python's RecursionError
    through (a 500): a body of a few thousand nested brackets is enough. Too deep a body is a
    400 like any other that cannot be read."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("JSON parse error - the data is nested too deeply.")) from None
