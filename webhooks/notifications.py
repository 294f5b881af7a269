"""Telling people that a subscription was paused: the staff who manage webhooks and the
subscription's owner, each in their language. The admin index says it too."""

import logging
import smtplib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from kruz.addresses import absolute

MANAGE_PERMISSION = "webhooks.change_subscription"

logger = logging.getLogger(__name__)


def recipients_for(subscription):
    staff = (
        get_user_model()
        .objects.with_perm(MANAGE_PERMISSION, backend="django.contrib.auth.backends.ModelBackend")
        .filter(is_staff=True)
    )
    people = {user.pk: user for user in staff.select_related("staff_profile")}
    people.setdefault(subscription.owner.pk, subscription.owner)
    return [user for user in people.values() if user.is_active and user.email]


def tell_staff_of_pause(subscription):
    link = absolute(reverse("admin:webhooks_subscription_change", args=[subscription.pk]))
    for recipient in recipients_for(subscription):
        with translation.override(language_of(recipient)):
            subject = _("KRUZ: webhooks to %(url)s are paused") % {"url": subscription.url}
            text = "\n\n".join(
                [
                    _("KRUZ stopped sending webhooks to %(url)s (%(name)s): %(reason)s")
                    % {
                        "url": subscription.url,
                        "name": subscription,
                        "reason": subscription.pause_reason,
                    },
                    _(
                        "New events are kept and will be sent when the subscription is "
                        "resumed. Each attempt and the receiver's answer are in the admin:"
                    ),
                    link,
                ]
            )
        try:
            send_mail(subject, text, None, [recipient.email])
        except (smtplib.SMTPException, OSError):
            logger.exception("Could not tell %s that a webhook subscription paused", recipient)


def language_of(user):
    profile = getattr(user, "staff_profile", None)
    return profile.language if profile else settings.LANGUAGE_CODE
