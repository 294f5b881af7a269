"""A new Editor adds a project with funding and a milestone, files a status report, all
through the admin; a Publisher then publishes both."""

import datetime

import pytest
from django.urls import reverse

from kruz.records import Publication
from projects.models import Project, StatusReport
from tests.factories import OrganizationFactory
from tests.kruz.conftest import staff_member
from tests.kruz.forms import form_data

pytestmark = pytest.mark.django_db


def test_it_takes_a_project_from_an_editors_draft_to_published(client_for):
    dilnoza = staff_member("dilnoza", "Editors")
    bob = staff_member("bob", "Publishers")
    edcf = OrganizationFactory(name="Economic Development Cooperation Fund", acronym="EDCF")
    editor = client_for(dilnoza)

    # The editor adds the project, its EDCF loan and a first milestone in one form.
    add_url = reverse("admin:projects_project_add")
    data = form_data(
        editor.get(add_url),
        title="Children's hospital in Tashkent",
        slug="childrens-hospital-tashkent",
        summary="A 200-bed children's hospital built with a Korean loan.",
        kind="development",
        status="2",
        region="UZ-TK",
        **{
            "fundings-TOTAL_FORMS": "1",
            "fundings-0-funder": str(edcf.pk),
            "fundings-0-instrument": "410",
            "fundings-0-amount": "92000000",
            "fundings-0-currency": "USD",
            "milestones-TOTAL_FORMS": "1",
            "milestones-0-title": "Construction completed",
            "milestones-0-due_on": "2026-06-30",
            "milestones-0-due_on_precision": "day",
            "milestones-0-done_on_precision": "day",
        },
    )
    assert editor.post(add_url, data).status_code == 302
    project = Project.objects.get(slug="childrens-hospital-tashkent")
    assert project.publication == Publication.DRAFT
    assert project.fundings.get().funder == edcf
    assert project.milestones.get().title == "Construction completed"

    # From the project page, the editor files a status report.
    page = editor.get(reverse("admin:projects_project_change", args=[project.pk]))
    report_url = reverse("admin:projects_statusreport_add") + f"?project={project.pk}"
    assert report_url in page.content.decode()
    report_form = editor.get(report_url)
    assert report_form.context["adminform"].form.initial["project"] == str(project.pk)
    data = form_data(
        report_form,
        reported_on=str(datetime.date(2025, 3, 1)),
        status="on_track",
        progress="35",
        narrative="The frame of the main building is up.",
        is_internal=None,  # a public report: the box is left unticked
    )
    assert editor.post(report_url, data).status_code == 302
    report = StatusReport.objects.get()
    assert report.author == dilnoza
    assert report.publication == Publication.DRAFT

    # The publisher publishes the project and the report.
    publisher = client_for(bob)
    publisher.post(reverse("admin:projects_project_publish", args=[project.pk]))
    publisher.post(
        reverse("admin:projects_statusreport_changelist"),
        {"action": "publish_selected", "_selected_action": [report.pk]},
    )

    project.refresh_from_db()
    assert project.is_published
    assert list(StatusReport.objects.public()) == [report]
