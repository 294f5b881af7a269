"""The admin index's notice of paused webhook subscriptions (templates/admin/kruz_index.html)."""

from django import template

from webhooks.models import Subscription

register = template.Library()


@register.simple_tag(takes_context=True)
def paused_webhook_subscriptions(context):
    """The paused subscriptions, for staff who may see subscriptions; none for others."""
    if not context["request"].user.has_perm("webhooks.view_subscription"):
        return []
    return list(Subscription.objects.paused().order_by("paused_at")[:20])
