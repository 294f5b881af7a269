"""Staff sign in with a password and a TOTP code; guessing is locked out per username and
per address for a cool-off that grows; sessions end when idle or old; all of it logged."""

import datetime
import time
from pathlib import Path

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client, RequestFactory
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from kruz.admin import KruzLoginForm
from kruz.security import LOGIN_AT, SEEN_AT, client_ip, lockout_cool_off
from tests.factories import UserFactory
from tests.logins import authenticator_of, verified_login

ROOT = Path(__file__).resolve().parent.parent.parent

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


def wrong_code_of(user):
    return f"{(int(code_of(user)) + 1) % 1_000_000:06d}"


def post_again(client, page, **fields):
    """Submit the login page as a browser would: with the device menu's blank choice
    when the page shows that menu."""
    if 'name="otp_device"' in page:
        fields["otp_device"] = ""
    return client.post(LOGIN, {"username": "dora", "password": PASSWORD, **fields})


def test_it_takes_the_right_code_straight_after_a_wrong_one(dora):
    client, wrong = log_in("dora", code=wrong_code_of(dora))
    page = wrong.content.decode()

    assert "That code is not right. Enter the code your app shows now." in page
    assert 'name="otp_device"' not in page, "no 'Authenticator: ---------' menu"
    assert "Authenticator:" not in page

    retry = post_again(client, page, otp_token=code_of(dora))

    assert retry.status_code == 302 and reaches_the_admin(client)


def test_it_says_in_the_readers_language_that_the_code_was_wrong(dora):
    client = Client(REMOTE_ADDR="10.0.0.1", HTTP_ACCEPT_LANGUAGE="ko")

    response = client.post(
        LOGIN, {"username": "dora", "password": PASSWORD, "otp_token": wrong_code_of(dora)}
    )

    assert "코드가 올바르지 않습니다" in response.content.decode()


def test_it_makes_a_second_wrong_code_wait_and_says_how_long(dora):
    client, first = log_in("dora", code=wrong_code_of(dora))
    second = post_again(client, first.content.decode(), otp_token=wrong_code_of(dora))
    third = post_again(client, second.content.decode(), otp_token=code_of(dora))

    page = third.content.decode()
    assert third.status_code == 200 and not reaches_the_admin(client)
    assert "2 wrong codes in a row: wait 2 seconds, then enter the code" in page
    assert "Verification temporarily disabled" not in page


def translated_msgids(path):
    """The msgids (singular) of a PO file that have a non-empty translation."""
    translated, msgid, msgstr, current = set(), None, "", None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("msgid "):
            msgid, msgstr, current = "", "", "msgid"
        elif line.startswith(("msgstr ", "msgstr[0] ")):
            current = "msgstr"
        elif not line.startswith('"'):
            if msgid and msgstr:
                translated.add(msgid)
            current = None
            continue
        if current and '"' in line:
            text = line[line.index('"') + 1 : line.rindex('"')]
            if current == "msgid":
                msgid += text
            else:
                msgstr += text
    return translated


def test_it_has_every_login_message_translated():
    """KRUZ's own login messages, not django-otp's, in each language's catalogue (or in
    the catalogue waiting to be merged into it)."""
    messages = [
        str(KruzLoginForm.otp_error_messages[key])
        for key in ("token_required", "invalid_token", "device_required")
    ]
    messages.append(
        "%(count)d wrong codes in a row: wait %(seconds)d second, then enter the code your "
        "authenticator app shows now."
    )
    for language in ("ko", "uz", "ru"):
        catalogues = [ROOT / "locale" / language / "LC_MESSAGES" / "django.po"]
        catalogues += (ROOT / "locale" / "incoming").glob(f"*.{language}.po")
        translated = set().union(*map(translated_msgids, catalogues))
        assert [m for m in messages if m not in translated] == [], language


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
