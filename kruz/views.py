from django.db import connection
from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseRedirect, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from kruz.models import FormerSlug


@require_safe
def healthz(request):
    """For the load balancer and docker compose: the app answers and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@require_safe
@cache_control(max_age=86400, public=True)
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links; send them to the SVG icon."""
    return HttpResponseRedirect(static("img/favicon.svg"))


def renamed_record_redirect(model, slug, url_name):
    """A permanent redirect to the current address of the published record that was once
    called `slug`; 404 when there is none."""
    current = FormerSlug.objects.current_slug(model, slug)
    if current is None:
        raise Http404
    return HttpResponsePermanentRedirect(reverse(url_name, kwargs={"slug": current}))
