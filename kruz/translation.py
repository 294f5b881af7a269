"""Record content in every language of settings.LANGUAGES, declared once.

`title = TranslatedField(models.CharField(_("title"), max_length=250))` declares `title`
(the default language, English) and a sibling per other language: `title_ko`, `title_uz`,
`title_ru`, each optional. Models, admin, serializers, search, IATI and digests ask this
module for the names instead of spelling them out, so a fifth language is one line in
settings.LANGUAGES, a migration, its catalogue and its data.

Why not django-modeltranslation: it adds a column for the default language too
(`title_en` beside `title`), swaps field values by the active language behind the
attribute, and patches admin and querysets. KRUZ's API and fixtures address the English
value as `title` and every translation by name; a small factory keeps that, with no hidden
behaviour to learn.
"""

from django.conf import settings
from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import translation
from django.utils.text import format_lazy


def content_languages():
    """Every language record content is kept in, the default (English) first."""
    codes = [code for code, _name in settings.LANGUAGES]
    return [settings.LANGUAGE_CODE, *(code for code in codes if code != settings.LANGUAGE_CODE)]


def translation_languages():
    """The languages a translated field has a sibling for: all but the default."""
    return content_languages()[1:]


def language_name(code):
    return dict(settings.LANGUAGES)[code]


def sibling_name(field_name, language):
    """The attribute holding `field_name` in `language`: "title", "title_ko"…"""
    return field_name if language == settings.LANGUAGE_CODE else f"{field_name}_{language}"


def translated_names(*field_names):
    """Every column of these translated fields: ["title", "title_ko", …, "summary", …]."""
    return [sibling_name(name, code) for name in field_names for code in content_languages()]


def sibling_names(*field_names):
    """The translations' columns only: ["title_ko", "title_uz", "title_ru", …]."""
    return [sibling_name(name, code) for name in field_names for code in translation_languages()]


def active_language():
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return language if language in content_languages() else settings.LANGUAGE_CODE


class TranslatedField:
    """A model field in the default language plus an optional sibling per translation.
    The class keeps the names of its translated fields in `translated_fields`."""

    def __init__(self, field):
        self.field = field

    def contribute_to_class(self, cls, name):
        self.field.contribute_to_class(cls, name)
        _name, _path, args, kwargs = self.field.deconstruct()
        for language in translation_languages():
            verbose_name = format_lazy("{} ({})", self.field.verbose_name, language_name(language))
            options = {**kwargs, "blank": True, "help_text": "", "verbose_name": verbose_name}
            sibling = type(self.field)(*args, **options)
            sibling.contribute_to_class(cls, sibling_name(name, language))
        cls.translated_fields = (*cls.__dict__.get("translated_fields", ()), name)


class Translatable:
    """Model mixin: content in the reader's language where it was translated, else in
    English (the stated fallback: the page marks such text with lang="en")."""

    translated_fields: tuple[str, ...] = ()

    def localized(self, field_name, language=None):
        return self.localized_with_language(field_name, language)[0]

    def localized_with_language(self, field_name, language=None):
        """(value, the language it is in): the translation, or English when there is none."""
        language = language or active_language()
        value = getattr(self, sibling_name(field_name, language), "")
        if value or language == settings.LANGUAGE_CODE:
            return value, language
        return getattr(self, field_name), settings.LANGUAGE_CODE


def in_reader_language(field_name, language=None):
    """The field as the reader reads it, as a database expression: the translation, or
    English where there is none. Lists are ordered by it."""
    language = language or active_language()
    if language == settings.LANGUAGE_CODE:
        return F(field_name)
    return Coalesce(NullIf(F(sibling_name(field_name, language)), Value("")), F(field_name))
