from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class KruzConfig(AppConfig):
    """The project package as an app: its management commands (backup, restore)."""

    name = "kruz"
    default = True


class KruzAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the KRUZ site (title, dashboard) as admin.site."""

    default = False
    default_site = "kruz.admin.KruzAdminSite"
