"""What the <head> of every public page tells search engines, link previews and feed
readers: its canonical address, the same page in each language (absolute, with an
x-default), its title and description once more for Open Graph, and its feeds."""

import html

from django import template
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import get_language, to_locale

from kruz.addresses import absolute, canonical_path, in_each_language, language_neutral

register = template.Library()

# Open Graph names a locale with its territory; the one where each language is at home.
OPEN_GRAPH_LOCALES = {"en": "en_GB", "ko": "ko_KR", "uz": "uz_UZ", "ru": "ru_RU"}
DESCRIPTION_CHARACTERS = 300


class CaptureNode(template.Node):
    def __init__(self, nodelist, name, limit):
        self.nodelist, self.name, self.limit = nodelist, name, limit

    def render(self, context):
        text = " ".join(html.unescape(strip_tags(self.nodelist.render(context))).split())
        if self.limit:
            text = Truncator(text).chars(self.limit)
        context[self.name] = text
        return ""


@register.tag
def capture(parser, token):
    """{% capture as name %}…{% endcapture %}: what the block renders, as plain text in
    `name`, so a page's title block can fill both <title> and og:title. Blocks inside
    are overridden by the page as anywhere else. `{% capture as name short %}` cuts the
    text to a description's length."""
    bits = token.split_contents()
    if len(bits) not in (3, 4) or bits[1] != "as" or bits[3:] not in ([], ["short"]):
        raise template.TemplateSyntaxError("{% capture as name [short] %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2], DESCRIPTION_CHARACTERS if bits[3:] else None)


@register.simple_tag(takes_context=True)
def page_addresses(context):
    """The page's canonical address and the same page in each language, all absolute."""
    path = canonical_path(context["request"])
    current = get_language()
    alternates = [(code, absolute(url)) for code, url in in_each_language(path)]
    return {
        "canonical": absolute(path),
        "alternates": alternates,
        "x_default": absolute(language_neutral(path)),
        "locale": open_graph_locale(current),
        "other_locales": [open_graph_locale(code) for code, _url in alternates if code != current],
    }


def open_graph_locale(code):
    return OPEN_GRAPH_LOCALES.get(code) or to_locale(code)


@register.simple_tag
def absolute_url(url_name, *args):
    """{% absolute_url "feed" %}: a URL name's address on settings.SITE_URL."""
    return absolute(reverse(url_name, args=args))
