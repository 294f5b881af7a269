"""The API's one router. Each domain app registers its viewsets in its own api.py (found
by api.urls, as the admin finds admin.py); this module knows no domain app."""

from rest_framework import routers


class Router(routers.DefaultRouter):
    root_view_name = "root"


router = Router()
