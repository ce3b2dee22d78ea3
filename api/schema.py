"""The OpenAPI description: every operation lists the errors it can answer with, in the one
error shape (errors.py), so a client (and schemathesis) knows every status code it may get."""

from drf_spectacular.openapi import AutoSchema

ERRORS = {
    "400": "Invalid input: `errors` names each field at fault.",
    "401": "No credentials, or a token that is not valid.",
    "403": "Your role may not do this.",
    "404": "No such record among those you may see.",
    "409": "A rule refuses the change in the record's current state; `detail` names it.",
    "412": "The record changed since you read it; `current` and `changed` say how.",
    "415": "The body must be JSON (Content-Type: application/json).",
    "428": "Send If-Match with the record's ETag.",
    "429": "Too many requests for your account, token or address: wait the Retry-After seconds.",
}
READ = ("400", "401", "403", "404", "429")
WRITE = (*READ, "409", "415")
CHANGE = (*WRITE, "412", "428")


class PortalAutoSchema(AutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        from .serializers import ErrorSerializer

        error = self.resolve_serializer(ErrorSerializer, "response").ref
        if method in ("PUT", "PATCH") or (method == "POST" and "/transitions/" in path):
            codes = CHANGE
        elif method == "POST":
            codes = WRITE
        else:
            codes = READ
        for code in codes:
            operation["responses"].setdefault(
                code,
                {"description": ERRORS[code], "content": {"application/json": {"schema": error}}},
            )
        return operation
