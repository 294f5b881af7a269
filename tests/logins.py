"""Staff log in to the admin with a password and a TOTP code; tests that are not about
logging in start from a session that has done both."""

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice


def authenticator_of(user):
    """The user's TOTP device, enrolled if they have none yet."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator")


def verified_login(client, user):
    """Log the client in as the user, verified by their authenticator, as the admin's
    login form does after a right password and code."""
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = authenticator_of(user).persistent_id
    session.save()
    return client
