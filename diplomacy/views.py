"""The public, read-only agreement pages; only published agreements are ever shown."""

from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import render
from django.views.decorators.http import require_safe

from diplomacy.filters import AgreementFilterSet
from diplomacy.models import Agreement
from kruz.translation import in_reader_language
from kruz.views import renamed_record_redirect

PAGE_SIZE = 25


@require_safe  # read-only pages: a POST is refused (405)
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


@require_safe
def agreement_detail(request, slug):
    agreements = Agreement.objects.public()
    agreement = agreements.filter(slug=slug).first()
    if agreement is None:
        return renamed_record_redirect(Agreement, slug, "diplomacy:agreement-detail")
    return render(request, "diplomacy/agreement_detail.html", {"agreement": agreement})
