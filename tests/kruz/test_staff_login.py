"""Staff sign in with a password and a TOTP code; guessing is locked out per username and
per address for a cool-off that grows; sessions end when idle or old; all of it logged."""

import datetime
import time

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client, RequestFactory
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from kruz.security import LOGIN_AT, SEEN_AT, client_ip, lockout_cool_off
from tests.factories import UserFactory
from tests.logins import authenticator_of, verified_login

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def dora(db):
    """A Publisher with an authenticator app."""
    user = UserFactory(username="dora", is_superuser=True)
    authenticator_of(user)
    return user


def code_of(user):
    device = TOTPDevice.objects.get(user=user)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"


def log_in(username, password=PASSWORD, code="", address="10.0.0.1", **headers):
    client = Client(REMOTE_ADDR=address, **headers)
    response = client.post(LOGIN, {"username": username, "password": password, "otp_token": code})
    return client, response


def fail(times, username="dora", address="10.0.0.1", **headers):
    for _ in range(times):
        _client, response = log_in(username, "wrong password", address=address, **headers)
        assert response.status_code in (200, 429)  # the fifth failure is answered locked


def reaches_the_admin(client):
    return client.get("/admin/").status_code == 200


def test_it_logs_in_with_the_password_and_the_code(dora):
    client, response = log_in("dora", code=code_of(dora))

    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert reaches_the_admin(client)


def test_it_refuses_the_right_password_without_a_code(dora):
    client, response = log_in("dora")

    assert response.status_code == 200
    assert "Enter the code from your authenticator app." in response.content.decode()
    assert not reaches_the_admin(client)


def test_it_refuses_a_wrong_code_and_logs_it(dora, caplog):
    code = f"{(int(code_of(dora)) + 1) % 1_000_000:06d}"
    client, response = log_in("dora", code=code)

    assert response.status_code == 200
    assert not reaches_the_admin(client)
    assert "wrong one-time code for 'dora'" in caplog.text


def test_it_treats_a_session_without_a_code_as_not_staff(dora):
    client = Client()
    client.force_login(dora)

    response = client.get("/admin/")

    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_it_locks_a_username_out_after_five_failures_from_any_address(dora, caplog):
    for number in range(5):
        fail(1, address=f"10.0.1.{number}")

    client, response = log_in("dora", code=code_of(dora), address="10.0.2.1")

    assert response.status_code == 429
    assert "Try again in 15 minutes" in response.content.decode()
    assert response["Retry-After"] == "900"
    assert not reaches_the_admin(client)
    assert "failed login for 'dora' from 10.0.1.4" in caplog.text
    assert "locked out 'dora'" in caplog.text


def test_it_does_not_lock_out_after_four_failures(dora):
    fail(4)

    client, response = log_in("dora", code=code_of(dora))

    assert response.status_code == 302
    assert reaches_the_admin(client)


def test_it_locks_an_address_out_after_five_failures_on_any_username(dora):
    for name in ("erin", "frank", "grace", "heidi", "ivan"):
        fail(1, username=name, address="10.0.3.3")

    _client, locked = log_in("dora", code=code_of(dora), address="10.0.3.3")
    client, elsewhere = log_in("dora", code=code_of(dora), address="10.0.3.4")

    assert locked.status_code == 429
    assert elsewhere.status_code == 302 and reaches_the_admin(client)


def test_it_is_not_fooled_by_a_forged_forwarded_for_header(dora):
    for number in range(5):
        fail(1, username=f"guess{number}", HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")

    _client, response = log_in("dora", code=code_of(dora), HTTP_X_FORWARDED_FOR="198.51.100.7")

    assert response.status_code == 429


def test_it_reads_the_address_the_trusted_proxy_saw(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    forged = RequestFactory().get(
        "/", REMOTE_ADDR="172.16.0.2", HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.9"
    )
    direct = RequestFactory().get("/", REMOTE_ADDR="172.16.0.2")

    assert client_ip(forged) == "203.0.113.9"
    assert client_ip(direct) == "172.16.0.2"


def test_it_ignores_forwarded_for_without_a_trusted_proxy():
    request = RequestFactory().get("/", REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="192.0.2.1")

    assert client_ip(request) == "10.9.9.9"


def age_failures(minutes):
    past = timezone.now() - datetime.timedelta(minutes=minutes)
    for attempt in AccessAttempt.objects.select_related("expiration"):
        attempt.attempt_time = past
        attempt.save()
        attempt.expiration.expires_at = past + lockout_cool_off()
        attempt.expiration.save()
    AccessFailureLog.objects.update(attempt_time=past)


def test_it_lifts_the_lockout_after_the_cool_off(dora):
    fail(5)
    age_failures(16)

    client, response = log_in("dora", code=code_of(dora))

    assert response.status_code == 302 and reaches_the_admin(client)


def test_it_doubles_the_cool_off_for_each_further_lockout_up_to_a_day(dora):
    request = RequestFactory().post(LOGIN, {"username": "dora"}, REMOTE_ADDR="10.0.0.1")
    cool_offs = []
    for _ in range(4):
        fail(5)
        cool_offs.append(lockout_cool_off(request))
    fail(100)

    minutes = [int(cool_off.total_seconds() // 60) for cool_off in cool_offs]
    assert minutes == [15, 30, 60, 120]
    assert lockout_cool_off(request) == datetime.timedelta(days=1)


def test_it_forgets_lockouts_older_than_a_day(dora):
    request = RequestFactory().post(LOGIN, {"username": "dora"}, REMOTE_ADDR="10.0.0.1")
    fail(15)
    AccessFailureLog.objects.update(attempt_time=timezone.now() - datetime.timedelta(days=2))

    assert lockout_cool_off(request) == datetime.timedelta(minutes=15)


def test_it_ends_a_session_idle_for_thirty_minutes(dora):
    client = verified_login(Client(), dora)
    session = client.session
    session[SEEN_AT] = time.time() - 31 * 60
    session.save()

    assert not reaches_the_admin(client)


def test_it_keeps_a_session_used_within_thirty_minutes(dora):
    client = verified_login(Client(), dora)
    session = client.session
    session[SEEN_AT] = time.time() - 29 * 60
    session.save()

    assert reaches_the_admin(client)


def test_it_ends_a_session_twelve_hours_after_login_however_busy(dora):
    client = verified_login(Client(), dora)
    session = client.session
    session[LOGIN_AT] = time.time() - 12 * 60 * 60 - 1
    session[SEEN_AT] = time.time()
    session.save()

    assert not reaches_the_admin(client)


@pytest.mark.parametrize(
    "password", ["password123", "12345678901", "short", "dora@example.org", "qwertyuiop"]
)
def test_it_refuses_weak_passwords(dora, password):
    with pytest.raises(ValidationError):
        validate_password(password, user=dora)


def test_it_accepts_a_long_uncommon_password(dora):
    validate_password("plough-orbit-saffron-71", user=dora)


def test_it_logs_a_refused_permission(charlie, client_for, caplog):
    response = client_for(charlie).get("/admin/projects/project/add/")

    assert response.status_code == 403
    assert "refused GET /admin/projects/project/add/ to charlie from 127.0.0.1" in caplog.text


def test_it_enrols_an_authenticator_with_a_command(capsys):
    erin = UserFactory(username="erin")

    call_command("enrol_totp", "erin", "--no-qr")

    printed = capsys.readouterr().out
    device = TOTPDevice.objects.get(user=erin)
    assert device.confirmed
    assert "otpauth://totp/KRUZ%3Aerin?secret=" in printed or "otpauth://totp/KRUZ:erin?" in printed
    client, response = log_in("erin", code=code_of(erin))
    assert response.status_code == 302 and reaches_the_admin(client)


def test_it_replaces_an_authenticator_only_when_asked(dora):
    old = TOTPDevice.objects.get(user=dora)
    with pytest.raises(CommandError):
        call_command("enrol_totp", "dora", "--no-qr")

    call_command("enrol_totp", "dora", "--replace", "--no-qr")

    assert TOTPDevice.objects.get(user=dora).pk != old.pk
