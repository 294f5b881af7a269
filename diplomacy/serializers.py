"""The diplomacy records as the API shows them: lean in lists, complete in details."""

from rest_framework import serializers

from api.permissions import can_see_drafts
from api.serializers import RecordLinkSerializer, RecordSerializer, published_or_none
from diplomacy.models import (
    Agreement,
    AgreementSignatory,
    Currency,
    Engagement,
    EngagementParticipant,
    Official,
    Organization,
    Position,
)

RECORD_FIELDS = ["publication", "version", "created_at", "updated_at"]
TITLE_FIELDS = ["title", "title_ko", "title_uz", "title_ru"]
NAME_FIELDS = ["name", "name_ko", "name_uz", "name_ru"]
SUMMARY_FIELDS = ["summary", "summary_ko", "summary_uz", "summary_ru"]


def url_field(view_name):
    return serializers.HyperlinkedIdentityField(view_name=view_name, lookup_field="slug")


class PublishedLinkField(RecordLinkSerializer):
    """A link to a related record, or null while that record is a draft."""

    def to_representation(self, record):
        record = published_or_none(record)
        return None if record is None else super().to_representation(record)


class VisibleSlugField(serializers.SlugRelatedField):
    """A writable link by slug that names a draft only to readers who may read drafts of
    its model (staff integrations with the view permission); others read null."""

    def to_representation(self, record):
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if record.is_published or (user is not None and can_see_drafts(user, type(record))):
            return super().to_representation(record)
        return None


class OrganizationListSerializer(RecordSerializer):
    url = url_field("api:organization-detail")

    class Meta:
        model = Organization
        fields = ["slug", "url", *NAME_FIELDS, "acronym", "country", "kind", "updated_at"]


class OrganizationSerializer(RecordSerializer):
    url = url_field("api:organization-detail")

    class Meta:
        model = Organization
        fields = [
            "slug",
            "url",
            *NAME_FIELDS,
            "acronym",
            "country",
            "kind",
            "iati_identifier",
            "website",
            *RECORD_FIELDS,
        ]
        read_only_fields = ["publication"]


class PositionSerializer(serializers.ModelSerializer):
    organization = PublishedLinkField(read_only=True, allow_null=True)

    class Meta:
        model = Position
        fields = [
            "title",
            "organization",
            "started_on",
            "started_on_precision",
            "ended_on",
            "ended_on_precision",
        ]


class OfficialListSerializer(RecordSerializer):
    url = url_field("api:official-detail")

    class Meta:
        model = Official
        fields = ["slug", "url", *NAME_FIELDS, "country", "updated_at"]


class OfficialSerializer(RecordSerializer):
    url = url_field("api:official-detail")
    positions = PositionSerializer(many=True, read_only=True)

    class Meta:
        model = Official
        fields = ["slug", "url", *NAME_FIELDS, "country", "positions", *RECORD_FIELDS]
        read_only_fields = ["publication"]


class ParticipantSerializer(serializers.ModelSerializer):
    official = PublishedLinkField(read_only=True, allow_null=True)

    class Meta:
        model = EngagementParticipant
        fields = ["official", "role", "capacity"]


ENGAGEMENT_DATES = ["started_on", "started_on_precision", "ended_on", "ended_on_precision"]


class EngagementListSerializer(RecordSerializer):
    url = url_field("api:engagement-detail")

    class Meta:
        model = Engagement
        fields = [
            "slug",
            "url",
            *TITLE_FIELDS,
            "kind",
            "is_virtual",
            *ENGAGEMENT_DATES,
            "place",
            "country",
            "updated_at",
        ]


class EngagementSerializer(RecordSerializer):
    url = url_field("api:engagement-detail")
    participants = ParticipantSerializer(many=True, read_only=True, source="participations")

    class Meta:
        model = Engagement
        fields = [
            "slug",
            "url",
            *TITLE_FIELDS,
            "kind",
            "is_virtual",
            *ENGAGEMENT_DATES,
            "place",
            "country",
            *SUMMARY_FIELDS,
            "outcomes",
            "participants",
            *RECORD_FIELDS,
        ]
        read_only_fields = ["publication"]


class SignatorySerializer(serializers.ModelSerializer):
    official = PublishedLinkField(read_only=True, allow_null=True)
    on_behalf_of = PublishedLinkField(read_only=True, allow_null=True)

    class Meta:
        model = AgreementSignatory
        fields = ["official", "on_behalf_of"]


AGREEMENT_DATES = [
    "negotiation_started_on",
    "negotiation_started_on_precision",
    "signed_on",
    "signed_on_precision",
    "entered_into_force_on",
    "entered_into_force_on_precision",
    "expires_on",
    "expires_on_precision",
]


class AgreementListSerializer(RecordSerializer):
    url = url_field("api:agreement-detail")
    value_currency = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )

    class Meta:
        model = Agreement
        fields = [
            "slug",
            "url",
            *TITLE_FIELDS,
            "kind",
            "status",
            "signed_on",
            "signed_on_precision",
            "value",
            "value_currency",
            "updated_at",
        ]


class AgreementSerializer(RecordSerializer):
    url = url_field("api:agreement-detail")
    value_currency = serializers.SlugRelatedField(
        slug_field="code", queryset=Currency.objects.all(), required=False, allow_null=True
    )
    engagement = VisibleSlugField(
        slug_field="slug",
        queryset=Engagement.objects.all(),
        required=False,
        allow_null=True,
        help_text="The slug of the engagement where it was signed (null while it is a draft).",
    )
    parties = PublishedLinkField(many=True, read_only=True, source="published_parties")
    signatories = SignatorySerializer(many=True, read_only=True, source="signings")

    class Meta:
        model = Agreement
        fields = [
            "slug",
            "url",
            *TITLE_FIELDS,
            "kind",
            "status",
            *SUMMARY_FIELDS,
            *AGREEMENT_DATES,
            "place",
            "value",
            "value_currency",
            "document_count",
            "engagement",
            "parties",
            "signatories",
            *RECORD_FIELDS,
        ]
        read_only_fields = ["publication"]
