from django.contrib.admin.apps import AdminConfig


class KruzAdminConfig(AdminConfig):
    """django.contrib.admin with the KRUZ site (title, dashboard) as admin.site."""

    default_site = "kruz.admin.KruzAdminSite"
