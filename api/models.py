"""What the API keeps of its own: the integrations' tokens."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX = "kruz_"


def hash_token(key):
    """Tokens are long random strings, so one round of SHA-256 is enough: the hash is
    what the database keeps, and a leaked table gives no usable key."""
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)

    def revoke(self):
        return self.active().update(revoked_at=timezone.now())


class ApiToken(models.Model):
    """One integration's key. Its requests act as `user`, with that user's permissions."""

    name = models.CharField(_("integration"), max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("acts as user"),
    )
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    key_start = models.CharField(_("key starts with"), max_length=12, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.key_start}…)"

    def issue_key(self):
        """Give the token a fresh key and return it: the only time the key is readable."""
        key = TOKEN_PREFIX + secrets.token_urlsafe(32)
        self.key_hash = hash_token(key)
        self.key_start = key[:12]
        return key

    @property
    def is_active(self):
        return self.revoked_at is None
