"""On the real record (fixtures/record/): a Korean, Uzbek or Russian page shows record
content in its own language. Every public page (the sitemap's, plus the lists' further
pages) is read as a reader sees it; no English text of a translated field may be on it,
unless the translation is the same text (a name such as "LG CNS"). Quotations of the
sources (<blockquote>, <cite>) are English by nature and are not read."""

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.utils import translation

from kruz.translation import Translatable, sibling_name, translation_languages
from tests.public.test_html_validity import sitemap_paths
from tests.public.whole_record import whole_record  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("whole_record")]

QUOTATIONS = ("blockquote", "cite")
# Shorter English values are matched as a whole text only ("Seoul" may sit in "Seoul Park").
WHOLE_TEXT_BELOW = 20
# Brackets right after a word: how a translation glosses a name with its original.
GLOSS = re.compile(r"(?<=\w)\s?\([^()]*\)")
FURTHER_PAGES = ["/{language}/projects/?page=2"]


class ReaderText(HTMLParser):
    """The text nodes a reader sees or hears, whitespace joined, quotations left out."""

    def __init__(self):
        super().__init__()
        self.texts, self._quoting, self._hidden = [], 0, 0

    def handle_starttag(self, tag, attrs):
        self._quoting += tag in QUOTATIONS
        self._hidden += tag in ("script", "style", "title")
        for name, value in attrs:
            if name in ("aria-label", "title", "alt", "content") and value:
                self.texts.append(" ".join(value.split()))

    def handle_endtag(self, tag):
        self._quoting -= tag in QUOTATIONS
        self._hidden -= tag in ("script", "style", "title")

    def handle_data(self, data):
        if not self._quoting and not self._hidden and data.strip():
            self.texts.append(" ".join(data.split()))


def english_values(language):
    """Each line of English text of a translated field whose translation into `language`
    is not the same text (or is missing: then the page would fall back to English)."""
    english = set()
    for model in apps.get_models():
        if not issubclass(model, Translatable):
            continue
        for field in model.translated_fields:
            rows = model._default_manager.values_list(field, sibling_name(field, language))
            for value, translated in rows:
                if value and joined(value) != joined(translated):
                    english.update(joined(line) for line in value.splitlines() if line.strip())
    return english


def joined(text):
    return " ".join((text or "").split())


def english_shown(texts, english):
    """The English values a page's texts show. A translation may give the original name
    in brackets after its own ("여주대학교(Yeoju Institute of Technology)"): a gloss, not
    untranslated content."""
    found = set()
    for text in texts:
        text = GLOSS.sub("", text)
        for value in english:
            if text == value or (len(value) >= WHOLE_TEXT_BELOW and value in text):
                found.add(value)
    return found


def page_paths(client, language):
    paths = [path for path in sitemap_paths(client) if path.startswith(f"/{language}/")]
    return paths + [path.format(language=language) for path in FURTHER_PAGES]


@pytest.mark.parametrize("language", translation_languages())
def test_no_translated_page_shows_the_english_of_record_content(client, language):
    values = english_values(language)
    assert len(values) > 500  # the record's titles, summaries, names…
    paths = page_paths(client, language)
    assert len(paths) > 40
    leaks = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        reader = ReaderText()
        reader.feed(response.content.decode())
        if found := english_shown(reader.texts, values):
            leaks[path] = sorted(found)[:5]
    assert not leaks, leaks


def test_the_check_sees_english_where_a_translation_is_missing(client):
    """The check can fail: an untranslated project title shows in English."""
    from projects.models import Project

    project = Project.objects.published().first()
    Project.objects.filter(pk=project.pk).update(title_ko="")
    with translation.override("ko"):
        response = client.get(f"/ko/projects/{project.slug}/")
    reader = ReaderText()
    reader.feed(response.content.decode())
    assert project.title in english_shown(reader.texts, english_values("ko"))
