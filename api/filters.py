"""Filter backends every list shares: the app's one FilterSet, ordering, ?updated_since=,
and a refusal of any query parameter the list does not know (a typo is an error, not a
silently unfiltered answer)."""

import datetime

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, filters

PAGINATION_PARAMETERS = {"page", "page_size", "cursor"}
ALWAYS_ALLOWED = {"format", "updated_since"}


class StrictQueryParameters(filters.BaseFilterBackend):
    def filter_queryset(self, request, queryset, view):
        known = known_parameters(view)
        unknown = sorted(set(request.query_params) - known)
        if unknown:
            raise exceptions.ValidationError(
                {
                    name: [
                        _("Unknown parameter. This list accepts: %s.") % ", ".join(sorted(known))
                    ]
                    for name in unknown
                }
            )
        return queryset


def known_parameters(view):
    known = set(ALWAYS_ALLOWED)
    if getattr(view, "filterset_class", None):
        known |= set(view.filterset_class.base_filters)
    if getattr(view, "ordering_fields", None):
        known.add("ordering")
    if view.paginator is not None:
        known |= PAGINATION_PARAMETERS
    return known | set(getattr(view, "action_query_parameters", {}).get(view.action, ()))


# Real UTC offsets lie within ±14 hours; PostgreSQL refuses anything past ±15:59.
LARGEST_UTC_OFFSET = datetime.timedelta(hours=14)


def parse_updated_since(raw):
    moment = None
    try:
        moment = parse_datetime(raw)
        if moment is not None and timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        if moment is not None and abs(moment.utcoffset()) > LARGEST_UTC_OFFSET:
            moment = None
        if moment is not None:
            moment = moment.astimezone(datetime.UTC)
    except (ValueError, OverflowError):
        moment = None
    if moment is None:
        raise exceptions.ValidationError(
            {"updated_since": [_("Give an ISO 8601 date and time, e.g. 2025-01-31T12:00:00Z.")]}
        )
    return moment


class UpdatedSinceFilter(filters.BaseFilterBackend):
    """?updated_since=<ISO 8601>: records changed at or after that moment."""

    def filter_queryset(self, request, queryset, view):
        raw = request.query_params.get("updated_since")
        if raw is None:
            return queryset
        return queryset.filter(updated_at__gte=parse_updated_since(raw))

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "updated_since",
                "required": False,
                "in": "query",
                "description": "Only records changed at or after this ISO 8601 moment; the "
                "first page then also lists, under `removed`, records deleted or "
                "unpublished since.",
                "schema": {"type": "string", "format": "date-time"},
            }
        ]


class FilterSetBackend(DjangoFilterBackend):
    """The view's FilterSet (the same one its public page uses); invalid values are 400s."""

    raise_exception = True

    def filter_queryset(self, request, queryset, view):
        # Building the FilterSet and validating its form costs about a millisecond per
        # request (a fifth of a short list); with none of its parameters it filters nothing.
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None or request.query_params.keys().isdisjoint(
            filterset_class.base_filters
        ):
            return queryset
        return super().filter_queryset(request, queryset, view)


class StrictOrderingFilter(filters.OrderingFilter):
    """Ordering by a field the list offers; anything else is a 400, not ignored. The
    primary key breaks ties so that numbered pages never overlap."""

    def get_ordering(self, request, queryset, view):
        params = request.query_params.get(self.ordering_param)
        if params is None:
            return self.get_default_ordering(view)
        fields = [param.strip() for param in params.split(",") if param.strip()]
        valid = self.remove_invalid_fields(queryset, fields, view, request)
        if not fields or len(valid) != len(fields):
            allowed = ", ".join(name for name, _label in self.get_valid_fields(queryset, view))
            raise exceptions.ValidationError(
                {self.ordering_param: [_("Order by one of: %s (prefix - to reverse).") % allowed]}
            )
        return [*valid, "pk"]

    def get_schema_operation_parameters(self, view):
        names = [name for field in view.ordering_fields for name in (field, f"-{field}")]
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": "The field to order by; prefix - to reverse. Ties go by the "
                "record's identifier, so pages never overlap.",
                "schema": {"type": "string", "enum": names},
            }
        ]
