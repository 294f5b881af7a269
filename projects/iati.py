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
from projects.models import OrganisationRole, Project

IATI_VERSION = "2.03"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TRANSLATIONS = ("ko", "uz", "ru")
DAC_VOCABULARY = "1"  # OECD DAC CRS purpose codes, 5 digit
COMMITMENT = "2"  # TransactionType
ORIGINAL_BUDGET = "1"  # BudgetType
INDICATIVE = "1"  # BudgetStatus
ACTIVITY_WEB_PAGE = "A12"  # DocumentCategory

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
    """The activity file. IATI requires an activity date and a participating organisation,
    so a project without any date, or with neither a participant nor a funder on record,
    is left out until it has them."""
    generated_at = generated_at or timezone.now()
    root = etree.Element(
        "iati-activities", version=IATI_VERSION, **{"generated-datetime": timestamp(generated_at)}
    )
    for project in projects:
        if is_reportable(project):
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
    sub(element, "iati-identifier").text = iati_identifier(project)
    reporting = sub(element, "reporting-org", ref=settings.IATI_REPORTING_ORG_REF, type="10")
    narrative(reporting, settings.IATI_REPORTING_ORG_NAME)
    translated(sub(element, "title"), project, "title")
    translated(sub(element, "description", type="1"), project, "summary")
    if project.description:
        translated(sub(element, "description", type="2"), project, "description")
    for organization, role in participating_organizations(project):
        participating_org(element, organization, role)
    sub(element, "activity-status", code=str(project.status))
    for code, field in ACTIVITY_DATES:
        if getattr(project, field):
            sub(element, "activity-date", type=code, **{"iso-date": iso(getattr(project, field))})
    sub(element, "recipient-country", code="UZ", percentage="100")
    for share in project.public_sector_shares:
        sub(
            element,
            "sector",
            vocabulary=DAC_VOCABULARY,
            code=str(share.sector_id),
            percentage=f"{share.percentage.normalize():f}",
        )
    budget(element, project)
    for funding in project.public_fundings:
        # A commitment is reportable once its amount and date are known.
        if funding.amount is not None and funding.committed_on is not None:
            commitment(element, funding)
    for source in project.public_sources:
        if source.url:
            document_link(element, source)
    return element


def is_reportable(project):
    has_date = any(getattr(project, field) for _code, field in ACTIVITY_DATES)
    return has_date and bool(participating_organizations(project))


def iati_identifier(project):
    return f"{settings.IATI_REPORTING_ORG_REF}-{project.slug}"


def participating_organizations(project):
    """The recorded participants, and each funder not recorded in the funding role."""
    found = [(p.organization, p.role) for p in project.public_participants]
    for funding in project.public_fundings:
        pair = (funding.funder, OrganisationRole.FUNDING)
        if pair not in found:
            found.append(pair)
    return found


def participating_org(parent, organization, role):
    attributes = {"role": str(role), "type": organisation_type(organization)}
    if organization.iati_identifier:
        attributes["ref"] = organization.iati_identifier
    translated(sub(parent, "participating-org", **attributes), organization, "name")


def organisation_type(organization: Organization):
    return ORGANISATION_TYPES.get(organization.kind, "90")


def budget(parent, project):
    """The total budget over the planned span; IATI needs both ends of the period."""
    if not (project.budget and project.planned_start and project.planned_end):
        return
    element = sub(parent, "budget", type=ORIGINAL_BUDGET, status=INDICATIVE)
    sub(element, "period-start", **{"iso-date": iso(project.planned_start)})
    sub(element, "period-end", **{"iso-date": iso(project.planned_end)})
    value = sub(
        element,
        "value",
        currency=project.budget_currency_id,
        **{"value-date": iso(project.planned_start)},
    )
    value.text = f"{project.budget:f}"


def commitment(parent, funding):
    element = sub(parent, "transaction")
    sub(element, "transaction-type", code=COMMITMENT)
    sub(element, "transaction-date", **{"iso-date": iso(funding.committed_on)})
    value = sub(
        element, "value", currency=funding.currency_id, **{"value-date": iso(funding.committed_on)}
    )
    value.text = f"{funding.amount:f}"
    provider = {"type": organisation_type(funding.funder)}
    if funding.funder.iati_identifier:
        provider["ref"] = funding.funder.iati_identifier
    narrative(sub(element, "provider-org", **provider), funding.funder.name)
    sub(element, "finance-type", code=str(funding.instrument))


def document_link(parent, source):
    element = sub(parent, "document-link", format="text/html", url=source.url)
    narrative(sub(element, "title"), source.title)
    sub(element, "category", code=ACTIVITY_WEB_PAGE)


def translated(parent, record, field):
    """The English narrative, then one per translation, marked with its language."""
    narrative(parent, getattr(record, field))
    for language in TRANSLATIONS:
        value = getattr(record, f"{field}_{language}", "")
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
