from django.contrib.sitemaps import views as sitemap_views
from django.db import connection, transaction
from django.http import (
    Http404,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    JsonResponse,
)
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext
from django.views import defaults
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from kruz import sitemaps
from kruz.addresses import absolute
from kruz.models import FormerSlug


def public_page(view):
    """A page of the public site: read only (GET and HEAD), and outside a transaction:
    ATOMIC_REQUESTS would spend two of a cached page's three round trips to PostgreSQL
    on its BEGIN and COMMIT."""
    return transaction.non_atomic_requests(require_safe(view))


@public_page
def healthz(request):
    """For the load balancer and docker compose: the app answers and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@public_page
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


@public_page
def robots_txt(request):
    """Crawlers may read every public page; the sitemap lists them. Staff pages, the API
    and search results (endless, and each a view of pages listed anyway) are left out."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        "Disallow: /*/search/",
        "",
        f"Sitemap: {absolute(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@public_page
@sitemap_views.x_robots_tag
def sitemap_index(request):
    """Django's index view, with the sections' addresses on settings.SITE_URL."""
    entries = []
    for section, sitemap in sitemaps.sections.items():
        location = absolute(reverse("sitemap-section", kwargs={"section": section}))
        lastmod = sitemap.get_latest_lastmod()
        entries.append(sitemap_views.SitemapIndexItem(location, lastmod))
        for page in range(2, sitemap.paginator.num_pages + 1):
            entries.append(sitemap_views.SitemapIndexItem(f"{location}?p={page}", lastmod))
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )


@public_page
def sitemap_section(request, section):
    return sitemap_views.sitemap(request, sitemaps.sections, section=section)


def page_not_found(request, exception):
    """An address no URL pattern matches: under /api/ the API's JSON error body (clients
    read the body the schema documents for 404), elsewhere the site's 404 page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": gettext("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)
