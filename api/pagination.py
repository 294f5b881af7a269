"""Two ways through a list: numbered pages for people and small reads, and a cursor for
an integration walking a whole table (stable however long the walk takes)."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, pagination

# A page of 1,000 lean rows is ~400 kB and about 10 ms of database work: bounded, and a
# whole-table walk takes a hundred requests at 100,000 projects, not five hundred.
MAX_PAGE_SIZE = 1000
# Numbered pages count at most this many matches, so that the first page costs the same
# at a thousand projects as at a million; deeper than that, a cursor walk goes on.
COUNT_LIMIT = 10_000

REMOVAL_SCHEMA = {
    "type": "object",
    "required": ["id", "reason", "removed_at"],
    "properties": {
        "id": {"type": "string", "description": "The slug the record had."},
        "reason": {"type": "string", "enum": ["deleted", "unpublished"]},
        "removed_at": {"type": "string", "format": "date-time"},
    },
}


class BoundedCountPaginator(Paginator):
    """Counts no further than COUNT_LIMIT matches: the count reads at most that many
    index entries, whatever the size of the table."""

    @cached_property
    def counted(self):
        if not hasattr(self.object_list, "order_by"):
            return len(self.object_list)
        return self.object_list.order_by().values("pk")[: COUNT_LIMIT + 1].count()

    @cached_property
    def count(self):
        return min(self.counted, COUNT_LIMIT)

    @property
    def count_exact(self):
        return self.counted <= COUNT_LIMIT


class StrictPageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    django_paginator_class = BoundedCountPaginator

    def get_page_size(self, request):
        return page_size_from(request, self.page_size)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        paginator = self.page.paginator
        response.data = {
            "count": paginator.count,
            "count_exact": paginator.count_exact,
            **{key: value for key, value in response.data.items() if key != "count"},
        }
        return response


class CursorWalk(pagination.CursorPagination):
    """Ordered by the record's public identifier (its slug; a sector's DAC code): unique,
    so a walk neither skips nor repeats a record, and the cursor holds only the identifier
    of the last record the client was shown, nothing about records it may not see (a
    primary key would tell, by its gaps, how many hidden records lie between). A record
    created or renamed during a walk may fall behind the cursor: a ?updated_since= read
    from the walk's start afterwards catches it."""

    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    invalid_cursor_message = _("Send a cursor as given in `next` or `previous`, or empty to start.")

    def get_page_size(self, request):
        return page_size_from(request, self.page_size)

    def get_ordering(self, request, queryset, view):
        return (view.lookup_field,)

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except exceptions.NotFound as error:
            raise exceptions.ValidationError({self.cursor_query_param: [error.detail]}) from error


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
                    "description": f"Number of matching records, counted up to {COUNT_LIMIT} "
                    "(numbered pages only).",
                },
                "count_exact": {
                    "type": "boolean",
                    "description": f"False when more than {COUNT_LIMIT} records match: `count` "
                    f"then says {COUNT_LIMIT} and numbered pages end there; walk further with "
                    "the cursor (numbered pages only).",
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
            query_parameter(
                "page",
                "integer",
                f"Page number (numbered pages, within the first {COUNT_LIMIT} records).",
            ),
            query_parameter("page_size", "integer", f"Records per page, 1 to {MAX_PAGE_SIZE}."),
            query_parameter(
                "cursor",
                "string",
                "Walk the whole list in the order of its identifiers: send it empty to "
                "start, then follow `next`. Not combinable with page or ordering.",
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
