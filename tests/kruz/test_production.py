"""Production settings (DEBUG off, a real SECRET_KEY, a host name) pass Django's deploy
checks with no warning and give the cookies their production names and flags."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django_otp.oath import totp

from tests.factories import UserFactory
from tests.logins import authenticator_of

ROOT = Path(__file__).resolve().parent.parent.parent

RESPONSE_IN_PRODUCTION = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client, override_settings
from django.test.utils import setup_test_environment
setup_test_environment()
plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
with override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain}):
    response = Client().get("/admin/login/", secure=True, HTTP_HOST="kruz.example.uz")
print(json.dumps({
    "status": response.status_code,
    "cookies": {name: dict(morsel) for name, morsel in response.cookies.items()},
    "hsts": response["Strict-Transport-Security"],
    "session": [settings.SESSION_COOKIE_NAME, settings.SESSION_COOKIE_SECURE,
                settings.SESSION_COOKIE_HTTPONLY, settings.SESSION_COOKIE_SAMESITE],
    "redirect": Client().get("/en/", HTTP_HOST="kruz.example.uz").status_code,
}))
"""


def production(*command):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "CELERY_BROKER_URL", "DEBUG", "SECRET_KEY", "SITE_URL")
    }
    environment.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="kruz.example.uz",
        CSRF_TRUSTED_ORIGINS="https://kruz.example.uz",
        SITE_URL="https://kruz.example.uz",
        DATABASE_URL="sqlite:///:memory:",
        DJANGO_SETTINGS_MODULE="kruz.settings",
    )
    return subprocess.run(
        [sys.executable, *command],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_passes_the_deploy_checks_with_no_warning():
    result = production("manage.py", "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_it_names_and_flags_the_cookies_for_production():
    result = production("-c", RESPONSE_IN_PRODUCTION)

    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["status"] == 200
    csrf = answer["cookies"]["__Host-csrftoken"]
    assert csrf["secure"] is True and csrf["samesite"] == "Lax" and csrf["path"] == "/"
    assert not csrf["domain"]
    assert answer["session"] == ["__Host-sessionid", True, True, "Lax"]
    assert answer["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert answer["redirect"] == 301  # plain http is sent to https


@pytest.mark.django_db
def test_it_sets_the_session_cookie_secure_http_only_and_same_site(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SESSION_COOKIE_NAME = "__Host-sessionid"
    settings.SESSION_COOKIE_SECURE = True
    user = UserFactory(username="dora")
    device = authenticator_of(user)
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"

    response = Client().post(
        "/admin/login/",
        {"username": "dora", "password": "correct horse battery staple", "otp_token": code},
        secure=True,
    )

    cookie = response.cookies["__Host-sessionid"]
    assert response.status_code == 302
    assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax"
    assert cookie["path"] == "/" and not cookie["domain"]
    assert int(cookie["max-age"]) == 12 * 60 * 60
