"""Settings come from the environment; production never starts on a default key."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PRINT_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
db = settings.DATABASES["default"]
print(json.dumps({
    "engine": db["ENGINE"], "name": db["NAME"], "atomic": db["ATOMIC_REQUESTS"],
    "eager": settings.CELERY_TASK_ALWAYS_EAGER, "broker": settings.CELERY_BROKER_URL,
    "email": settings.EMAIL_BACKEND, "email_host": settings.EMAIL_HOST,
    "hosts": settings.ALLOWED_HOSTS, "origins": settings.CSRF_TRUSTED_ORIGINS,
    "tz": settings.TIME_ZONE, "use_tz": settings.USE_TZ, "debug": settings.DEBUG,
    "hsts": getattr(settings, "SECURE_HSTS_SECONDS", 0),
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_location": settings.CACHES["default"].get("LOCATION"),
    "site_url": settings.SITE_URL,
}))
"""

VARIABLES = (
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "EMAIL_URL",
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "CACHE_URL",
    "SITE_URL",
)


def run_settings(**environment):
    env = {k: v for k, v in os.environ.items() if k not in VARIABLES}
    env.update(DJANGO_SETTINGS_MODULE="kruz.settings", **environment)
    return subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_it_refuses_to_start_in_production_without_a_secret_key():
    result = run_settings(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_it_refuses_to_start_in_production_without_the_site_address():
    """Reminder e-mails link to SITE_URL: a development default there would send staff to
    127.0.0.1."""
    result = run_settings(DEBUG="false", SECRET_KEY="a-long-random-production-secret-for-tests")
    assert result.returncode != 0
    assert "SITE_URL is not set" in result.stderr


def test_it_refuses_a_site_address_that_is_not_absolute():
    result = run_settings(SITE_URL="kruz.example.uz")
    assert result.returncode != 0
    assert "SITE_URL must be an absolute address" in result.stderr


def test_it_runs_on_embedded_defaults_without_any_service():
    result = run_settings()
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["eager"] is True
    assert values["email"] == "django.core.mail.backends.console.EmailBackend"
    assert values["tz"] == "Asia/Tashkent" and values["use_tz"] is True
    assert values["atomic"] is True
    assert values["cache"] == "django.core.cache.backends.locmem.LocMemCache"


def test_it_reads_production_services_from_the_environment():
    result = run_settings(
        DEBUG="false",
        SECRET_KEY="a-long-random-production-secret-for-this-test-only",
        DATABASE_URL="postgres://kruz:pw@db.internal:5432/kruz",
        CELERY_BROKER_URL="redis://redis.internal:6379/0",
        EMAIL_URL="smtp://mailer:pw@smtp.internal:587",
        ALLOWED_HOSTS="kruz.example.uz,www.kruz.example.uz",
        CSRF_TRUSTED_ORIGINS="https://kruz.example.uz",
        CACHE_URL="redis://redis.internal:6379/1",
        SITE_URL="https://kruz.example.uz/",
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["name"] == "kruz"
    assert values["eager"] is False
    assert values["broker"] == "redis://redis.internal:6379/0"
    assert values["email"] == "django.core.mail.backends.smtp.EmailBackend"
    assert values["email_host"] == "smtp.internal"
    assert values["hosts"] == ["kruz.example.uz", "www.kruz.example.uz"]
    assert values["origins"] == ["https://kruz.example.uz"]
    assert values["debug"] is False
    assert values["hsts"] >= 365 * 24 * 60 * 60
    # One cache for every worker: representations, pages and the API throttle's counts.
    assert values["cache"] == "kruz.cache.RedisCache"
    assert values["cache_location"] == "redis://redis.internal:6379/1"
    assert values["site_url"] == "https://kruz.example.uz"  # links add their own "/"
