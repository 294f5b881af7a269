"""Webhook signatures, as Standard Webhooks (standardwebhooks.com) defines them, so that
receivers can use that project's libraries or the ten lines in docs/readme/webhooks.md.

Each request carries three headers:

    Webhook-Id:        the event's id (the same on every retry: de-duplicate on it)
    Webhook-Timestamp: when this attempt was signed, in whole seconds since the epoch
    Webhook-Signature: v1,<base64 of HMAC-SHA256(key, "{id}.{timestamp}.{body}")>

The subscription's secret reads `whsec_<base64>`; the HMAC key is the base64-decoded part
after the prefix, and the body is the exact bytes sent."""

import base64
import hashlib
import hmac
import secrets
import time

# The prefix of every secret, not a secret (bandit takes it for a password).
SECRET_PREFIX = "whsec_"  # nosec B105
SECRET_BYTES = 32
SIGNATURE_VERSION = "v1"
# Receivers should refuse a timestamp further than this from their clock (replays).
TOLERANCE_SECONDS = 5 * 60


def new_secret():
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def signing_key(secret):
    return base64.b64decode(secret.removeprefix(SECRET_PREFIX))


def signature(secret, event_id, timestamp, body):
    """The Webhook-Signature value for `body` (bytes) sent at `timestamp` (int)."""
    signed = b"%s.%d.%s" % (event_id.encode(), timestamp, body)
    digest = hmac.new(signing_key(secret), signed, hashlib.sha256).digest()
    return f"{SIGNATURE_VERSION},{base64.b64encode(digest).decode()}"


def headers(secret, event_id, body, timestamp=None):
    timestamp = int(time.time()) if timestamp is None else timestamp
    return {
        "Content-Type": "application/json",
        "Webhook-Id": event_id,
        "Webhook-Timestamp": str(timestamp),
        "Webhook-Signature": signature(secret, event_id, timestamp, body),
    }


def verify(secret, received_headers, body, now=None):
    """Whether a request carries a valid, fresh signature: what a receiver does (the
    tests check KRUZ's requests with it). `received_headers` is a case-insensitive
    mapping, as http.server and most frameworks give."""
    now = time.time() if now is None else now
    try:
        timestamp = int(received_headers["Webhook-Timestamp"])
        event_id = received_headers["Webhook-Id"]
        offered = received_headers["Webhook-Signature"].split()
    except (KeyError, TypeError, ValueError, AttributeError):
        return False
    if abs(now - timestamp) > TOLERANCE_SECONDS:
        return False
    expected = signature(secret, event_id, timestamp, body)
    return any(hmac.compare_digest(expected, candidate) for candidate in offered)
