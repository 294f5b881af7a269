"""The apps' layers, as the README's architecture section draws them: kruz/ is the ground
every app stands on and imports none of them; api/ is the API's infrastructure and imports
no domain app; projects may use diplomacy, never the reverse. An import against that
direction fails here."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)
APPS = ("kruz", "api", "diplomacy", "projects", "webhooks")
# app -> the apps it may import (besides itself)
ALLOWED = {
    "kruz": set(),
    "api": {"kruz"},
    "webhooks": {"kruz", "api"},
    "diplomacy": {"kruz", "api"},
    "projects": {"kruz", "api", "diplomacy"},
}


def imported_apps(path):
    """The first-party apps a module imports, wherever in the module it does."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found & set(APPS)


def modules_of(app):
    return sorted((BASE / app).rglob("*.py")) if (BASE / app).is_dir() else []


@pytest.mark.parametrize("app", [app for app in APPS if (BASE / app).is_dir()])
def test_it_imports_only_the_apps_beneath_it(app):
    wrong = {
        str(path.relative_to(BASE)): sorted(imported_apps(path) - ALLOWED[app] - {app})
        for path in modules_of(app)
    }
    assert {path: apps for path, apps in wrong.items() if apps} == {}


def test_it_knows_every_app_it_checks():
    local_apps = {name.split(".")[0] for name in settings.INSTALLED_APPS}
    assert local_apps & set(APPS) == {app for app in APPS if (BASE / app).is_dir()}


def test_it_would_catch_an_import_against_the_direction(tmp_path):
    module = tmp_path / "upward.py"
    module.write_text("def dashboard():\n    from projects.dashboard import dashboard\n")
    assert imported_apps(module) == {"projects"}
