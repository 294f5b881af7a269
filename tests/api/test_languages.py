"""Integrators read the API's error messages in the language they ask for."""

import pytest

from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_it_names_an_unknown_parameter_in_russian(anonymous):
    response = anonymous.get("/api/v1/projects/?regoin=UZ-TK", HTTP_ACCEPT_LANGUAGE="ru")

    assert response.status_code == 400
    assert response.json()["regoin"][0].startswith("Неизвестный параметр.")


def test_it_explains_a_conflict_in_korean(alice):
    project = ProjectFactory(title="New")
    project.save()  # someone else saved meanwhile: version 2

    response = alice.patch(
        f"/api/v1/projects/{project.slug}/",
        {"title": "Old", "version": 1},
        HTTP_ACCEPT_LANGUAGE="ko",
    )

    assert response.status_code == 409
    assert response.json()["detail"].startswith("읽은 이후 다른 사람이 이 기록을 변경했습니다.")


def test_it_answers_in_english_by_default(alice):
    project = ProjectFactory()
    project.save()

    response = alice.patch(f"/api/v1/projects/{project.slug}/", {"version": 1})

    assert response.json()["detail"].startswith("This record was changed by someone else")
