import importlib

import pytest


@pytest.fixture(autouse=True)
def _english(settings):
    """Tests read messages in English unless they switch language themselves."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counters and cached responses must not leak from one test to the next."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


def _is_transactional(request):
    marker = request.node.get_closest_marker("django_db")
    return bool(
        (marker and marker.kwargs.get("transaction"))
        or {"transactional_db", "live_server"} & set(request.fixturenames)
    )


def restore_migration_data():
    """Put back what data migrations load (currencies, sectors, staff roles): a
    transactional test ends by emptying every table. (serialized_rollback would do this,
    but breaks next to pytest-django's live_server: pytest-django issue 1062.)"""
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    from diplomacy.models import Currency

    if Currency.objects.exists():
        return
    migration = importlib.import_module
    migration("diplomacy.migrations.0002_load_currencies").load(apps, None)
    migration("projects.migrations.0002_load_sectors").load(apps, None)
    for name, grants in migration("projects.migrations.0008_staff_roles").ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(
            Permission.objects.get(
                content_type__app_label=app_label,
                content_type__model=model,
                codename=f"{action}_{model}",
            )
            for action, models in grants.items()
            for app_label, model in models
        )


@pytest.fixture(autouse=True)
def _migration_data_in_transactional_tests(request):
    if _is_transactional(request):
        request.getfixturevalue("transactional_db")
        restore_migration_data()
