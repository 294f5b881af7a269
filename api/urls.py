from django.utils.module_loading import autodiscover_modules

from api.routers import router

app_name = "api"

# Each app's api.py registers its endpoints with the router, as admin.py does with the site.
autodiscover_modules("api")

urlpatterns = [*router.urls]
