"""Atom feeds of public changes, read from PublicEvent: a record published, changed,
unpublished or deleted. Drafts never make an event, so they never make an entry.

Each entry names the record as the public last saw it up to that event (for a withdrawn
record, the last version that was public, read from its history), links to its page,
and says what happened in the reader's language; dates are in UTC."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.apps import apps
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kruz.addresses import absolute
from kruz.models import EventKind, FormerSlug, PublicEvent
from kruz.records import Publication
from kruz.translation import Translatable, translated_names

ENTRIES = 50
TITLE_FIELDS = ("title", "name")


@dataclass
class Entry:
    event: PublicEvent
    kind: str  # what the record is: "project", "agreement"…
    title: str
    path: str | None  # its page, or None when its type has no page


def describe(events):
    """An Entry for each event, reading the records and their history a type at a time."""
    events = list(events)
    by_resource = defaultdict(list)
    for event in events:
        by_resource[event.resource].append(event)
    described = {}
    for resource, group in by_resource.items():
        model = apps.get_model(resource)
        ids = {event.record_id for event in group}
        titles = PublicTitles(model, ids)
        current = {
            record.pk: record
            for record in model.objects.published()
            .filter(pk__in=ids)
            .only("pk", "slug", *titles.columns)
        }
        for event in group:
            record = current.get(event.record_id)
            described[event.pk] = Entry(
                event=event,
                kind=str(model._meta.verbose_name),
                title=titles.at(event, record),
                path=page_of(model, record.slug if record else event.identifier),
            )
    return [described[event.pk] for event in events]


class PublicTitles:
    """A record's title in the reader's language as the public saw it when an event
    happened: from the latest published version up to the event's (the one before an
    unpublishing save, which may carry draft edits), else the published record as it is
    now, else the slug it had."""

    def __init__(self, model, ids):
        self.field = title_field(model)
        self.columns = translated_names(self.field)
        self.versions = defaultdict(list)
        history = getattr(model, "history", None)  # django-simple-history's, if registered
        if history is not None and ids:
            rows = history.filter(id__in=ids, publication=Publication.PUBLISHED)
            rows = rows.only("history_id", "id", "version", *self.columns)
            for row in rows.order_by("-version", "-history_date"):
                self.versions[row.id].append(row)

    def at(self, event, record):
        for row in self.versions[event.record_id]:
            if row.version <= event.version:
                return localized(row, self.field)
        if record is not None:
            return localized(record, self.field)
        return event.identifier


def title_field(model):
    """The translated field a record is known by: its title, or a person's or body's name."""
    return next(name for name in TITLE_FIELDS if name in model.translated_fields)


def localized(row, field):
    """Historical rows are plain copies of the record's columns, without its methods."""
    return Translatable.localized_with_language(row, field)[0]


def page_of(model, slug):
    if not hasattr(model, "get_absolute_url"):
        return None
    return model(slug=slug).get_absolute_url()


def language_root():
    """The overview in the active language: where an entry links when its record type
    has no page of its own."""
    return f"/{get_language()}/"


class PublicChangesFeed(Feed):
    """Every public change to the record, the latest first."""

    feed_type = Atom1Feed
    author_name = "KRUZ"
    item_guid_is_permalink = False

    def title(self, subject=None):
        return _("KRUZ: changes to the public record")

    def subtitle(self, subject=None):
        return _(
            "Records of the cooperation between the Republic of Korea and the Republic of "
            "Uzbekistan as they are published, changed, unpublished or deleted."
        )

    def link(self, subject=None):
        return absolute(language_root())

    def feed_url(self, subject=None):
        return absolute(reverse("feed"))

    def feed_guid(self, subject=None):
        return self.feed_url(subject)

    def items(self, subject=None):
        return describe(PublicEvent.objects.order_by("-occurred_at", "-pk")[:ENTRIES])

    def item_title(self, entry):
        return _("%(event)s: %(title)s (%(kind)s)") % {
            "event": entry.event.get_kind_display(),
            "title": entry.title,
            "kind": entry.kind,
        }

    def item_description(self, entry):
        """Plain text, escaped: Atom summaries are HTML, record titles are not."""
        return escape(capfirst(what_happened(entry)))

    def item_link(self, entry):
        return absolute(entry.path or language_root())

    def item_guid(self, entry):
        return entry.event.uuid.urn

    def item_pubdate(self, entry):
        return entry.event.occurred_at.astimezone(datetime.UTC)

    def item_updateddate(self, entry):
        return self.item_pubdate(entry)

    def item_categories(self, entry):
        return (entry.event.kind, entry.event.resource)


def what_happened(entry):
    title = entry.title
    if entry.event.kind == EventKind.PUBLISHED:
        return _("“%(title)s” is now in the public record.") % {"title": title}
    if entry.event.kind == EventKind.CHANGED:
        return _(
            "What the public record shows of “%(title)s” changed; its page shows it as it is now."
        ) % {"title": title}
    if entry.event.kind == EventKind.UNPUBLISHED:
        return _(
            "“%(title)s” was withdrawn from the public record; its page no longer answers."
        ) % {"title": title}
    return _("“%(title)s” was deleted from the record; its page no longer answers.") % {
        "title": title
    }


@dataclass
class Subject:
    """The record a feed follows, which may no longer be public (its past events are)."""

    record_id: int
    slug: str
    title: str


class RecordChangesFeed(PublicChangesFeed):
    """The public changes of one record, addressed by its slug. A record that was public
    and is no longer keeps its feed, so a reader learns it was withdrawn; a record that
    was never public has none. A renamed record's old address redirects."""

    model = None
    url_name = ""  # the feed's URL name, which takes the slug

    def __call__(self, request, slug):
        published = self.model.objects.published()
        if not published.filter(slug=slug).exists():
            current = FormerSlug.objects.current_slug(self.model, slug)
            if current is not None:
                return HttpResponsePermanentRedirect(reverse(self.url_name, args=[current]))
        return super().__call__(request, slug=slug)

    def get_object(self, request, slug):
        record = self.model.objects.published().filter(slug=slug).first()
        events = PublicEvent.objects.of(self.model)
        if record is None:
            removed = events.filter(identifier=slug).order_by("-occurred_at", "-pk").first()
            if removed is None:
                raise Http404
            record_id = removed.record_id
        else:
            record_id = record.pk
        latest = events.filter(record_id=record_id).order_by("-occurred_at", "-pk")[:1]
        titles = [entry.title for entry in describe(latest)]
        title = titles[0] if titles else localized(record, title_field(self.model))
        return Subject(record_id=record_id, slug=slug, title=title)

    def title(self, subject):
        return _("KRUZ: changes to “%(title)s”") % {"title": subject.title}

    def link(self, subject):
        return absolute(page_of(self.model, subject.slug) or language_root())

    def feed_url(self, subject):
        return absolute(reverse(self.url_name, args=[subject.slug]))

    def items(self, subject):
        events = PublicEvent.objects.of(self.model).filter(record_id=subject.record_id)
        return describe(events.order_by("-occurred_at", "-pk")[:ENTRIES])
