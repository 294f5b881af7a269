"""The IATI 2.03 activity file: valid against the official schema, and true to the IATI
rules the schema cannot check."""

import datetime
import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from lxml import etree

from diplomacy.models import Organization
from tests.factories import (
    FundingFactory,
    MilestoneFactory,
    OrganizationFactory,
    ParticipatingOrganizationFactory,
    ProjectFactory,
    ProjectSectorFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
HOW_TO_GET_THE_SCHEMA = (
    "IATI_SCHEMA_DIR is not set: point it at a folder with the IATI 2.03 schema "
    "(iati-activities-schema.xsd, iati-common.xsd, xml.xsd) and codelists/, e.g. "
    "IATI_SCHEMA_DIR=../shared/iati, or download them from IATI/IATI-Schemas (branch "
    "version-2.03) and IATI/IATI-Codelists."
)


@pytest.fixture(scope="module")
def schema_dir():
    folder = settings.IATI_SCHEMA_DIR
    if not folder or not (Path(folder) / "iati-activities-schema.xsd").exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must validate the IATI export. {HOW_TO_GET_THE_SCHEMA}")
        pytest.skip(HOW_TO_GET_THE_SCHEMA)
    return Path(folder)


def codes(schema_dir, codelist):
    tree = etree.parse(str(schema_dir / "codelists" / f"{codelist}.xml"))
    return {item.findtext("code") for item in tree.iterfind(".//codelist-item")}


@pytest.fixture
def hospital():
    project = ProjectFactory(
        slug="childrens-hospital",
        title="Children's hospital in Tashkent",
        title_ko="타슈켄트 어린이 병원",
        title_ru="Детская больница в Ташкенте",
        summary="A national children's hospital.",
        summary_uz="Milliy bolalar shifoxonasi.",
        description="Built with an EDCF loan and a KOICA grant.",
        planned_start=datetime.date(2018, 1, 1),
        planned_start_precision="year",
        planned_end=datetime.date(2018, 12, 1),
        planned_end_precision="month",
        actual_start=datetime.date(2018, 6, 1),
        budget=Decimal("100000000.00"),
        budget_currency_id="USD",
    )
    ProjectSectorFactory(project=project, sector_id=12191, percentage=Decimal("60"))
    ProjectSectorFactory(project=project, sector_id=12230, percentage=Decimal("40"))
    edcf = OrganizationFactory(name="EDCF", kind="finance", iati_identifier="XM-DAC-7-1")
    koica = OrganizationFactory(name="KOICA", kind="agency", name_ko="한국국제협력단")
    FundingFactory(
        project=project, funder=edcf, instrument=421, committed_on=datetime.date(2018, 3, 1)
    )
    FundingFactory(
        project=project,
        funder=koica,
        instrument=110,
        committed_on=datetime.date(2018, 4, 1),
        committed_on_precision="month",
    )
    ParticipatingOrganizationFactory(project=project, organization=edcf, role=1)
    ParticipatingOrganizationFactory(project=project, organization=koica, role=4)
    MilestoneFactory(project=project)
    project.sources.add(SourceFactory(url="https://example.org/hospital"))
    return project


def export(client):
    response = client.get("/iati/activities.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return etree.fromstring(response.content)


def test_it_validates_against_the_iati_schema(client, schema_dir, hospital):
    bare = ProjectFactory(slug="bare", planned_end=None, budget=None)
    FundingFactory(project=bare, amount=None, currency_id=None)
    ProjectSectorFactory(project=bare)
    schema = etree.XMLSchema(etree.parse(str(schema_dir / "iati-activities-schema.xsd")))
    document = export(client)
    schema.assertValid(document)
    assert len(document) == 2


def test_it_uses_only_codes_from_the_iati_codelists(client, schema_dir, hospital):
    document = export(client)
    checks = {
        "activity-status": "ActivityStatus",
        "activity-date": "ActivityDateType",
        "participating-org": "OrganisationRole",
        "sector": "Sector",
        "transaction/transaction-type": "TransactionType",
        "transaction/finance-type": "FinanceType",
        "document-link/category": "DocumentCategory",
        "budget/value": "Currency",
    }
    attribute = {"activity-date": "type", "participating-org": "role", "budget/value": "currency"}
    for path, codelist in checks.items():
        elements = document.findall(f"iati-activity/{path}")
        assert elements, path
        valid = codes(schema_dir, codelist)
        for element in elements:
            assert element.get(attribute.get(path, "code")) in valid, path
    for organization in document.iterfind("iati-activity/participating-org"):
        assert organization.get("type") in codes(schema_dir, "OrganisationType")


def test_it_gives_sector_percentages_summing_to_100(client, hospital):
    activity = export(client).find("iati-activity")
    sectors = activity.findall("sector")
    assert {sector.get("vocabulary") for sector in sectors} == {"1"}
    assert sum(Decimal(sector.get("percentage")) for sector in sectors) == 100


def test_it_reports_commitments_with_their_finance_type(client, hospital):
    activity = export(client).find("iati-activity")
    transactions = activity.findall("transaction")
    assert [t.find("finance-type").get("code") for t in transactions] == ["421", "110"]
    assert {t.find("transaction-type").get("code") for t in transactions} == {"2"}
    assert transactions[0].find("provider-org").get("ref") == "XM-DAC-7-1"
    assert transactions[1].find("description/narrative").text == "Committed in 2018-04 (month only)"


def test_it_adds_translations_as_narratives_in_their_language(client, hospital):
    activity = export(client).find("iati-activity")
    title = activity.find("title")
    assert [n.get(XML_LANG) for n in title.findall("narrative")] == [None, "ko", "ru"]
    assert title.findall("narrative")[1].text == "타슈켄트 어린이 병원"
    assert activity.find("recipient-country").get("code") == "UZ"
    assert activity.find("iati-identifier").text == "UZ-KRUZ-childrens-hospital"


def test_it_exports_only_published_projects(client):
    for slug, publication in (("published", "published"), ("draft", "draft")):
        project = ProjectFactory(slug=slug, publication=publication)
        ParticipatingOrganizationFactory(project=project)
        ProjectSectorFactory(project=project)
    identifiers = [e.text for e in export(client).iterfind("iati-activity/iati-identifier")]
    assert len(identifiers) == 1 and identifiers[0].endswith("-published")


def test_it_answers_304_when_nothing_changed(client, hospital):
    first = client.get("/iati/activities.xml")
    assert first["Last-Modified"]
    again = client.get("/iati/activities.xml", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_it_changes_when_a_project_is_unpublished(client, hospital):
    first = client.get("/iati/activities.xml")
    hospital.unpublish()
    again = client.get("/iati/activities.xml", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert again.content.count(b"<iati-activity ") == 0


def test_it_leaves_out_a_project_without_any_organisation_or_date(client):
    ProjectFactory(slug="lonely")
    ParticipatingOrganizationFactory(
        project=ProjectFactory(slug="undated", planned_start=None, planned_end=None)
    )
    assert len(export(client)) == 0


def test_it_writes_a_budget_within_a_year_with_the_periods_last_day(client, hospital):
    budget = export(client).find("iati-activity/budget")
    assert budget.find("period-start").get("iso-date") == "2018-01-01"
    assert budget.find("period-end").get("iso-date") == "2018-12-31"
    assert budget.find("value").text == "100000000.00"


def test_it_leaves_out_a_budget_over_more_than_a_year_and_says_so(client, hospital):
    hospital.planned_end = datetime.date(2021, 12, 31)
    hospital.planned_end_precision = "day"
    hospital.save()
    assert export(client).find("iati-activity/budget") is None
    project = type(hospital).objects.with_iati_parts().get(pk=hospital.pk)
    assert any("budget" in str(note) for note in project.iati_omissions())


def test_it_writes_a_year_precise_date_as_its_first_day_with_the_precision(client, hospital):
    start = export(client).find("iati-activity/activity-date[@type='1']")
    assert start.get("iso-date") == "2018-01-01"
    assert start.findtext("narrative") == "2018 (year only)"
    actual = export(client).find("iati-activity/activity-date[@type='2']")
    assert actual.find("narrative") is None


def test_it_reports_a_withdrawn_aid_loan_code_as_its_successor(client, hospital):
    funding = hospital.fundings.get(instrument=421)
    funding.instrument = 410
    funding.save()
    codes_written = [e.get("code") for e in export(client).iterfind(".//finance-type")]
    assert codes_written == ["421", "110"]


def test_it_writes_a_ref_only_under_a_registered_prefix(client, hospital):
    Organization.objects.filter(name="KOICA").update(iati_identifier="KOICA-001")
    organizations = export(client).findall("iati-activity/participating-org")
    refs = {o.findtext("narrative"): o.get("ref") for o in organizations}
    assert refs == {"EDCF": "XM-DAC-7-1", "KOICA": None}
    project = type(hospital).objects.with_iati_parts().get(pk=hospital.pk)
    assert [str(note) for note in project.iati_omissions()] == [
        "the identifier KOICA-001 of KOICA: it does not begin with a registration "
        "agency's prefix from IATI's list"
    ]


def test_it_leaves_out_a_project_with_a_future_actual_date_and_says_why(client):
    project = ProjectFactory(slug="ahead", actual_start=datetime.date(2999, 1, 1))
    ParticipatingOrganizationFactory(project=project)
    ProjectSectorFactory(project=project)
    assert len(export(client)) == 0
    project = type(project).objects.with_iati_parts().get(pk=project.pk)
    assert project.iati_gaps() == ["actual start not in the future"]


def test_a_rename_keeps_the_iati_identifier(client, hospital):
    hospital.slug = "tashkent-childrens-hospital"
    hospital.save()
    identifier = export(client).find("iati-activity/iati-identifier").text
    assert identifier == "UZ-KRUZ-childrens-hospital"


def test_a_new_project_under_a_former_slug_gets_an_identifier_of_its_own(client, hospital):
    hospital.slug = "tashkent-childrens-hospital"
    hospital.save()
    newcomer = ProjectFactory(slug="childrens-hospital")
    assert newcomer.iati_identifier == f"UZ-KRUZ-childrens-hospital-{newcomer.pk}"


def test_a_draft_gets_its_identifier_when_first_published(hospital):
    draft = ProjectFactory(slug="later", publication="draft")
    assert draft.iati_identifier == ""
    draft.publish()
    draft.refresh_from_db()
    assert draft.iati_identifier == "UZ-KRUZ-later"
    draft.slug = "renamed"
    draft.unpublish()
    draft.publish()
    draft.refresh_from_db()
    assert draft.iati_identifier == "UZ-KRUZ-later"


def test_the_organisation_file_validates_and_names_the_reporting_organisation(
    client, schema_dir, settings
):
    settings.IATI_REPORTING_ORG_REF = "XM-DAC-7-9"
    settings.IATI_REPORTING_ORG_NAME = "Ministry of Foreign Affairs"
    response = client.get("/iati/organisation.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    document = etree.fromstring(response.content)
    schema = etree.XMLSchema(etree.parse(str(schema_dir / "iati-organisations-schema.xsd")))
    schema.assertValid(document)
    organisation = document.find("iati-organisation")
    assert organisation.findtext("organisation-identifier") == "XM-DAC-7-9"
    assert organisation.find("reporting-org").get("ref") == "XM-DAC-7-9"
    assert organisation.findtext("name/narrative") == "Ministry of Foreign Affairs"
