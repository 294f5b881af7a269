"""Tombstones for records that leave the public view, whichever way they leave it: a
delete, an unpublish (one record or a queryset), or a published record's slug changing."""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from api.models import Tombstone
from diplomacy.models import Agreement, Engagement, Official, Organization
from kruz.records import Publication, records_unpublished
from projects.models import Project

PUBLIC_RESOURCES = (Project, Agreement, Engagement, Organization, Official)


def bury(model, identifier, reason):
    Tombstone.objects.create(resource=model._meta.label_lower, identifier=identifier, reason=reason)


def stored_public_slug(instance):
    """The slug the public knows this record by, if it is published in the database."""
    stored = type(instance)._base_manager.filter(pk=instance.pk).values("publication", "slug")
    stored = stored.first()
    if stored and stored["publication"] == Publication.PUBLISHED:
        return stored["slug"]
    return None


def remember_public_slug(sender, instance, raw=False, **kwargs):
    if raw or instance._state.adding or instance.pk is None:
        return
    instance._public_slug_before_save = stored_public_slug(instance)


def bury_if_left_public_view(sender, instance, raw=False, **kwargs):
    before = getattr(instance, "_public_slug_before_save", None)
    instance._public_slug_before_save = None
    if before is None:
        return
    if not instance.is_published:
        bury(sender, before, Tombstone.Reason.UNPUBLISHED)
    elif instance.slug != before:
        bury(sender, before, Tombstone.Reason.DELETED)


def bury_deleted(sender, instance, **kwargs):
    bury(sender, instance.slug, Tombstone.Reason.DELETED)


@receiver(records_unpublished)
def bury_unpublished_in_bulk(sender, pks, **kwargs):
    if sender not in PUBLIC_RESOURCES:
        return
    slugs = sender._base_manager.filter(pk__in=pks).values_list("slug", flat=True)
    Tombstone.objects.bulk_create(
        Tombstone(
            resource=sender._meta.label_lower,
            identifier=slug,
            reason=Tombstone.Reason.UNPUBLISHED,
        )
        for slug in slugs
    )


for model in PUBLIC_RESOURCES:
    pre_save.connect(remember_public_slug, sender=model, dispatch_uid=f"tombstone-pre-{model}")
    post_save.connect(bury_if_left_public_view, sender=model, dispatch_uid=f"tombstone-{model}")
    post_delete.connect(bury_deleted, sender=model, dispatch_uid=f"tombstone-del-{model}")
