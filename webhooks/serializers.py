from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from kruz.models import EventKind
from webhooks.models import Subscription, SubscriptionStatus, record_type_choices


def distinct(values):
    return list(dict.fromkeys(values))


class SubscriptionSerializer(serializers.ModelSerializer):
    """A subscription of the token's user. `status` may be set to "paused" to stop
    deliveries (new events are held) and to "active" to send what was held."""

    record_types = serializers.ListField(
        child=serializers.ChoiceField(choices=record_type_choices()),
        allow_empty=False,
        help_text=_("The kinds of record whose public changes are sent."),
    )
    event_kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=EventKind.choices),
        allow_empty=False,
        help_text=_("Which changes are sent."),
    )
    owner = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Subscription
        fields = [
            "id",
            "url",
            "description",
            "record_types",
            "event_kinds",
            "status",
            "owner",
            "failed_deliveries",
            "paused_at",
            "pause_reason",
            "created_at",
        ]
        read_only_fields = ["failed_deliveries", "paused_at", "pause_reason", "created_at"]

    def validate_record_types(self, value):
        return distinct(value)

    def validate_event_kinds(self, value):
        return distinct(value)

    def create(self, validated_data):
        status = validated_data.pop("status", SubscriptionStatus.ACTIVE)
        subscription = super().create(validated_data)
        if status == SubscriptionStatus.PAUSED:
            subscription.pause(_("Created paused."))
        return subscription

    def update(self, instance, validated_data):
        status = validated_data.pop("status", instance.status)
        subscription = super().update(instance, validated_data)
        if status != subscription.status and status == SubscriptionStatus.PAUSED:
            subscription.pause(_("Paused through the API."))
        elif status != subscription.status:
            subscription.resume()
        return subscription


class SubscriptionWithSecretSerializer(SubscriptionSerializer):
    """The subscription with its signing secret: answered once, on creation, and when a
    new secret is made (rotate-secret)."""

    secret = serializers.CharField(
        read_only=True,
        help_text=_("whsec_…: the key of the Webhook-Signature HMAC. Keep it secret."),
    )

    class Meta(SubscriptionSerializer.Meta):
        fields = [*SubscriptionSerializer.Meta.fields, "secret"]
