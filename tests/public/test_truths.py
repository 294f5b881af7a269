"""Pages that tell the truth at a glance: headline figures that mean something (agreements
by status, amounts per currency and how many are not disclosed), a map that says what it
leaves out, plans that do not look like events, filters that offer what is in use."""

import datetime
import re
from decimal import Decimal

import pytest

from kruz.records import Publication
from projects.models import Region
from tests.factories import (
    AgreementFactory,
    FundingFactory,
    MilestoneFactory,
    OrganizationFactory,
    ProjectFactory,
    ProjectSectorFactory,
)

pytestmark = pytest.mark.django_db


def text(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def card(content, heading):
    """The HTML of the overview card under this heading."""
    match = re.search(rf"<h3>{re.escape(heading)}</h3>(.*?)</div>", content, re.DOTALL)
    assert match, heading
    return match.group(1)


def test_the_overview_counts_agreements_by_status_not_only_those_in_force(client):
    AgreementFactory.create_batch(2, status="signed")
    AgreementFactory(status="negotiation", signed_on=None)
    AgreementFactory(status="in_force", publication=Publication.DRAFT)
    agreements = card(text(client, "/en/"), "Agreements by status")
    assert ">3</a> <span>published agreements</span>" in agreements
    assert '<a href="/en/agreements/?status=signed">Signed</a>: 2' in agreements
    assert '<a href="/en/agreements/?status=negotiation">Under negotiation</a>: 1' in agreements
    assert "In force" not in agreements  # none is published: no "0" in large type
    assert "Agreements in force" not in text(client, "/en/")


def test_the_overview_gives_amounts_per_currency_and_counts_those_not_disclosed(client):
    koica = OrganizationFactory(name="Korea International Cooperation Agency", acronym="KOICA")
    edcf = OrganizationFactory(name="Economic Development Cooperation Fund")
    hospital = ProjectFactory(budget=Decimal("223000000"), budget_currency_id="USD")
    ProjectFactory(budget=Decimal("5000000000"), budget_currency_id="KRW")
    ProjectFactory()  # no budget
    FundingFactory(project=hospital, funder=koica, amount=Decimal("2000000"))
    FundingFactory(project=hospital, funder=koica, amount=None, currency_id=None)
    FundingFactory(project=hospital, funder=edcf, instrument=410, amount=None, currency_id=None)
    content = text(client, "/en/")

    budgets = card(content, "Project budgets")
    assert "USD 223,000,000</span> (budget of 1 project)" in budgets
    assert "KRW 5,000,000,000</span> (budget of 1 project)" in budgets
    assert "1 project: budget not disclosed" in budgets
    funders = card(content, "Committed funding by funder")
    koica_row = re.search(
        r"Korea International Cooperation Agency.*?</tr>", funders, re.DOTALL
    ).group(0)
    assert "USD 2,000,000" in koica_row and "1 commitment, amount not disclosed" in koica_row
    edcf_row = re.search(
        r"Economic Development Cooperation Fund.*?</tr>", funders, re.DOTALL
    ).group(0)
    assert "1 commitment, amount not disclosed" in edcf_row and "USD" not in edcf_row
    instruments = card(content, "Committed funding by instrument")
    loan_row = re.search(r"Concessional loan.*?</tr>", instruments, re.DOTALL).group(0)
    assert "1 commitment, amount not disclosed" in loan_row
    assert "No committed amounts are published yet" not in content


def test_the_overview_says_so_when_no_funding_is_recorded(client):
    ProjectFactory()
    content = text(client, "/en/")
    assert content.count("No funding of a published project is recorded yet.") == 2


def test_the_map_says_how_many_projects_no_square_counts(client):
    ProjectFactory(region=Region.SAMARKAND)
    ProjectFactory.create_batch(2, region="")
    ProjectFactory(region="", publication=Publication.DRAFT)
    content = text(client, "/en/")
    assert "2 projects are nationwide, span several regions or have no region recorded" in content
    assert "Samarkand: 1 project" in content


def test_the_map_says_nothing_more_when_every_project_has_a_region(client):
    ProjectFactory(region=Region.SAMARKAND)
    assert "no region recorded" not in text(client, "/en/")


def test_a_planned_milestone_is_labelled_and_styled_apart_from_one_reached(client):
    project = ProjectFactory(slug="airport")
    MilestoneFactory(
        project=project,
        title="Tender launched",
        due_on=datetime.date(2024, 8, 1),
        due_on_precision="month",
        done_on=datetime.date(2024, 8, 1),
        done_on_precision="month",
    )
    MilestoneFactory(
        project=project,
        title="Terminal opens",
        due_on=datetime.date(2025, 1, 1),
        due_on_precision="year",
    )
    for url in ("/en/timeline/", "/en/projects/airport/"):
        content = text(client, url)
        planned = re.search(r'<li class="[^"]*planned[^"]*">(.*?)</li>', content, re.DOTALL)
        assert planned, url
        assert "Terminal opens" in planned.group(1)
        assert '<span class="badge plan">Planned</span>' in planned.group(1)
        reached = re.search(
            r"<li[^>]*>((?:(?!</li>).)*Tender launched.*?)</li>", content, re.DOTALL
        )
        assert "Planned" not in reached.group(1), url
    timeline = text(client, "/en/timeline/")
    assert "Planned milestone, not reported done" in timeline
    assert "Milestone reached" in timeline


def test_the_project_filters_offer_only_values_in_use_with_counts(client):
    koica = OrganizationFactory(slug="koica", name="Korea International Cooperation Agency")
    OrganizationFactory(slug="idle", name="Fund that funds nothing")
    first, second = ProjectFactory(status=2), ProjectFactory(status=2, region=Region.SAMARKAND)
    FundingFactory(project=first, funder=koica)
    FundingFactory(project=second, funder=koica)
    ProjectSectorFactory(project=first, sector_id=12191)
    content = text(client, "/en/projects/")
    assert '<option value="koica">Korea International Cooperation Agency (2)</option>' in content
    assert "Fund that funds nothing" not in content
    assert '<option value="12191">Medical services (1)</option>' in content
    assert content.count('<option value="1') < 5  # not the 295 DAC codes
    assert "Implementation (2)" in content and "Pipeline" not in content
    assert '<option value="UZ-SA">Samarkand (1)</option>' in content
    assert "Andijan" not in content


def test_a_filter_still_accepts_a_valid_value_not_in_use(client):
    OrganizationFactory(slug="idle", name="Fund that funds nothing")
    ProjectFactory(region=Region.TASHKENT_CITY)
    response = client.get("/en/projects/", {"funder": "idle", "region": "UZ-AN"})
    assert response.status_code == 200
    assert not response.context["filterset"].form.errors
    assert list(response.context["page"]) == []
    content = response.content.decode()
    assert '<option value="idle" selected>Fund that funds nothing (0)</option>' in content
    assert "Andijan (0)</option>" in content


def test_the_filter_options_are_named_and_sorted_in_the_readers_language(client):
    for slug, english, korean in [
        ("a-fund", "A Fund", "하 기금"),
        ("b-fund", "B Fund", "가 기금"),
    ]:
        FundingFactory(funder=OrganizationFactory(slug=slug, name=english, name_ko=korean))
    korean_page = text(client, "/ko/projects/")
    assert korean_page.index("가 기금 (1)") < korean_page.index("하 기금 (1)")
    assert "A Fund" not in korean_page
    english_page = text(client, "/en/projects/")
    assert english_page.index("A Fund (1)") < english_page.index("B Fund (1)")


def test_lists_are_sorted_by_the_title_in_the_readers_language(client):
    ProjectFactory(title="Alpha airport", title_ko="하 공항")
    ProjectFactory(title="Beta bridge", title_ko="가 다리")
    ProjectFactory(title="Gamma grid")  # not translated: its English title is sorted with the rest
    english = [p.title for p in client.get("/en/projects/").context["page"]]
    korean = [p.title for p in client.get("/ko/projects/").context["page"]]
    assert english == ["Alpha airport", "Beta bridge", "Gamma grid"]
    assert korean == ["Gamma grid", "Beta bridge", "Alpha airport"]  # Latin before Hangul
    AgreementFactory(title="Alpha accord", title_ko="하 협정")
    AgreementFactory(title="Beta accord", title_ko="가 협정")
    agreements = [a.title for a in client.get("/ko/agreements/").context["page"]]
    assert agreements == ["Beta accord", "Alpha accord"]  # signed the same day


def test_the_agreement_filters_offer_statuses_and_kinds_in_use_with_counts(client):
    AgreementFactory.create_batch(2, status="signed", kind="loan")
    content = text(client, "/en/agreements/")
    assert "Signed (2)" in content
    assert "In force" not in content and "Expired" not in content


def test_the_filters_fold_behind_one_control_open_when_one_is_in_use(client):
    ProjectFactory(region=Region.SAMARKAND)
    folded = text(client, "/en/projects/")
    assert '<details class="filter-toggle">' in folded
    assert re.search(r"<summary><h2 id=\"filter-heading\">Filter projects</h2></summary>", folded)
    opened = text(client, "/en/projects/?region=UZ-SA&q=")
    assert '<details class="filter-toggle" open>' in opened
    assert "(1 in use)" in opened
    assert '<details class="filter-toggle">' in text(client, "/en/agreements/")
