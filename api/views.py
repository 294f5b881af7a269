"""What every record endpoint shares: who sees drafts, lean lists and full details, the
version check on writes, HTTP revalidation, sync removals and CSV export."""

import contextlib
import csv

from django.db import connection, transaction
from django.http import StreamingHttpResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import conditional_page
from rest_framework import exceptions, permissions, renderers, viewsets

from api.filters import parse_updated_since
from api.models import Tombstone
from api.permissions import can_see_drafts
from api.renderers import ORJSONRenderer
from kruz.records import VersionConflict

SLUG_PATTERN = r"[-a-zA-Z0-9_]+"


class CSVRenderer(renderers.BaseRenderer):
    """Only names the format for content negotiation: the export streams its own rows."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


# ATOMIC_REQUESTS wraps every request in a transaction; a read needs none, and its BEGIN
# and COMMIT were two round trips of each GET's few. Writes stay atomic as before, and an
# error answered by DRF still rolls them back (it marks the block). No docstring: the
# OpenAPI schema would take it for the description of every endpoint without its own.
class AtomicWritesOnly:
    @classmethod
    def as_view(cls, actions=None, **initkwargs):
        return transaction.non_atomic_requests(super().as_view(actions, **initkwargs))

    def dispatch(self, request, *args, **kwargs):
        with self.transaction_for(request):
            return super().dispatch(request, *args, **kwargs)

    def transaction_for(self, request):
        # Inside a caller's transaction (a test's), a read gets a savepoint: DRF marks
        # the innermost block for rollback on an error, and that must not be the caller's.
        if request.method in permissions.SAFE_METHODS and not connection.in_atomic_block:
            return contextlib.nullcontext()
        return transaction.atomic()


# Conditional GET: an ETag from the body on every answer, and 304 when it still matches.
@method_decorator(conditional_page, name="dispatch")
class RecordViewSet(AtomicWritesOnly, viewsets.ModelViewSet):
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    action_query_parameters = {"destroy": {"version"}}
    model = None
    list_serializer_class = None

    def get_queryset(self):
        queryset = self.get_records()
        if not can_see_drafts(self.request.user, self.model):
            queryset = queryset.published()
        return queryset

    def get_records(self):
        """The records with what the current action shows of them, fetched up front."""
        return self.model.objects.all()

    def get_serializer_class(self):
        if self.action in ("list", "export"):
            return self.list_serializer_class
        return self.serializer_class

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        since = request.query_params.get("updated_since")
        if since is not None and is_first_page(request):
            response.data["removed"] = self.removals_since(parse_updated_since(since))
        return response

    def removals_since(self, moment):
        """Records gone from this list since the moment, unless they are back by now."""
        visible = self.get_queryset().values("slug")
        tombstones = Tombstone.objects.of(self.model).since(moment)
        tombstones = tombstones.exclude(identifier__in=visible)
        return [
            {"id": stone.identifier, "reason": stone.reason, "removed_at": stone.removed_at}
            for stone in tombstones
        ]

    def perform_create(self, serializer):
        """Answer a create with the full detail, read as the detail view reads it."""
        super().perform_create(serializer)
        serializer.instance = self.get_records().get(pk=serializer.instance.pk)

    def perform_destroy(self, instance):
        """Delete only the version the client read, in one conditional statement."""
        version = self.request.query_params.get("version", "")
        if not version.isdigit():
            raise exceptions.ValidationError(
                {"version": [_("Send ?version= with the version you read.")]}
            )
        deleted, _rows = (
            type(instance)._base_manager.filter(pk=instance.pk, version=int(version)).delete()
        )
        if not deleted:
            raise VersionConflict(instance)

    def finalize_response(self, request, response, *args, **kwargs):
        # An error from the CSV export is still read best as JSON.
        if response.status_code >= 400 and getattr(request, "accepted_renderer", None):
            if request.accepted_renderer.format == "csv":
                request.accepted_renderer = ORJSONRenderer()
                request.accepted_media_type = request.accepted_renderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)

    def stream_csv(self, columns, filename):
        """The filtered, ordered list (all of it, unpaginated) as CSV rows."""
        queryset = self.filter_queryset(self.get_queryset())
        rows = (
            [spreadsheet_safe(value(record)) for _header, value in columns]
            for record in queryset.iterator(chunk_size=500)
        )
        header = [[name for name, _value in columns]]
        writer = csv.writer(Echo())
        response = StreamingHttpResponse(
            (writer.writerow(row) for rows_part in (header, rows) for row in rows_part),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


def is_first_page(request):
    return request.query_params.get("page", "1") == "1" and not request.query_params.get("cursor")


class Echo:
    def write(self, value):
        return value


def spreadsheet_safe(value):
    """A cell a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text
