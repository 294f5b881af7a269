"""Staff login and session rules, and the security log (SECURITY.md).

- The client's address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the address the
  outermost proxy saw, so a forged X-Forwarded-For neither dodges nor causes a lockout.
- The lockout cool-off: 15 minutes, doubled for every further lockout of the same
  username or address within a day, never more than a day.
- Staff sessions: 30 idle minutes, 12 hours after login at the latest.
- Failed logins, lockouts, failed one-time codes and refused requests go to the
  "kruz.security" logger.
"""

import datetime
import logging
import time

from axes.helpers import get_client_username
from axes.models import AccessFailureLog
from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

log = logging.getLogger("kruz.security")

COOL_OFF = datetime.timedelta(minutes=15)
LONGEST_COOL_OFF = datetime.timedelta(days=1)
LOGIN_AT = "kruz_login_at"
SEEN_AT = "kruz_seen_at"
SEEN_EVERY = 60  # seconds: how often a busy session's "last seen" is written


def client_ip(request):
    """The address of the client. Each trusted proxy appends the address it received the
    request from to X-Forwarded-For; what the client itself put there is to the left of
    those entries and is never read."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def lockout_cool_off(request=None):
    """How long a lockout lasts: COOL_OFF for the first within a day, doubled for each
    further one of the same username or address, at most LONGEST_COOL_OFF."""
    if request is None:
        return COOL_OFF
    username = get_client_username(request)
    address = getattr(request, "axes_ip_address", None) or client_ip(request)
    day_ago = timezone.now() - datetime.timedelta(days=1)
    failures = AccessFailureLog.objects.filter(attempt_time__gte=day_ago)
    failures = (
        failures.filter(Q(username=username) | Q(ip_address=address))
        if username
        else (failures.filter(ip_address=address))
    )
    lockouts = failures.count() // settings.AXES_FAILURE_LIMIT
    return min(COOL_OFF * 2 ** max(lockouts - 1, 0), LONGEST_COOL_OFF)


def lockout_response(request, original_response=None, credentials=None):
    """429 with a page saying how long to wait."""
    minutes = int(lockout_cool_off(request).total_seconds() // 60)
    response = TemplateResponse(
        request, "admin/kruz/locked_out.html", {"minutes": minutes}, status=429
    )
    response["Retry-After"] = str(minutes * 60)
    return response.render()


def mark_login(sender, request, user, **kwargs):
    """user_logged_in: the session's absolute limit counts from now."""
    now = time.time()
    request.session[LOGIN_AT] = now
    request.session[SEEN_AT] = now


def session_expired(session, now):
    login_at = session.get(LOGIN_AT)
    seen_at = session.get(SEEN_AT, login_at)
    if login_at is None:
        return True
    return (
        now - login_at > settings.SESSION_ABSOLUTE_TIMEOUT
        or now - seen_at > settings.SESSION_IDLE_TIMEOUT
    )


class SessionLimitsMiddleware:
    """Logs a staff member out after SESSION_IDLE_TIMEOUT seconds without a request, and
    SESSION_ABSOLUTE_TIMEOUT seconds after login whatever they do."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if SESSION_KEY in session:
            now = time.time()
            if session_expired(session, now):
                log.info("session ended by its time limit for user id %s", session[SESSION_KEY])
                logout(request)
            elif now - session.get(SEEN_AT, 0) > SEEN_EVERY:
                session[SEEN_AT] = now
        return self.get_response(request)


class RequestSizeLimitMiddleware:
    """413 for a body larger than MAX_REQUEST_BODY, before anything reads it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BODY:
            log.warning("refused a %d-byte body on %s %s", length, request.method, request.path)
            if request.path.startswith("/api/"):  # the API's errors are JSON (its schema)
                return JsonResponse({"detail": _("The request is too large.")}, status=413)
            return HttpResponse(
                _("The request is too large."), status=413, content_type="text/plain"
            )
        return self.get_response(request)


class RefusalLogMiddleware:
    """Every 403 (permission refused, CSRF failure, admin or API) is logged with who
    asked, from where, for what."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            user = getattr(request, "user", None)
            log.warning(
                "refused %s %s to %s from %s",
                request.method,
                request.path,
                user.get_username() if user and user.is_authenticated else "anonymous",
                client_ip(request),
            )
        return response


def log_failed_login(sender, credentials, request=None, **kwargs):
    log.warning(
        "failed login for %r from %s",
        credentials.get("username"),
        client_ip(request) if request is not None else "unknown address",
    )


def log_lockout(sender, request, username, ip_address, **kwargs):
    log.warning("locked out %r from %s after repeated failed logins", username, ip_address)


def log_failed_code(sender, user, **kwargs):
    log.warning("wrong one-time code for %r", user.get_username())
