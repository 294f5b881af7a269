"""The real record (fixtures/record/) loads, passes the validation user input gets, and
loads again without changing a row. The floors below are the counts the seeds yield."""

import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db.models import Q, Sum

from diplomacy.models import Agreement, Engagement, Official, Organization, Position, Source
from kruz.records import Publication
from projects.management.commands.load_record import RECORD_MODELS
from projects.models import Funding, Milestone, Project

pytestmark = pytest.mark.django_db

SLUGGED_MODELS = [model for model in RECORD_MODELS if hasattr(model, "slug")]


def load_record():
    output = StringIO()
    call_command("load_record", stdout=output)
    return output.getvalue()


def snapshot():
    """Every row of the record, serialized: two equal snapshots hold the same data."""
    return {
        model._meta.label: serializers.serialize("json", model.objects.order_by("pk"))
        for model in RECORD_MODELS
    }


@pytest.fixture
def record():
    load_record()


def test_it_loads_the_record_and_prints_counts_per_model():
    output = load_record()

    assert re.search(r"^diplomacy\.Engagement\s+33$", output, re.MULTILINE)
    assert re.search(r"^projects\.Project\s+29$", output, re.MULTILINE)
    assert len(output.splitlines()) == len(RECORD_MODELS) + 1  # and what was added
    assert output.splitlines()[-1].startswith("Added ")


def test_it_holds_at_least_what_the_seeds_yield(record):
    assert Source.objects.count() == 5
    assert Organization.objects.count() >= 41
    assert Official.objects.count() >= 17
    assert Engagement.objects.count() >= 33
    assert Agreement.objects.count() >= 11
    assert Project.objects.count() >= 29


def test_it_passes_the_validation_user_input_gets(record):
    errors = []
    for model in RECORD_MODELS:
        for instance in model.objects.all():
            try:
                instance.full_clean()
            except ValidationError as error:
                errors.append(f"{model._meta.label} {instance.pk}: {error}")

    assert errors == []


def test_it_changes_nothing_when_loaded_twice(record):
    before = snapshot()

    load_record()

    assert snapshot() == before


def test_it_publishes_every_record(record):
    for model in SLUGGED_MODELS:
        assert not model.objects.exclude(publication=Publication.PUBLISHED).exists(), model


def test_it_names_a_source_for_every_record(record):
    for model in SLUGGED_MODELS:
        if model is Source:
            continue
        assert not model.objects.filter(sources__isnull=True).exists(), model


def test_it_points_every_source_at_its_seed_document(record):
    documents = list(Source.objects.values_list("document", flat=True))

    assert len(set(documents)) == 5
    assert all(re.fullmatch(r"00[0-4]_[0-9a-f]{16}\.txt", document) for document in documents)


def test_it_gives_every_project_sector_shares_adding_up_to_100(record):
    shares = Project.objects.annotate(total=Sum("sector_shares__percentage"))

    assert {project.slug: project.total for project in shares if project.total != 100} == {}


def test_it_gives_no_position_a_date_the_seeds_do_not_give(record):
    # No seed dates a term of office, so none may appear: not Kang Kyung-wha's 2017-2021,
    # not Shavkat Mirziyoyev's presidency.
    kang = Position.objects.get(official__slug="kang-kyung-wha")
    president = Position.objects.get(
        official__slug="shavkat-mirziyoyev", title__startswith="President"
    )

    assert (kang.started_on, kang.ended_on) == (None, None)
    assert (president.started_on, president.ended_on) == (None, None)
    assert not Position.objects.filter(
        Q(started_on__isnull=False) | Q(ended_on__isnull=False)
    ).exists()


def test_it_shows_a_month_precise_date_as_its_month(record):
    visit = Engagement.objects.get(slug="mirziyoyev-state-visit-2017")

    assert visit.display_date("started_on") == "November 2017"


def test_it_shows_a_year_precise_milestone_as_its_year(record):
    completion = Milestone.objects.get(project__slug="urgench-airport-modernization", done_on=None)

    assert completion.display_date("due_on") == "2027"


def test_it_keeps_the_hospital_funders_without_inventing_amounts(record):
    funding = Funding.objects.filter(project__slug="childrens-hospital-tashkent")

    assert {(row.funder.slug, row.instrument, row.amount) for row in funding} == {
        ("edcf", Funding.Instrument.AID_LOAN, None),
        ("koica", Funding.Instrument.GRANT, None),
        ("national-medical-foundation", Funding.Instrument.GRANT, None),
    }


def test_it_records_the_ktx_deal_with_its_amount(record):
    deal = Agreement.objects.get(slug="ktx-trains-deal-2024")

    assert (deal.value, deal.value_currency_id) == (Decimal("196000000.00"), "USD")
    assert deal.projects.get().slug == "ktx-high-speed-trains"


def test_it_records_all_eight_karimov_visits(record):
    visits = Engagement.objects.filter(
        participations__official__slug="islam-karimov", kind=Engagement.Kind.OFFICIAL_VISIT
    )

    assert sorted(visit.started_on.year for visit in visits) == [
        1992,
        1995,
        1999,
        2006,
        2008,
        2010,
        2012,
        2015,
    ]
