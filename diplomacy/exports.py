"""The agreement list as a table, from the agreements' public parts (kruz.exports writes
the file)."""

from django.conf import settings

from kruz.exports import partial_date

HEADER = [
    "slug",
    "title",
    "kind",
    "status",
    "signed_on",
    "entered_into_force_on",
    "expires_on",
    "place",
    "value",
    "value_currency",
    "parties",
    "url",
    "updated_at",
]


def agreement_rows(agreements):
    """One row per agreement, in the active language; `agreements` come from
    Agreement.objects.with_public_parts()."""
    for agreement in agreements:
        yield [
            agreement.slug,
            agreement.localized("title"),
            agreement.get_kind_display(),
            agreement.get_status_display(),
            *(
                partial_date(getattr(agreement, name), getattr(agreement, f"{name}_precision"))
                for name in ("signed_on", "entered_into_force_on", "expires_on")
            ),
            agreement.localized("place"),
            agreement.value,
            agreement.value_currency_id,
            "; ".join(party.localized("name") for party in agreement.public_parties),
            settings.SITE_URL + agreement.get_absolute_url(),
            agreement.updated_at,
        ]


def public_agreements_table(queryset):
    """(header, rows) of the published agreements among `queryset`, streamed in chunks."""
    agreements = queryset.published().with_public_parts().iterator(chunk_size=500)
    return HEADER, agreement_rows(agreements)
