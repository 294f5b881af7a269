from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class KruzConfig(AppConfig):
    """The project package as an app: its management commands (backup, restore)."""

    name = "kruz"
    default = True

    def ready(self):
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in, user_login_failed
        from django_otp.forms import otp_verification_failed

        from kruz import security

        user_logged_in.connect(security.mark_login, dispatch_uid="kruz-mark-login")
        user_login_failed.connect(security.log_failed_login, dispatch_uid="kruz-failed-login")
        user_locked_out.connect(security.log_lockout, dispatch_uid="kruz-lockout")
        otp_verification_failed.connect(security.log_failed_code, dispatch_uid="kruz-failed-code")


class KruzAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the KRUZ site (title, dashboard) as admin.site."""

    default = False
    default_site = "kruz.admin.KruzAdminSite"
