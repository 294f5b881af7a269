"""What every record endpoint shares: who sees drafts, the version check on writes, HTTP
revalidation, sync removals, and representations served from the shared cache."""

import contextlib

import orjson
from django.core.cache import cache
from django.db import connection, transaction
from django.http import Http404
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import conditional_page
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, permissions, renderers, viewsets
from rest_framework.response import Response
from rest_framework.reverse import reverse

from api.filters import parse_updated_since
from api.renderers import ORJSONRenderer, encode
from kruz.exports import timestamp
from kruz.models import FormerSlug, PublicEvent
from kruz.permissions import can_see_drafts
from kruz.records import VersionConflict, page_key

SLUG_PATTERN = r"[-a-zA-Z0-9_]+"
# What a list or detail needs of each record before its representation: the cache key.
KEY_FIELDS = ("pk", "slug", "version", "public_digest", "publication")
REPRESENTATION_SECONDS = 24 * 60 * 60  # the key changes with the record; this only frees space


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


# A record type's list, detail and writes. Reads serve each record's representation from
# the shared cache, keyed by the record and its public digest (which every change to what
# it shows moves), so a warm page reads only those keys. A comment, not a docstring: the
# OpenAPI schema would give it to integrators as the description of every operation.
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
        if self.action in ("list", "retrieve"):
            # Rows, not objects: a page of 1,000 model instances cost more than its query.
            records = self.model.objects.values(*KEY_FIELDS)
        else:
            records = self.model.objects.with_public_parts()
        if not can_see_drafts(self.request.user, self.model):
            records = records.published()
        return records

    def list_records(self):
        """What the lean list shows of each record, beyond its own row."""
        return self.model.objects.all()

    def get_serializer_class(self):
        if self.action in ("list", "export"):
            return self.list_serializer_class
        return self.serializer_class

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        response = self.get_paginated_response(self.represent_page(page))
        since = request.query_params.get("updated_since")
        if since is not None and is_first_page(request):
            response.data["removed"] = self.removals_since(parse_updated_since(since))
        return response

    def retrieve(self, request, *args, **kwargs):
        try:
            record = self.get_object()
        except Http404:
            return self.renamed_redirect(kwargs[self.lookup_field])
        return Response(
            self.with_version(
                self.represent([record], self.serializer_class)[0], record["pk"], record["version"]
            )
        )

    def create(self, request, *args, **kwargs):
        response = super().create(request, *args, **kwargs)
        response.data = self.with_version(response.data, self.written.pk, self.written.version)
        return response

    def update(self, request, *args, **kwargs):
        response = super().update(request, *args, **kwargs)
        response.data = self.with_version(response.data, self.written.pk, self.written.version)
        return response

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "version",
                OpenApiTypes.INT,
                required=True,
                description="The version you read: a stale one gets 409 and deletes nothing.",
            )
        ]
    )
    def destroy(self, request, *args, **kwargs):
        return super().destroy(request, *args, **kwargs)

    def perform_update(self, serializer):
        super().perform_update(serializer)
        self.written = serializer.instance

    def with_version(self, data, pk, version):
        """The representation of record `pk`, with the version a writer must send back,
        for clients who may change the record. Everyone else reads the public
        representation alone, the same (ETag included) whatever staff-only edits bumped
        the version."""
        opts = self.model._meta
        if self.request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
            return {**data, "version": version}
        return data

    def renamed_redirect(self, slug):
        """A record renamed since: its old address answers with a permanent redirect."""
        current = FormerSlug.objects.current_slug(self.model, slug)
        if current is None:
            raise exceptions.NotFound
        url = reverse(f"api:{self.basename}-detail", kwargs={"slug": current}, request=self.request)
        return Response(status=301, headers={"Location": url})

    def represent_page(self, records):
        """A page's representations as one fragment of JSON, cached under the records it
        holds and their digests: a warm page is one cache read, whatever its size."""
        states = page_key((record["pk"], record["public_digest"]) for record in records)
        key = f"page:{self.representation_prefix(self.list_serializer_class)}:{states}"
        encoded = cache.get(key)
        if encoded is None:
            encoded = encode(self.represent(records, self.list_serializer_class))
            cache.set(key, encoded, REPRESENTATION_SECONDS)
        return orjson.Fragment(encoded)

    def represent(self, records, serializer_class):
        """Each record's representation (`records`: rows of KEY_FIELDS), from the cache
        where it is, else serialized (in one go for all the missing) and cached."""
        prefix = self.representation_prefix(serializer_class)
        keys = {
            record["pk"]: f"{prefix}:{record['pk']}:{record['public_digest']}" for record in records
        }
        found = cache.get_many(keys.values())
        missing = [pk for pk, key in keys.items() if key not in found]
        if missing:
            source = (
                self.list_records()
                if serializer_class is self.list_serializer_class
                else self.model.objects.with_public_parts()
            )
            fresh = source.in_bulk(missing)
            context = self.get_serializer_context()
            for pk, record in fresh.items():
                found[keys[pk]] = serializer_class(record, context=context).data
            cache.set_many({keys[pk]: found[keys[pk]] for pk in fresh}, REPRESENTATION_SECONDS)
        return [found[keys[record["pk"]]] for record in records]

    def representation_prefix(self, serializer_class):
        # The addresses in a representation are absolute: the host and format are part of
        # its key.
        base = self.request.build_absolute_uri("/")
        return f"representation:{serializer_class.__name__}:{base}:{self.format_kwarg}"

    def removals_since(self, moment):
        """Records gone from this list since the moment, unless they are back by now."""
        visible = self.get_queryset().values("slug")
        removals = PublicEvent.objects.of(self.model).removals().since(moment)
        removals = removals.exclude(identifier__in=visible)
        return [
            {
                "id": event.identifier,
                "reason": event.kind,
                "removed_at": timestamp(event.occurred_at),
            }
            for event in removals
        ]

    def perform_create(self, serializer):
        """Answer a create with the full detail, read as the detail view reads it."""
        super().perform_create(serializer)
        serializer.instance = self.model.objects.with_public_parts().get(pk=serializer.instance.pk)
        self.written = serializer.instance

    def perform_destroy(self, instance):
        """Delete only the version the client read, in one conditional statement."""
        version = self.request.query_params.get("version", "")
        if not version.isdigit():
            raise exceptions.ValidationError(
                {"version": [_("Send ?version= with the version you read.")]}
            )
        records = type(instance).objects.filter(pk=instance.pk, version=int(version))
        deleted, _rows = records.delete()
        if not deleted:
            raise VersionConflict(instance)

    def finalize_response(self, request, response, *args, **kwargs):
        # An error from the CSV export is still read best as JSON.
        if response.status_code >= 400 and getattr(request, "accepted_renderer", None):
            if request.accepted_renderer.format == "csv":
                request.accepted_renderer = ORJSONRenderer()
                request.accepted_media_type = request.accepted_renderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)


def is_first_page(request):
    return request.query_params.get("page", "1") == "1" and not request.query_params.get("cursor")
