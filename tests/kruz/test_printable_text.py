"""Text that would break XML or a spreadsheet (C0 control characters) is refused at the
door, with a field-level message, in the admin, the API and model validation, and by the
database itself; tabs and line breaks stay allowed in long text."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client

from projects.models import Project
from tests.api.conftest import grant, token_client
from tests.factories import OrganizationFactory, ProjectFactory, UserFactory
from tests.kruz.forms import form_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("character", ["\x01", "\x0b", "\x1f", "\x00"])
def test_it_refuses_a_control_character_in_a_name_with_a_field_error(character):
    organization = OrganizationFactory.build(name=f"KOICA{character}")
    with pytest.raises(ValidationError) as refused:
        organization.full_clean()
    assert list(refused.value.message_dict) == ["name"]
    assert "control character" in refused.value.message_dict["name"][0]


def test_it_keeps_line_breaks_and_tabs_in_long_text_but_not_in_a_title():
    project = ProjectFactory.build(summary="First line.\r\nSecond\tline.")
    project.full_clean(exclude=["slug"])
    project.title = "Two\nlines"
    with pytest.raises(ValidationError) as refused:
        project.full_clean(exclude=["slug"])
    assert list(refused.value.message_dict) == ["title"]


@pytest.mark.parametrize("field", ["title", "summary", "location_ru"])
def test_the_database_refuses_a_control_character_written_around_validation(field):
    project = ProjectFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.filter(pk=project.pk).update(**{field: "bad\x07bell"})


def test_the_api_answers_400_with_the_field():
    integration = UserFactory(username="integration", is_staff=False)
    grant(integration, "diplomacy.add_organization")
    response = token_client(integration).post(
        "/api/v1/organizations/",
        {"slug": "bad", "name": "Bad\x01name", "kind": "agency", "country": "KR"},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["name"]


def test_the_admin_shows_the_field_error(client_for, bob):
    organization = OrganizationFactory(publication="draft")
    url = f"/admin/diplomacy/organization/{organization.pk}/change/"
    client = client_for(bob)
    response = client.post(url, form_data(client.get(url), name="Bad\x0bname"))
    assert response.status_code == 200
    assert "control character" in response.context["adminform"].form.errors["name"][0]


def test_the_iati_file_never_fails_on_stored_text():
    ProjectFactory(title="A clean title")
    assert Client().get("/iati/activities.xml").status_code == 200
