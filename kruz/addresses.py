"""Absolute addresses of the public pages, on settings.SITE_URL whatever host a request
came to: the <head> links, the sitemaps and the feeds all write them here."""

from urllib.parse import urlencode

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language_from_path

# Query parameters that make a different page rather than a view of the same one: the
# page of a list. Filters and searches are views of the list and point to it.
CANONICAL_PARAMETERS = ("page",)


def absolute(path):
    return settings.SITE_URL + path


def canonical_path(request):
    """The page's own address: its path, with only the parameters that make it a
    different page (?page=2, never ?page=1). A filtered or searched list is a view of
    the list, whose address is the list's."""
    if set(request.GET) - set(CANONICAL_PARAMETERS):
        return request.path
    kept = {
        name: request.GET[name]
        for name in CANONICAL_PARAMETERS
        if request.GET.get(name, "1") not in ("", "1")
    }
    return request.path + (f"?{urlencode(kept)}" if kept else "")


def in_each_language(path):
    """[(language code, the same page in that language)] for settings.LANGUAGES."""
    return [(code, translate_url(path, code)) for code, _name in settings.LANGUAGES]


def language_neutral(path):
    """The page without its language prefix: LocaleMiddleware answers it by sending each
    reader to their own language, which is what hreflang="x-default" names."""
    language = get_language_from_path(path)
    if language is None:
        return path
    return "/" + path.removeprefix(f"/{language}/")
