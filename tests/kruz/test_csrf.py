"""CSRF is enforced: admin writes from a logged-in session need the form's token, and the
API takes no session at all, so a cross-site request riding a staff cookie writes nothing."""

import re

import pytest
from django.test import Client

from projects.models import Project
from tests.factories import ProjectFactory, UserFactory
from tests.logins import verified_login

pytestmark = pytest.mark.django_db

NEW_PROJECT = {"slug": "forged", "title": "Forged", "kind": "investment", "status": 2}


@pytest.fixture
def root():
    return UserFactory(username="root", is_superuser=True)


@pytest.fixture
def session(root):
    return verified_login(Client(enforce_csrf_checks=True), root)


def csrf_token_of(page):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def test_it_refuses_an_admin_add_without_the_token(session, caplog):
    response = session.post("/admin/projects/project/add/", NEW_PROJECT)

    assert response.status_code == 403
    assert not Project.objects.filter(slug="forged").exists()
    assert "refused POST /admin/projects/project/add/ to root" in caplog.text


def test_it_refuses_an_admin_publish_without_the_token(session):
    project = ProjectFactory(publication="draft")

    response = session.post(f"/admin/projects/project/{project.pk}/publish/")

    project.refresh_from_db()
    assert response.status_code == 403
    assert not project.is_published


def test_it_refuses_an_admin_delete_without_the_token(session):
    project = ProjectFactory()

    response = session.post(f"/admin/projects/project/{project.pk}/delete/", {"post": "yes"})

    assert response.status_code == 403
    assert Project.objects.filter(pk=project.pk).exists()


def test_it_refuses_a_login_without_the_token():
    response = Client(enforce_csrf_checks=True).post(
        "/admin/login/", {"username": "root", "password": "x", "otp_token": "1"}
    )

    assert response.status_code == 403


def test_it_accepts_an_admin_write_with_the_token(session):
    project = ProjectFactory(publication="draft")
    token = csrf_token_of(session.get("/admin/projects/project/add/").content.decode())

    response = session.post(
        f"/admin/projects/project/{project.pk}/publish/", {"csrfmiddlewaretoken": token}
    )

    project.refresh_from_db()
    assert response.status_code == 302
    assert project.is_published


@pytest.mark.parametrize("method", ["post", "patch", "delete"])
def test_it_takes_no_session_as_api_credentials(session, method):
    project = ProjectFactory(slug="target")
    url = "/api/v1/projects/" if method == "post" else f"/api/v1/projects/{project.slug}/"
    token = csrf_token_of(session.get("/admin/projects/project/add/").content.decode())

    without_token = getattr(session, method)(url, NEW_PROJECT, content_type="application/json")
    with_token = getattr(session, method)(
        url, NEW_PROJECT, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )

    assert without_token.status_code == 401
    assert with_token.status_code == 401
    assert list(Project.objects.values_list("slug", flat=True)) == ["target"]
