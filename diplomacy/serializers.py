"""The diplomacy records as the public sees them (the API's JSON, and the representation
every other channel follows): lean in lists, complete in details. Related rows come from
each record type's with_public_parts(), so a draft or hidden row is simply not there."""

from rest_framework import serializers

from api.serializers import (
    ModelSerializer,
    RecordLinkSerializer,
    RecordSerializer,
    RecordURLField,
    record_links,
)
from diplomacy.models import (
    Agreement,
    AgreementSignatory,
    Currency,
    Engagement,
    EngagementParticipant,
    Official,
    Organization,
    Position,
    Source,
)
from kruz.translation import translated_names

RECORD_FIELDS = ["publication", "version", "created_at", "updated_at"]  # version: write only


class SourceSerializer(ModelSerializer):
    """A document the record is taken from: who published it, when (as precisely as
    known) and where to read it (empty when no address is known)."""

    class Meta:
        model = Source
        fields = [
            "slug",
            "title",
            "kind",
            "publisher",
            "author",
            "published_on",
            "published_on_precision",
            "url",
        ]


class CitationSerializer(serializers.Serializer):
    """The passage of a source, word for word, behind one fact of the record."""

    fact = serializers.CharField(read_only=True)
    source = serializers.CharField(read_only=True, source="source.slug", help_text="Its slug.")
    quote = serializers.CharField(read_only=True)


class SourcedRecordSerializer(RecordSerializer):
    """A record's detail: it names its sources and quotes them for its facts."""

    sources = SourceSerializer(many=True, read_only=True, source="public_sources")
    citations = CitationSerializer(many=True, read_only=True, source="public_citations")


class PublishedLinkSerializer(RecordLinkSerializer):
    """A link through a foreign key: null while the linked record is a draft."""

    def to_representation(self, record):
        return super().to_representation(record) if record.is_published else None


class OrganizationListSerializer(RecordSerializer):
    url = RecordURLField("api:organization-detail")

    class Meta:
        model = Organization
        fields = [
            "slug",
            "url",
            *translated_names("name"),
            "acronym",
            "country",
            "kind",
            "updated_at",
        ]


class OrganizationSerializer(SourcedRecordSerializer):
    url = RecordURLField("api:organization-detail")
    agreements = record_links("public_agreements")

    class Meta:
        model = Organization
        fields = [
            "slug",
            "url",
            *translated_names("name"),
            "acronym",
            "country",
            "kind",
            "iati_identifier",
            "website",
            "agreements",
            "sources",
            "citations",
            *RECORD_FIELDS,
        ]
        read_only_fields = ["publication"]


class PositionSerializer(ModelSerializer):
    organization = PublishedLinkSerializer(read_only=True)

    class Meta:
        model = Position
        fields = [
            *translated_names("title"),
            "organization",
            "started_on",
            "started_on_precision",
            "ended_on",
            "ended_on_precision",
        ]


class OfficialListSerializer(RecordSerializer):
    url = RecordURLField("api:official-detail")

    class Meta:
        model = Official
        fields = ["slug", "url", *translated_names("name"), "country", "updated_at"]


class OfficialSerializer(SourcedRecordSerializer):
    url = RecordURLField("api:official-detail")
    positions = PositionSerializer(many=True, read_only=True, source="public_positions")
    engagements = record_links("public_engagements")
    signed_agreements = record_links("public_signed_agreements")

    class Meta:
        model = Official
        fields = [
            "slug",
            "url",
            *translated_names("name"),
            "country",
            "positions",
            "engagements",
            "signed_agreements",
            "sources",
            "citations",
            *RECORD_FIELDS,
        ]
        read_only_fields = ["publication"]


class ParticipantSerializer(ModelSerializer):
    official = RecordLinkSerializer(read_only=True)

    class Meta:
        model = EngagementParticipant
        fields = ["official", "role", *translated_names("capacity")]


ENGAGEMENT_DATES = ["started_on", "started_on_precision", "ended_on", "ended_on_precision"]


class EngagementListSerializer(RecordSerializer):
    url = RecordURLField("api:engagement-detail")

    class Meta:
        model = Engagement
        fields = [
            "slug",
            "url",
            *translated_names("title"),
            "kind",
            "is_virtual",
            *ENGAGEMENT_DATES,
            *translated_names("place"),
            "country",
            "updated_at",
        ]


class EngagementSerializer(SourcedRecordSerializer):
    url = RecordURLField("api:engagement-detail")
    participants = ParticipantSerializer(many=True, read_only=True, source="public_participations")
    agreements = record_links("public_agreements")
    projects = record_links("public_projects")

    class Meta:
        model = Engagement
        fields = [
            "slug",
            "url",
            *translated_names("title"),
            "kind",
            "is_virtual",
            *ENGAGEMENT_DATES,
            *translated_names("place"),
            "country",
            *translated_names("summary", "outcomes"),
            "participants",
            "agreements",
            "projects",
            "sources",
            "citations",
            *RECORD_FIELDS,
        ]
        read_only_fields = ["publication"]


class SignatorySerializer(ModelSerializer):
    official = RecordLinkSerializer(read_only=True)
    on_behalf_of = PublishedLinkSerializer(read_only=True, allow_null=True)

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
    url = RecordURLField("api:agreement-detail")
    value_currency = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )

    class Meta:
        model = Agreement
        fields = [
            "slug",
            "url",
            *translated_names("title"),
            "kind",
            "status",
            "signed_on",
            "signed_on_precision",
            "value",
            "value_currency",
            "updated_at",
        ]


class PublishedSlugField(serializers.SlugRelatedField):
    """A writable link by slug that reads null while the linked record is a draft: the
    representation is the same for every reader."""

    def to_representation(self, record):
        return super().to_representation(record) if record.is_published else None


class AgreementSerializer(SourcedRecordSerializer):
    url = RecordURLField("api:agreement-detail")
    value_currency = serializers.SlugRelatedField(
        slug_field="code", queryset=Currency.objects.all(), required=False, allow_null=True
    )
    engagement = PublishedSlugField(
        slug_field="slug",
        queryset=Engagement.objects.all(),
        required=False,
        allow_null=True,
        help_text="The slug of the engagement where it was signed (null while it is a draft).",
    )
    parties = record_links("public_parties")
    signatories = SignatorySerializer(many=True, read_only=True, source="public_signings")
    projects = record_links("public_projects")

    class Meta:
        model = Agreement
        fields = [
            "slug",
            "url",
            *translated_names("title"),
            "kind",
            "status",
            *translated_names("summary"),
            *AGREEMENT_DATES,
            *translated_names("place"),
            "value",
            "value_currency",
            "document_count",
            "engagement",
            "parties",
            "signatories",
            "projects",
            "sources",
            "citations",
            *RECORD_FIELDS,
        ]
        read_only_fields = ["publication"]
