"""The staff roles: Editors draft, Publishers also publish and delete, Viewers read."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from diplomacy.models import (
    Agreement,
    AgreementSignatory,
    Currency,
    Engagement,
    EngagementParticipant,
    Official,
    Organization,
    Position,
    Source,
)
from projects.models import (
    Funding,
    Milestone,
    ParticipatingOrganization,
    Project,
    ProjectSector,
    Sector,
    StatusReport,
)
from tests.factories import ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db

PUBLISHABLE = [Source, Organization, Official, Engagement, Agreement, Project, StatusReport]
PARTS = [
    Position,
    EngagementParticipant,
    AgreementSignatory,
    ProjectSector,
    Funding,
    ParticipatingOrganization,
    Milestone,
]
CODELISTS = [Currency, Sector]
ACTIONS = ["view", "add", "change", "delete", "publish"]
ROLES = ["Editors", "Publishers", "Viewers"]


def expected(role, model, action):
    if action == "view":
        return True
    if action == "publish":
        return role == "Publishers" and model in PUBLISHABLE
    if role == "Viewers" or model in CODELISTS:
        return False
    if action == "delete":
        return role == "Publishers" or model in PARTS
    return True  # add and change: Editors and Publishers


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", PUBLISHABLE + PARTS + CODELISTS, ids=lambda m: m.__name__)
def test_it_grants_each_role_its_permissions_on_each_model(role, model):
    user = UserFactory(username=f"member-of-{role}")
    user.groups.add(Group.objects.get(name=role))
    opts = model._meta

    granted = {
        action: user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}") for action in ACTIONS
    }

    assert granted == {action: expected(role, model, action) for action in ACTIONS}


def test_it_sends_anonymous_visitors_to_the_login_page(client):
    response = client.get(reverse("admin:projects_project_changelist"))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_it_lets_viewers_read_but_not_add(charlie, client_for):
    session = client_for(charlie)
    project = ProjectFactory()

    assert session.get(reverse("admin:projects_project_changelist")).status_code == 200
    page = session.get(reverse("admin:projects_project_change", args=[project.pk]))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert session.get(reverse("admin:projects_project_add")).status_code == 403


def test_it_lets_editors_add_projects(alice, client_for):
    response = client_for(alice).get(reverse("admin:projects_project_add"))

    assert response.status_code == 200


def test_it_refuses_staff_without_a_role(client_for):
    nobody = UserFactory(username="nobody")

    response = client_for(nobody).get(reverse("admin:projects_project_changelist"))

    assert response.status_code == 403
