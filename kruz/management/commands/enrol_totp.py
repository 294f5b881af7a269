import io
from base64 import b32encode

import segno
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = (
        "Enrol a staff member's authenticator app for the admin's two-factor login: print "
        "the otpauth:// address (and a QR code) to give them over a trusted channel."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Remove the user's existing authenticators first (a lost phone).",
        )
        parser.add_argument("--no-qr", action="store_true", help="Print no QR code.")

    @transaction.atomic
    def handle(self, *args, username, replace=False, no_qr=False, **options):
        user = get_user_model()._default_manager.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user is called {username!r}.")
        existing = TOTPDevice.objects.filter(user=user)
        if existing.exists() and not replace:
            raise CommandError(
                f"{username} already has an authenticator; use --replace to issue a new one."
            )
        existing.delete()
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
        self.stdout.write(f"Authenticator enrolled for {username}.")
        self.stdout.write(f"Secret (type into the app): {b32encode(device.bin_key).decode()}")
        self.stdout.write(f"Address (scan or open on the phone): {device.config_url}")
        if not no_qr:
            picture = io.StringIO()
            segno.make(device.config_url).terminal(out=picture, compact=True)
            self.stdout.write(picture.getvalue())
