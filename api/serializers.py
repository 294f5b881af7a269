"""Serializer behaviour every record shares: validation by the model's own rules, the
version check that keeps a stale write from overwriting a newer one, links to other
records, and timestamps in UTC."""

import copy
import datetime

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.serializers import CountryFieldMixin
from rest_framework import serializers
from rest_framework.reverse import reverse
from rest_framework.serializers import as_serializer_error
from rest_framework.settings import api_settings

from kruz.text import text_error


class UTCDateTimeField(serializers.DateTimeField):
    """Every timestamp the API writes is in UTC, ending in Z (docs/readme/api.md)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default_timezone", datetime.UTC)
        super().__init__(*args, **kwargs)


class BlankableURLField(serializers.URLField):
    """An optional address (a model URLField with blank=True) is JSON null when the
    record has none, and the schema says `string, format uri, nullable` once: an empty
    string is no URI, and `oneOf[uri, empty string]` is read two ways by strict
    validators. Writing null (or "") removes the address."""

    def __init__(self, **kwargs):
        if kwargs.pop("allow_blank", False):
            kwargs["allow_null"] = True
        super().__init__(**kwargs)

    def run_validation(self, data=serializers.empty):
        if self.allow_null and data in ("", None):
            return ""
        return super().run_validation(data)

    def to_representation(self, value):
        return value or None


class ModelSerializer(serializers.ModelSerializer):
    """Every model serializer of the API: timestamps in UTC, optional addresses as null."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateTimeField: UTCDateTimeField,
        models.URLField: BlankableURLField,
    }


class RecordSerializer(CountryFieldMixin, ModelSerializer):
    """Writes are checked by the model's full_clean() (field rules, clean(), unique and
    check constraints), so the API refuses exactly what the admin and the database
    refuse, with the same field-level messages. Updates must send the `version` they
    read; a stale one gets 409 Conflict from Record.save()."""

    # Written, not read: a staff-only edit bumps the version without changing what the
    # public sees, so the public representation leaves it out (RecordViewSet gives it to
    # clients who may write).
    version = serializers.IntegerField(
        min_value=1,
        required=False,
        write_only=True,
        help_text="The version you read. Required when updating: a stale one gets 409.",
    )

    def to_internal_value(self, data):
        # Text a related record is looked up by reaches the database before full_clean():
        # refuse control characters (a NUL is a 500 in PostgreSQL) here, per field.
        errors = {
            name: [message]
            for name, value in (data.items() if hasattr(data, "items") else ())
            if (message := text_error(value, long_text=True))
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


class RecordURLField(serializers.HyperlinkedIdentityField):
    """A record's own address, as a plain string: DRF's Hyperlink keeps the record object
    itself, which a cached representation must not carry (nor pay to unpickle)."""

    def __init__(self, view_name, lookup_field="slug", **kwargs):
        super().__init__(view_name=view_name, lookup_field=lookup_field, **kwargs)

    def to_representation(self, value):
        return str(super().to_representation(value))


class RecordLinkSerializer(serializers.Serializer):
    """A short reference to another record: its slug, name and address in this API
    (relative when there is no request to take the host from)."""

    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True, source="link_name")
    url = serializers.SerializerMethodField()

    def get_url(self, record) -> str:
        view_name = f"api:{record._meta.model_name}-detail"
        return reverse(view_name, kwargs={"slug": record.slug}, request=self.context.get("request"))


def record_links(source):
    """The published records of a relation, read from the attribute `source` that the
    record type's with_public_parts() fills (drafts are never there)."""
    return RecordLinkSerializer(many=True, read_only=True, source=source)
