"""Every UI string is translated into Korean, Uzbek (Latin script) and Russian, and the
compiled catalogs are the ones the site uses."""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.utils import translation

from kruz.records import Publication
from tests.factories import StatusReportFactory

LANGUAGES = ("ko", "uz", "ru")
FIELD = re.compile(r'^(msgid|msgid_plural|msgstr(?:\[\d+\])?) ((?:".*"\n?)+)', re.MULTILINE)
PAGES = [
    "/{language}/",
    "/{language}/projects/",
    "/{language}/projects/?year=soon",
    "/{language}/projects/childrens-hospital/",
    "/{language}/agreements/",
    "/{language}/agreements/hospital-loan/",
    "/{language}/timeline/",
    "/{language}/engagements/",
    "/{language}/engagements/state-visit-2017/",
    "/{language}/officials/",
    "/{language}/organizations/",
    "/{language}/organizations/koica/",
    "/{language}/sectors/",
    "/{language}/regions/",
    "/{language}/search/?q=hospital",
    "/{language}/search/?q=",
]


def catalog(language):
    return (settings.BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.po").read_text()


def entries(language):
    """Each entry of the .po file as {field: text}, continuation lines joined."""
    for block in catalog(language).split("\n\n"):
        fields = {
            name: "".join(re.findall(r'"(.*)"', value)) for name, value in FIELD.findall(block)
        }
        if fields.get("msgid"):
            yield fields


def untranslated_english(language):
    """The UI strings whose translation differs from the English (so English would show)."""
    return {
        entry["msgid"]
        for entry in entries(language)
        if "msgstr" in entry and entry["msgstr"] != entry["msgid"] and "%" not in entry["msgid"]
    }


class VisibleText(HTMLParser):
    """Text nodes and the attributes people read or hear (labels, titles)."""

    def __init__(self):
        super().__init__()
        self.texts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")
        for name, value in attrs:
            if name in ("aria-label", "title", "placeholder", "alt") and value:
                self.texts.append(value.strip())

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style")

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.texts.append(data.strip())


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_translates_every_message(language):
    translations = [
        value for entry in entries(language) for name, value in entry.items() if "msgstr" in name
    ]
    assert len(translations) > 300
    assert all(translations)
    assert "#, fuzzy" not in catalog(language)


@pytest.mark.parametrize(
    ("language", "expected"), [("ko", "사업"), ("uz", "Loyihalar"), ("ru", "Проекты")]
)
def test_it_uses_the_compiled_catalogs(language, expected):
    with translation.override(language):
        assert translation.gettext("Projects") == expected


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_it_shows_no_english_ui_string_to_a_reader_of_another_language(client, record, language):
    StatusReportFactory(project=record["hospital"], publication=Publication.PUBLISHED)
    english = untranslated_english(language) - {"English"}  # the switcher names each language
    for url in PAGES:
        parser = VisibleText()
        parser.feed(client.get(url.format(language=language)).content.decode())
        assert english.isdisjoint(parser.texts), url
