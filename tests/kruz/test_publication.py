"""Publication: new records are drafts; only Publishers publish and unpublish, in bulk
or one by one; Editors cannot set it through the form nor change what is public."""

import pytest
from django.urls import reverse

from kruz.records import Publication
from projects.models import Project
from tests.factories import FundingFactory, ProjectFactory
from tests.kruz.forms import form_data

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:projects_project_changelist")


def action(name, *projects):
    return {"action": name, "_selected_action": [str(p.pk) for p in projects]}


def test_it_offers_the_publish_actions_only_to_publishers(alice, bob, client_for):
    ProjectFactory()

    editor_actions = offered_actions(client_for(alice))
    publisher_actions = offered_actions(client_for(bob))

    assert "publish_selected" not in editor_actions
    assert {"publish_selected", "unpublish_selected"} <= publisher_actions


def offered_actions(session):
    form = session.get(CHANGELIST).context["action_form"]
    return set() if form is None else {name for name, _label in form.fields["action"].choices}


def test_it_publishes_the_selected_records_for_a_publisher(bob, client_for):
    drafts = ProjectFactory.create_batch(2, publication=Publication.DRAFT)

    client_for(bob).post(CHANGELIST, action("publish_selected", *drafts))

    for project in drafts:
        project.refresh_from_db()
        assert project.is_published
        assert project.published_at is not None
        assert project.version == 2


def test_it_unpublishes_the_selected_records_for_a_publisher(bob, client_for):
    published = ProjectFactory(publication=Publication.PUBLISHED)

    client_for(bob).post(CHANGELIST, action("unpublish_selected", published))

    published.refresh_from_db()
    assert published.publication == Publication.DRAFT


def test_it_ignores_the_publish_action_sent_by_an_editor(alice, client_for):
    draft = ProjectFactory(publication=Publication.DRAFT)

    client_for(alice).post(CHANGELIST, action("publish_selected", draft))

    draft.refresh_from_db()
    assert draft.publication == Publication.DRAFT


def test_it_publishes_one_record_from_its_page(bob, client_for):
    draft = ProjectFactory(publication=Publication.DRAFT)

    response = client_for(bob).post(reverse("admin:projects_project_publish", args=[draft.pk]))

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_published


def test_it_shows_the_publish_button_to_publishers_only(alice, bob, client_for):
    draft = ProjectFactory(publication=Publication.DRAFT)
    url = reverse("admin:projects_project_change", args=[draft.pk])
    publish_url = reverse("admin:projects_project_publish", args=[draft.pk])

    assert publish_url in client_for(bob).get(url).content.decode()
    assert publish_url not in client_for(alice).get(url).content.decode()


def test_it_refuses_the_publish_button_to_an_editor(alice, client_for):
    draft = ProjectFactory(publication=Publication.DRAFT)

    response = client_for(alice).post(reverse("admin:projects_project_publish", args=[draft.pk]))

    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.publication == Publication.DRAFT


def test_it_publishes_only_by_post(bob, client_for):
    draft = ProjectFactory(publication=Publication.DRAFT)

    response = client_for(bob).get(reverse("admin:projects_project_publish", args=[draft.pk]))

    assert response.status_code == 405


def test_it_unpublishes_one_record_from_its_page(bob, client_for):
    published = ProjectFactory(publication=Publication.PUBLISHED)

    client_for(bob).post(reverse("admin:projects_project_unpublish", args=[published.pk]))

    published.refresh_from_db()
    assert published.publication == Publication.DRAFT
    assert published.published_at is None


def test_it_keeps_the_publication_out_of_the_form(alice, client_for):
    draft = ProjectFactory(publication=Publication.DRAFT)
    url = reverse("admin:projects_project_change", args=[draft.pk])
    session = client_for(alice)
    page = session.get(url)

    response = session.post(url, form_data(page, publication="published"))

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.publication == Publication.DRAFT


def test_it_makes_new_projects_drafts(alice, client_for):
    session = client_for(alice)
    page = session.get(reverse("admin:projects_project_add"))
    data = form_data(
        page,
        title="Korean-model kindergartens",
        slug="korean-model-kindergartens",
        summary="Kindergartens on the Korean model.",
        kind="development",
        status="1",
    )

    response = session.post(reverse("admin:projects_project_add"), data)

    assert response.status_code == 302
    assert Project.objects.get().publication == Publication.DRAFT


def test_it_locks_published_records_for_editors(alice, client_for):
    published = ProjectFactory(publication=Publication.PUBLISHED, title="Urgench airport")
    FundingFactory(project=published)
    url = reverse("admin:projects_project_change", args=[published.pk])
    session = client_for(alice)
    page = session.get(url)

    response = session.post(url, form_data(page, title="Changed"))

    assert "Published records are changed by Publishers" in page.content.decode()
    assert response.status_code == 403
    published.refresh_from_db()
    assert published.title == "Urgench airport"


def test_it_locks_the_funding_of_a_published_project_for_editors(alice, client_for):
    funding = FundingFactory(project=ProjectFactory(publication=Publication.PUBLISHED))
    url = reverse("admin:projects_funding_change", args=[funding.pk])

    response = client_for(alice).post(url, {"amount": "1"})

    assert response.status_code == 403


def test_it_shows_the_state_in_the_changelist(bob, client_for):
    ProjectFactory(publication=Publication.PUBLISHED)
    ProjectFactory(publication=Publication.DRAFT)

    page = client_for(bob).get(CHANGELIST).content.decode()

    assert page.count('class="field-published"') == 2
    assert "icon-yes.svg" in page
    assert "icon-no.svg" in page
