"""The public, read-only pages of the diplomacy record: agreements, engagements, officials
and organizations. Every queryset starts from .published() or .public(): a draft is never
shown, and a draft's own address answers 404."""

from django.core.paginator import Paginator
from django.db.models import F, Prefetch
from django.shortcuts import render

from diplomacy.filters import (
    AgreementFilterSet,
    EngagementFilterSet,
    OfficialFilterSet,
    OrganizationFilterSet,
)
from diplomacy.models import (
    Agreement,
    Engagement,
    Official,
    Organization,
    ParticipantRole,
    Position,
)
from kruz.translation import in_reader_language
from kruz.views import public_page, renamed_record_redirect

PAGE_SIZE = 25


@public_page  # read-only pages: a POST is refused (405)
def agreement_list(request):
    # Latest first; agreements signed the same day (or undated) by title as the reader reads it.
    agreements = (
        Agreement.objects.published()
        .select_related("value_currency")
        .order_by(F("signed_on").desc(nulls_last=True), in_reader_language("title"), "id")
    )
    filterset = AgreementFilterSet(request.GET, queryset=agreements)
    filterset.offer_values_in_use()
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "diplomacy/agreement_list.html", {"filterset": filterset, "page": page})


@public_page
def agreement_detail(request, slug):
    agreements = Agreement.objects.public()
    agreement = agreements.filter(slug=slug).first()
    if agreement is None:
        return renamed_record_redirect(Agreement, slug, "diplomacy:agreement-detail")
    return render(request, "diplomacy/agreement_detail.html", {"agreement": agreement})


@public_page
def engagement_list(request):
    filterset = EngagementFilterSet(request.GET, queryset=Engagement.objects.published())
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "diplomacy/engagement_list.html", {"filterset": filterset, "page": page})


@public_page
def engagement_detail(request, slug):
    engagement = Engagement.objects.public().filter(slug=slug).first()
    if engagement is None:
        return renamed_record_redirect(Engagement, slug, "diplomacy:engagement-detail")
    # Heads of delegation and hosts first, as the roles are listed, not alphabetically.
    roles = list(ParticipantRole.values)
    engagement.public_participations.sort(key=lambda participation: roles.index(participation.role))
    return render(request, "diplomacy/engagement_detail.html", {"engagement": engagement})


@public_page
def official_list(request):
    officials = Official.objects.published().prefetch_related(
        Prefetch("positions", Position.objects.order_by("-started_on"), to_attr="latest_positions")
    )
    filterset = OfficialFilterSet(request.GET, queryset=officials)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "diplomacy/official_list.html", {"filterset": filterset, "page": page})


@public_page
def official_detail(request, slug):
    official = Official.objects.public().filter(slug=slug).first()
    if official is None:
        return renamed_record_redirect(Official, slug, "diplomacy:official-detail")
    context = {"official": official, "participations": list(official.engagement_roles())}
    return render(request, "diplomacy/official_detail.html", context)


@public_page
def organization_list(request):
    filterset = OrganizationFilterSet(request.GET, queryset=Organization.objects.published())
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"filterset": filterset, "page": page}
    return render(request, "diplomacy/organization_list.html", context)


@public_page
def organization_detail(request, slug):
    organization = Organization.objects.public().filter(slug=slug).first()
    if organization is None:
        return renamed_record_redirect(Organization, slug, "diplomacy:organization-detail")
    context = {
        "organization": organization,
        "fundings": list(organization.published_project_fundings()),
        "committed_amounts": organization.committed_amounts(),
        "undisclosed_count": organization.undisclosed_funding_count(),
        "project_roles": list(organization.published_project_roles()),
        "engagements": list(organization.related_engagements()),
        "people": list(organization.positions_held()),
    }
    return render(request, "diplomacy/organization_detail.html", context)
