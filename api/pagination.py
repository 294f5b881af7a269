"""Two ways through a list: numbered pages for people and small reads, and a cursor for
an integration walking a whole table (stable however long the walk takes)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, pagination

MAX_PAGE_SIZE = 200

REMOVAL_SCHEMA = {
    "type": "object",
    "required": ["id", "reason", "removed_at"],
    "properties": {
        "id": {"type": "string", "description": "The slug the record had."},
        "reason": {"type": "string", "enum": ["deleted", "unpublished"]},
        "removed_at": {"type": "string", "format": "date-time"},
    },
}


class StrictPageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        return page_size_from(request, self.page_size)


class CursorWalk(pagination.CursorPagination):
    """Ordered by primary key: unique and never changing, so a walk neither skips nor
    repeats a record however the table changes meanwhile."""

    ordering = "pk"
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        return page_size_from(request, self.page_size)

    def get_ordering(self, request, queryset, view):
        return ("pk",)


def page_size_from(request, default):
    raw = request.query_params.get("page_size")
    if raw is None:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE_SIZE:
        raise exceptions.ValidationError(
            {"page_size": [_("Give a whole number from 1 to %d.") % MAX_PAGE_SIZE]}
        )
    return int(raw)


class PageOrCursorPagination(pagination.BasePagination):
    """?page=N (the default) or ?cursor= (empty to start a walk, then follow `next`)."""

    def paginate_queryset(self, queryset, request, view=None):
        if "cursor" in request.query_params:
            if "page" in request.query_params or "ordering" in request.query_params:
                raise exceptions.ValidationError(
                    {"cursor": [_("A cursor walk goes in a fixed order, without pages.")]}
                )
            self.delegate = CursorWalk()
        else:
            self.delegate = StrictPageNumberPagination()
        return self.delegate.paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        return self.delegate.get_paginated_response(data)

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "count": {
                    "type": "integer",
                    "description": "Number of records (numbered pages only).",
                },
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "removed": {
                    "type": "array",
                    "description": "With ?updated_since=, on the first page: records that "
                    "left the public view since then.",
                    "items": REMOVAL_SCHEMA,
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            query_parameter("page", "integer", "Page number (numbered pages)."),
            query_parameter("page_size", "integer", f"Records per page, 1 to {MAX_PAGE_SIZE}."),
            query_parameter(
                "cursor",
                "string",
                "Walk the whole list by primary key: send it empty to start, then follow "
                "`next`. Not combinable with page or ordering.",
            ),
        ]


def query_parameter(name, type_, description):
    schema = {"type": type_}
    if name == "page_size":
        schema.update(minimum=1, maximum=MAX_PAGE_SIZE)
    if name == "page":
        schema.update(minimum=1)
    return {
        "name": name,
        "required": False,
        "in": "query",
        "description": description,
        "schema": schema,
    }
