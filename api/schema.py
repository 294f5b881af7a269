"""The OpenAPI schema says what the API answers, errors included, so that a generated
client can handle every answer: each operation lists the error statuses it can give with
the shape of their bodies, and says where anonymous clients are welcome."""

from drf_spectacular import openapi
from drf_spectacular.plumbing import ResolvedComponent, force_instance
from rest_framework import permissions

from api.serializers import RecordSerializer

ERROR = {
    "type": "object",
    "required": ["detail"],
    "properties": {"detail": {"type": "string", "description": "What went wrong, in words."}},
}
FIELD_ERRORS = {
    "type": "object",
    "description": "Each refused query parameter or body field (or `non_field_errors`) with "
    "its messages; `detail` alone when the body could not be read.",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}
CONFLICT = {
    "type": "object",
    "required": ["detail"],
    "properties": {
        "detail": {"type": "string"},
        "current_version": {
            "type": "integer",
            "description": "The record's version now, when someone changed it since you read "
            "it: read it again, reapply your change and send this version.",
        },
    },
}

# status: (description, body schema component or None, headers)
ERRORS = {
    "301": ("The record was renamed: its current address is in Location.", None, "Location"),
    "304": ("Not modified since the ETag sent in If-None-Match.", None, None),
    "400": ("A query parameter or body field was refused.", "FieldErrors", None),
    "401": ("The token is not valid or was revoked, or a write came without one.", "Error", None),
    "403": ("The token's user lacks the permission this needs.", "Error", None),
    "404": ("No such record (or page) that this client may see.", "Error", None),
    "409": ("The record changed since it was read, or the change breaks a rule.", "Conflict", None),
    "413": ("The body is too large.", "Error", None),
    "414": (
        "The address is too long for the server (a request line of 4,094 bytes at most, "
        "gunicorn's limit): send fewer or shorter parameters.",
        None,
        None,
    ),
    "415": ("The body is not JSON (send Content-Type: application/json).", "Error", None),
    "429": ("Too many anonymous requests: wait Retry-After seconds.", "Error", "Retry-After"),
}
COMPONENTS = {"Error": ERROR, "FieldErrors": FIELD_ERRORS, "Conflict": CONFLICT}
HEADERS = {
    "Location": {"schema": {"type": "string", "format": "uri"}, "required": True},
    "Retry-After": {
        "schema": {"type": "integer", "minimum": 0},
        "description": "Seconds to wait before the next request.",
        "required": True,
    },
}
# RecordViewSet.with_version adds it to a detail for clients who may change the record.
READABLE_VERSION = {
    "type": "integer",
    "minimum": 1,
    "description": "The record's version, for clients who may change it (absent for others): "
    "send it back with an update or delete.",
}
ANONYMOUS_READS = (
    permissions.AllowAny,
    permissions.IsAuthenticatedOrReadOnly,
    permissions.DjangoModelPermissionsOrAnonReadOnly,
)


class AutoSchema(openapi.AutoSchema):
    def get_auth(self):
        """The token, or nothing at all where anonymous clients may read."""
        auths = super().get_auth()
        if self.anonymous_may_call() and {} not in auths:
            auths.append({})
        return auths

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for status in self.error_statuses():
            responses.setdefault(status, self.error_response(status))
        return responses

    def _map_basic_serializer(self, serializer, direction):
        serializer = force_instance(serializer)
        schema = super()._map_basic_serializer(serializer, direction)
        if (
            direction == "response"
            and isinstance(serializer, RecordSerializer)
            and "version" in serializer.fields
        ):
            schema["properties"]["version"] = READABLE_VERSION
        return schema

    def anonymous_may_call(self):
        return self.method in permissions.SAFE_METHODS and all(
            isinstance(permission, ANONYMOUS_READS) for permission in self.view.get_permissions()
        )

    def error_statuses(self):
        """The error statuses this operation can answer, from what the view does."""
        # Any path parameter names a record (drf-spectacular writes a "pk" lookup as {id}).
        detail = "{" in self.path
        # Every operation refuses an unknown or malformed parameter, and the server one
        # whose address is too long (before Django sees it: no JSON body).
        statuses = {"400", "414"}
        if self.view.get_authenticators():
            statuses.add("401")  # a bad token, on any request
        if self.method in permissions.SAFE_METHODS:
            statuses |= {"304", "404"}  # conditional GET; a missing record or page
            if detail and hasattr(self.view, "renamed_redirect"):
                statuses.add("301")
            if not self.anonymous_may_call():
                statuses.add("403")  # a read that needs a permission the user lacks
            elif self.view.get_throttles():
                statuses.add("429")
            return sorted(statuses)
        statuses |= {"403", "409"}
        if detail:
            statuses.add("404")
        if self.method in ("POST", "PUT", "PATCH"):
            statuses |= {"413", "415"}
        return sorted(statuses)

    def error_response(self, status):
        description, component_name, header = ERRORS[status]
        response = {"description": description}
        if component_name:
            component = ResolvedComponent(
                name=component_name,
                type=ResolvedComponent.SCHEMA,
                object=component_name,
                schema=COMPONENTS[component_name],
            )
            self.registry.register_on_missing(component)
            response["content"] = {"application/json": {"schema": component.ref}}
        if header:
            response["headers"] = {header: HEADERS[header]}
        return response
