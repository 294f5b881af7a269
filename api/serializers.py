"""Serializer behaviour every record shares: validation by the model's own rules, and
the version check that keeps a stale write from overwriting a newer one."""

import copy
import datetime
import decimal

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_countries.serializers import CountryFieldMixin
from rest_framework import serializers
from rest_framework.serializers import as_serializer_error
from rest_framework.settings import api_settings


class FieldsOnceMixin:
    """A ModelSerializer builds its fields from the model on every instantiation (for a
    project's detail, 50 fields with their validators and translated labels: ~6 ms, more
    than all its queries). They depend only on the class and the language, so they are
    built once per (class, language) and deep-copied, as DRF copies declared fields."""

    _fields_built = {}

    def get_fields(self):
        key = (type(self), translation.get_language())
        if key not in FieldsOnceMixin._fields_built:
            FieldsOnceMixin._fields_built[key] = super().get_fields()
        return copy.deepcopy(FieldsOnceMixin._fields_built[key])


def _values(data, name, value):
    """Every value sent for a field: a form or multipart body may repeat a name."""
    if hasattr(data, "getlist"):
        return data.getlist(name)
    return value if isinstance(value, list) else [value]


class RecordSerializer(FieldsOnceMixin, CountryFieldMixin, serializers.ModelSerializer):
    """Writes are checked by the model's full_clean() (field rules, clean(), unique and
    check constraints), so the API refuses exactly what the admin and the database
    refuse, with the same field-level messages. Updates must send the `version` they
    read; a stale one gets 409 Conflict from Record.save()."""

    version = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text="The version you read. Required when updating: a stale one gets 409.",
    )

    def to_internal_value(self, data):
        # PostgreSQL text can hold no NUL character: refuse it here, per field, before a
        # lookup or a save would reach the database with it (a 500, found by schemathesis).
        errors = {
            name: [_("Null characters are not allowed.")]
            for name, value in (data.items() if hasattr(data, "items") else ())
            if any("\x00" in str(item) for item in _values(data, name, value))
        }
        if errors:
            raise serializers.ValidationError(errors)
        return super().to_internal_value(data)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.instance is not None and "version" not in attrs:
            raise serializers.ValidationError(
                {"version": [_("Send the version you read, so that no newer change is lost.")]}
            )
        return self.clean_with_model(attrs)

    def clean_with_model(self, attrs):
        candidate = copy.copy(self.instance) if self.instance else self.Meta.model()
        fields = {name: value for name, value in attrs.items() if name != "version"}
        for name, value in fields.items():
            setattr(candidate, name, value)
        try:
            candidate.full_clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(field_errors(error)) from error
        # clean() may normalise values (a month-precise date becomes the 1st): keep them.
        return {**attrs, **{name: getattr(candidate, name) for name in fields}}

    def create(self, validated_data):
        validated_data.pop("version", None)
        return super().create(validated_data)

    def update(self, instance, validated_data):
        instance.version = validated_data.pop("version")
        return super().update(instance, validated_data)


def field_errors(error):
    errors = as_serializer_error(error)
    if NON_FIELD_ERRORS in errors:
        errors[api_settings.NON_FIELD_ERRORS_KEY] = errors.pop(NON_FIELD_ERRORS)
    return errors


def published_or_none(record):
    """A related record as the public may see it: nothing of a draft."""
    return record if record is not None and record.is_published else None


def api_url(request, record):
    """The address of a record in this API, from the router's <model>-detail route."""
    name = f"api:{record._meta.model_name}-detail"
    return request.build_absolute_uri(reverse(name, kwargs={"slug": record.slug}))


class RecordLinkSerializer(serializers.Serializer):
    """A short reference to another record: its slug, name and address."""

    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True, source="__str__")
    url = serializers.SerializerMethodField()

    def get_url(self, record) -> str:
        return api_url(self.context["request"], record)


class RowListSerializer(serializers.ListSerializer):
    """A list read with .values(): its child serializer (which still declares every
    field, for validation and the OpenAPI schema) turns the plain rows into records in
    one pass with represent_rows(), without a model instance or a field object per
    value. At 1,000 rows this is most of the difference to the database's own time."""

    def to_representation(self, data):
        return self.child.represent_rows(list(data))


def detail_url_maker(request, view_name, lookup="slug", marker="__slug__"):
    """A function from a slug to the record's absolute API address, reversing the route
    once rather than once per row (slugs never need quoting: SLUG_PATTERN). The marker
    must match the route's pattern (a sector's code is five digits)."""
    address = request.build_absolute_uri(reverse(view_name, kwargs={lookup: marker}))
    head, _, tail = address.rpartition(marker)
    return lambda slug: f"{head}{slug}{tail}"


def drf_extends_urls(request, context):
    """Whether DRF's hyperlinked fields would add to each URL they write: the .json of a
    format suffix, or a ?format= override kept in the query. Representations written by
    hand leave those rare requests to DRF."""
    override = api_settings.URL_FORMAT_OVERRIDE
    return bool(context.get("format")) or bool(override and override in request.query_params)


def local_time_maker():
    """A function showing a datetime as DRF's DateTimeField does, in the current time
    zone; looked up once, not per row (timezone.localtime() looks it up each time)."""
    zone = timezone.get_current_timezone()
    return lambda value: None if value is None else value.astimezone(zone)


def plain_value(value):
    """A model field's value as DRF's ModelSerializer field for it shows it (dates as
    ISO 8601 text, datetimes in the current time zone, decimals as text), for
    representations written by hand; other values are already what DRF shows."""
    if isinstance(value, datetime.datetime):
        text = timezone.localtime(value).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return f"{value:f}"
    return value


def record_link(record, url_of):
    """A RecordLinkSerializer's representation, or None for a draft (PublishedLinkField)."""
    if not record.is_published:
        return None
    return {"slug": record.slug, "name": str(record), "url": url_of(record.slug)}
