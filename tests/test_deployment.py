"""docker-compose.yml and the Dockerfile cannot be run here (no Docker engine), so these
tests keep them true to the settings: services, variables and commands."""

import re
import shlex
from pathlib import Path

import pytest
import yaml
from django.test import Client

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
DOCKERFILE = (ROOT / "Dockerfile").read_text()
SETTINGS = (ROOT / "kruz" / "settings.py").read_text()
APP_SERVICES = ("web", "worker", "beat")


def command_of(service):
    command = COMPOSE["services"][service]["command"]
    return " ".join(command) if isinstance(command, list) else " ".join(shlex.split(command))


def variables_read_by_settings():
    return set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', SETTINGS))


def test_it_runs_the_five_services():
    assert set(COMPOSE["services"]) == {"db", "redis", "web", "worker", "beat"}


def test_it_gives_every_service_a_health_check():
    for name, service in COMPOSE["services"].items():
        assert service.get("healthcheck", {}).get("test"), f"{name} has no health check"


def test_it_starts_the_app_only_on_healthy_services():
    for name in APP_SERVICES:
        depends = COMPOSE["services"][name]["depends_on"]
        assert depends == {
            "db": {"condition": "service_healthy"},
            "redis": {"condition": "service_healthy"},
        }


def test_it_sets_only_variables_the_settings_read():
    read = variables_read_by_settings()
    for name in APP_SERVICES:
        environment = COMPOSE["services"][name]["environment"]
        assert set(environment) <= read, set(environment) - read


def test_it_sets_every_production_variable():
    environment = COMPOSE["services"]["web"]["environment"]
    for variable in (
        "DATABASE_URL",
        "CELERY_BROKER_URL",
        "EMAIL_URL",
        "SECRET_KEY",
        "DEBUG",
        "ALLOWED_HOSTS",
        "CSRF_TRUSTED_ORIGINS",
        "CACHE_URL",
        "SITE_URL",
    ):
        assert variable in environment
    assert environment["DEBUG"] == "false"
    assert environment["SECRET_KEY"].startswith("${SECRET_KEY:?"), "never a default key"


def test_it_points_the_app_at_the_compose_database_and_broker():
    environment = COMPOSE["services"]["web"]["environment"]
    db = COMPOSE["services"]["db"]["environment"]
    expected = (
        f"postgres://{db['POSTGRES_USER']}:{db['POSTGRES_PASSWORD']}@db:5432/{db['POSTGRES_DB']}"
    )
    assert environment["DATABASE_URL"] == expected
    assert environment["CELERY_BROKER_URL"].startswith("redis://redis:6379/")
    # The shared cache lives in the compose Redis too, apart from the broker's database.
    assert environment["CACHE_URL"].startswith("redis://redis:6379/")
    assert environment["CACHE_URL"] != environment["CELERY_BROKER_URL"]


def test_it_migrates_before_serving_with_gunicorn():
    command = command_of("web")
    assert command.index("manage.py migrate") < command.index("gunicorn kruz.wsgi:application")


def test_it_runs_the_celery_worker_and_beat_of_the_kruz_app():
    assert command_of("worker").startswith("celery -A kruz worker")
    assert command_of("beat").startswith("celery -A kruz beat")


def test_it_probes_a_url_that_exists():
    probe = " ".join(COMPOSE["services"]["web"]["healthcheck"]["test"])
    assert "http://127.0.0.1:8000/healthz" in probe


@pytest.mark.django_db
def test_it_answers_the_health_probe():
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_it_builds_the_image_from_the_pinned_dependencies():
    assert re.search(r"^FROM python:3\.11", DOCKERFILE, re.MULTILINE)
    assert "pip install ." in DOCKERFILE
    assert "collectstatic" in DOCKERFILE
    assert "gunicorn" in DOCKERFILE and "kruz.wsgi:application" in DOCKERFILE
    assert re.search(r"^USER (?!root)", DOCKERFILE, re.MULTILINE), "the app does not run as root"
