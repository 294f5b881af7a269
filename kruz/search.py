"""Finding a record whatever script or spelling the reader uses.

Readers write Uzbek place names in English (Tashkent, Urgench), in Uzbek Latin (Toshkent,
Urganch), in Cyrillic (Ташкент, Ургенч) or in Hangul (타슈켄트). Records keep English with
Korean, Uzbek and Russian translations beside it, but not every record has every
translation. So a search word is expanded into its spellings: the word itself, its
Latin transliteration when it is Cyrillic, and every form of the same place when the
gazetteer below knows it. A record matches when one of its fields, in any language,
contains one of the spellings.
"""

import re

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

# A search is bounded: each word becomes a condition on every searched field in four
# languages and each of its spellings, so a long text would be an expensive query.
MAX_SEARCH_WORDS = 10
MAX_SEARCH_LENGTH = 200

TRANSLATED_SUFFIXES = ("", "_ko", "_uz", "_ru")

# Russian and Uzbek Cyrillic to the Latin spelling English uses for Uzbek names.
CYRILLIC_TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "ў": "o", "қ": "q", "ғ": "g", "ҳ": "h",
}  # fmt: skip

# Places of the record, each with the spellings readers use for it. Lower case.
GAZETTEER = (
    ("tashkent", "toshkent", "ташкент", "тошкент", "타슈켄트"),
    ("urgench", "urganch", "ургенч", "урганч", "우르겐치"),
    ("samarkand", "samarqand", "самарканд", "самарқанд", "사마르칸트"),
    ("bukhara", "buxoro", "бухара", "бухоро", "부하라"),
    ("khiva", "xiva", "хива", "히바"),
    ("fergana", "ferghana", "fargona", "фергана", "фарғона", "페르가나"),
    ("andijan", "andijon", "андижан", "андижон", "안디잔"),
    ("namangan", "наманган", "나망간"),
    ("navoi", "navoiy", "навои", "навоий", "나보이"),
    ("nukus", "нукус", "누쿠스"),
    ("karakalpakstan", "qoraqalpogiston", "каракалпакстан", "қорақалпоғистон", "카라칼팍스탄"),
    ("khorezm", "xorazm", "хорезм", "хоразм", "호레즘"),
    ("jizzakh", "jizzax", "джизак", "жиззах", "지작"),
    ("kashkadarya", "qashqadaryo", "кашкадарья", "қашқадарё", "카슈카다리야"),
    ("surkhandarya", "surxondaryo", "сурхандарья", "сурхондарё", "수르한다리야"),
    ("syrdarya", "sirdaryo", "сырдарья", "сирдарё", "시르다리야"),
    ("termez", "termiz", "термез", "термиз", "테르메즈"),
    ("aral", "orol", "арал", "орол", "아랄"),
    ("uzbekistan", "ozbekiston", "узбекистан", "ўзбекистон", "우즈베키스탄"),
    ("korea", "koreya", "корея", "한국"),
)
_SPELLINGS = {spelling: group for group in GAZETTEER for spelling in group}

WORD = re.compile(r"\w+")


def words(text):
    """The words of a search, lower case; punctuation and apostrophes split words, as
    they do in PostgreSQL's text search parser."""
    return [word.lower() for word in WORD.findall(text or "")]


def transliterate(word):
    return "".join(CYRILLIC_TO_LATIN.get(letter, letter) for letter in word)


def spellings(word):
    """Every spelling of one lower-case search word, the word itself first."""
    found = [word]
    if transliterate(word) != word:
        found.append(transliterate(word))
    for candidate in list(found):
        for known in _SPELLINGS.get(candidate, ()):
            if known not in found:
                found.append(known)
    return found


HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")


def needs_substring_match(text):
    """Korean writes compounds as one word (어린이병원, children's hospital): a word
    searched for is found inside another only by a substring match, which a full-text
    prefix match cannot do."""
    return bool(HANGUL.search(text or ""))


def contains_any_spelling(fields, text):
    """A condition: for each word of the text, one of the fields, in English or a
    translation, contains one of the word's spellings. The portable (SQLite) search."""
    condition = Q()
    for word in words(text):
        word_condition = Q()
        for spelling in spellings(word):
            for field in fields:
                for suffix in TRANSLATED_SUFFIXES:
                    word_condition |= Q(**{f"{field}{suffix}__icontains": spelling})
        condition &= word_condition
    return condition


def prefix_tsquery(text):
    """A raw PostgreSQL tsquery: every word, in one of its spellings, as a prefix (so
    Ургенч also finds Ургенча). None when the text has no word."""
    terms = []
    for word in words(text):
        options = " | ".join(f"'{spelling}':*" for spelling in spellings(word))
        terms.append(f"({options})")
    return " & ".join(terms) or None


class SearchForm(forms.Form):
    """The site search's one field: at most MAX_SEARCH_LENGTH characters and
    MAX_SEARCH_WORDS words, each refusal said in the reader's language."""

    q = forms.CharField(
        label=_("Search the record"),
        max_length=MAX_SEARCH_LENGTH,
        strip=True,
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    def clean_q(self):
        text = self.cleaned_data["q"]
        if not words(text):
            raise forms.ValidationError(_("Enter a word to search for."), code="no_words")
        if len(words(text)) > MAX_SEARCH_WORDS:
            raise forms.ValidationError(
                ngettext_lazy(
                    "Search for at most %(limit)d word.",
                    "Search for at most %(limit)d words.",
                    "limit",
                ),
                code="too_many_words",
                params={"limit": MAX_SEARCH_WORDS},
            )
        return text
