"""The IATI 2.03 activity file of every published project: the international standard
through which aid-transparency portals read KRUZ."""

from django.conf import settings
from django.db.models import Max
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.http import condition, require_safe
from lxml import etree

from diplomacy.models import Organization, OrganizationKind
from kruz.exports import timestamp
from kruz.models import PublicEvent
from kruz.records import DatePrecision
from kruz.translation import sibling_name, translation_languages
from projects.codelists import is_organisation_identifier
from projects.models import Project

IATI_VERSION = "2.03"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DAC_VOCABULARY = "1"  # OECD DAC CRS purpose codes, 5 digit
COMMITMENT = "2"  # TransactionType
ORIGINAL_BUDGET = "1"  # BudgetType
INDICATIVE = "1"  # BudgetStatus
ACTIVITY_WEB_PAGE = "A12"  # DocumentCategory
RECIPIENT_COUNTRY = "UZ"  # every KRUZ project is in Uzbekistan
REPORTING_ORG_TYPE = "10"  # OrganisationType: government (the ministry keeps the record)

# IATI OrganisationType for each kind of organization KRUZ records.
ORGANISATION_TYPES = {
    OrganizationKind.GOVERNMENT: "10",
    OrganizationKind.MINISTRY: "10",
    OrganizationKind.LEGISLATURE: "10",
    OrganizationKind.CITY: "11",
    OrganizationKind.AGENCY: "10",
    OrganizationKind.FINANCE: "15",
    OrganizationKind.COMPANY: "70",
    OrganizationKind.STATE_COMPANY: "15",
    OrganizationKind.UNIVERSITY: "80",
    OrganizationKind.FOUNDATION: "60",
    OrganizationKind.INTERNATIONAL: "40",
}
# IATI ActivityDateType, for each pair of project dates.
ACTIVITY_DATES = (
    ("1", "planned_start"),
    ("2", "actual_start"),
    ("3", "planned_end"),
    ("4", "actual_end"),
)


def published_projects():
    return Project.objects.public()


def activities_document(projects, generated_at=None):
    """The activity file: each published project IATI can take (Project.iati_gaps() empty).
    The others are listed to staff with what they still need (admin, API, dashboard)."""
    generated_at = generated_at or timezone.now()
    root = etree.Element(
        "iati-activities", version=IATI_VERSION, **{"generated-datetime": timestamp(generated_at)}
    )
    for project in projects:
        if not project.iati_gaps():
            root.append(activity(project))
    return etree.ElementTree(root)


def activity(project):
    element = etree.Element(
        "iati-activity",
        {
            XML_LANG: "en",
            "last-updated-datetime": timestamp(project.updated_at),
            "hierarchy": "1",
        },
    )
    if project.budget_currency_id:
        element.set("default-currency", project.budget_currency_id)
    sub(element, "iati-identifier").text = project.iati_identifier
    reporting_org(element)
    translated(sub(element, "title"), project, "title")
    translated(sub(element, "description", type="1"), project, "summary")
    if project.description:
        translated(sub(element, "description", type="2"), project, "description")
    for organization, role in project.iati_participants():
        participating_org(element, organization, role)
    sub(element, "activity-status", code=str(project.status))
    for code, field in ACTIVITY_DATES:
        if getattr(project, field):
            activity_date(element, code, project, field)
    sub(element, "recipient-country", code=RECIPIENT_COUNTRY, percentage="100")
    for share in project.public_sector_shares:
        sub(
            element,
            "sector",
            vocabulary=DAC_VOCABULARY,
            code=str(share.sector_id),
            percentage=f"{share.percentage.normalize():f}",
        )
    budget(element, project)
    today = timezone.localdate()
    for funding in project.public_fundings:
        if not funding.iati_commitment_gap(today):
            commitment(element, funding)
    for source in project.public_sources:
        if source.url:
            document_link(element, source)
    return element


def reporting_org(parent):
    element = sub(
        parent, "reporting-org", ref=settings.IATI_REPORTING_ORG_REF, type=REPORTING_ORG_TYPE
    )
    narrative(element, settings.IATI_REPORTING_ORG_NAME)
    return element


def activity_date(parent, code, record, field):
    """A date kept to the month or year is written as the first day of that period (IATI
    needs a day) with a narrative giving the precision the record has."""
    value, precision = getattr(record, field), getattr(record, f"{field}_precision")
    element = sub(parent, "activity-date", type=code, **{"iso-date": iso(value)})
    if precision != DatePrecision.DAY:
        narrative(element, precision_text(value, precision))


def precision_text(value, precision):
    """ "2017 (year only)", "2020-10 (month only)": what a date without its day says."""
    if precision == DatePrecision.YEAR:
        return f"{value:%Y} (year only)"
    return f"{value:%Y-%m} (month only)"


def participating_org(parent, organization, role):
    attributes = {"role": str(role), "type": organisation_type(organization)}
    if has_identifier(organization):
        attributes["ref"] = organization.iati_identifier
    translated(sub(parent, "participating-org", **attributes), organization, "name")


def has_identifier(organization):
    """Only an identifier under a registered agency's prefix is a `ref`: anything else
    is not an IATI organisation identifier, and the name alone is written."""
    return bool(organization.iati_identifier) and is_organisation_identifier(
        organization.iati_identifier
    )


def organisation_type(organization: Organization):
    return ORGANISATION_TYPES.get(organization.kind, "90")


def budget(parent, project):
    """The total budget, when the planned span puts it within one year (IATI budgets
    cover a year at most; Project.iati_omissions() tells staff when it is left out)."""
    period = project.iati_budget_period() if project.budget is not None else None
    if period is None:
        return
    first, last = period
    element = sub(parent, "budget", type=ORIGINAL_BUDGET, status=INDICATIVE)
    sub(element, "period-start", **{"iso-date": iso(first)})
    sub(element, "period-end", **{"iso-date": iso(last)})
    value = sub(element, "value", currency=project.budget_currency_id, **{"value-date": iso(first)})
    value.text = f"{project.budget:f}"


def commitment(parent, funding):
    element = sub(parent, "transaction")
    sub(element, "transaction-type", code=COMMITMENT)
    sub(element, "transaction-date", **{"iso-date": iso(funding.committed_on)})
    value = sub(
        element, "value", currency=funding.currency_id, **{"value-date": iso(funding.committed_on)}
    )
    value.text = f"{funding.amount:f}"
    if funding.committed_on_precision != DatePrecision.DAY:
        text = precision_text(funding.committed_on, funding.committed_on_precision)
        narrative(sub(element, "description"), f"Committed in {text}")
    provider = {"type": organisation_type(funding.funder)}
    if has_identifier(funding.funder):
        provider["ref"] = funding.funder.iati_identifier
    translated(sub(element, "provider-org", **provider), funding.funder, "name")
    sub(element, "finance-type", code=funding.iati_finance_type())


def document_link(parent, source):
    element = sub(parent, "document-link", format="text/html", url=source.url)
    narrative(sub(element, "title"), source.title)
    sub(element, "category", code=ACTIVITY_WEB_PAGE)


def translated(parent, record, field):
    """The English narrative, then one per translation, marked with its language."""
    narrative(parent, getattr(record, field))
    for language in translation_languages():
        value = getattr(record, sibling_name(field, language), "")
        if value:
            narrative(parent, value, language)
    return parent


def narrative(parent, text, language=None):
    element = sub(parent, "narrative")
    if language:
        element.set(XML_LANG, language)
    element.text = text
    return element


def sub(parent, tag, **attributes):
    return etree.SubElement(parent, tag, attributes)


def iso(date):
    return date.isoformat()


def last_changes():
    """When a published project last changed, and when one last left the public view."""
    changed = Project.objects.published().aggregate(last=Max("updated_at"))["last"]
    removed = PublicEvent.objects.of(Project).removals().aggregate(last=Max("occurred_at"))
    removed = removed["last"]
    return changed, removed


def last_change(request):
    return max((moment for moment in last_changes() if moment), default=None)


def file_version(request):
    # Finer than Last-Modified (whole seconds): two changes in one second differ here.
    return "-".join(moment.isoformat() if moment else "none" for moment in last_changes())


@require_safe
@condition(etag_func=file_version, last_modified_func=last_change)
def activities_xml(request):
    document = activities_document(published_projects())
    body = etree.tostring(document, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return HttpResponse(body, content_type="application/xml; charset=utf-8")


def organisation_document(generated_at=None):
    """The IATI organisation file of the reporting organisation (settings.IATI_REPORTING_…):
    who publishes the activity file. KRUZ records no budgets or spending of its own, so
    the file holds the organisation's identifier and name."""
    generated_at = generated_at or timezone.now()
    root = etree.Element(
        "iati-organisations",
        version=IATI_VERSION,
        **{"generated-datetime": timestamp(generated_at)},
    )
    organisation = sub(root, "iati-organisation", **{XML_LANG: "en"})
    sub(organisation, "organisation-identifier").text = settings.IATI_REPORTING_ORG_REF
    narrative(sub(organisation, "name"), settings.IATI_REPORTING_ORG_NAME)
    reporting_org(organisation)
    return etree.ElementTree(root)


@require_safe
def organisation_xml(request):
    document = organisation_document()
    body = etree.tostring(document, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return HttpResponse(body, content_type="application/xml; charset=utf-8")
