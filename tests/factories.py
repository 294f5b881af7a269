"""factory_boy factories for every model; tests arrange their data with these."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from diplomacy import models as diplomacy
from kruz.records import Publication
from projects import models as projects


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct horse battery staple")
    is_staff = True


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = diplomacy.Source

    slug = factory.Sequence(lambda n: f"source-{n}")
    title = factory.Sequence(lambda n: f"Press release {n}")
    kind = diplomacy.Source.Kind.PRESS_RELEASE
    publication = Publication.PUBLISHED


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = diplomacy.Organization

    slug = factory.Sequence(lambda n: f"organization-{n}")
    name = factory.Sequence(lambda n: f"Organization {n}")
    country = "KR"
    kind = diplomacy.Organization.Kind.AGENCY
    publication = Publication.PUBLISHED


class OfficialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = diplomacy.Official

    slug = factory.Sequence(lambda n: f"official-{n}")
    name = factory.Sequence(lambda n: f"Official {n}")
    country = "UZ"
    publication = Publication.PUBLISHED


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = diplomacy.Position

    official = factory.SubFactory(OfficialFactory)
    title = "Minister of Foreign Affairs"
    organization = factory.SubFactory(OrganizationFactory)


class EngagementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = diplomacy.Engagement

    slug = factory.Sequence(lambda n: f"engagement-{n}")
    title = factory.Sequence(lambda n: f"Official visit {n}")
    kind = diplomacy.Engagement.Kind.OFFICIAL_VISIT
    started_on = datetime.date(2018, 4, 17)
    place = "Tashkent"
    country = "UZ"
    publication = Publication.PUBLISHED


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = diplomacy.Agreement

    slug = factory.Sequence(lambda n: f"agreement-{n}")
    title = factory.Sequence(lambda n: f"Memorandum {n}")
    kind = diplomacy.Agreement.Kind.MOU
    status = diplomacy.Agreement.Status.SIGNED
    signed_on = datetime.date(2017, 11, 23)
    publication = Publication.PUBLISHED


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = projects.Project

    slug = factory.Sequence(lambda n: f"project-{n}")
    title = factory.Sequence(lambda n: f"Project {n}")
    summary = "A cooperation project."
    kind = projects.Project.Kind.DEVELOPMENT
    status = projects.Project.Status.IMPLEMENTATION
    region = projects.Region.TASHKENT_CITY
    planned_start = datetime.date(2021, 1, 1)
    planned_end = datetime.date(2026, 12, 31)
    publication = Publication.PUBLISHED


class ProjectSectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = projects.ProjectSector

    project = factory.SubFactory(ProjectFactory)
    sector_id = 12191  # Medical services
    percentage = Decimal("100")


class FundingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = projects.Funding

    project = factory.SubFactory(ProjectFactory)
    funder = factory.SubFactory(OrganizationFactory)
    instrument = projects.Funding.Instrument.GRANT
    amount = Decimal("1000000.00")
    currency_id = "USD"


class ParticipatingOrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = projects.ParticipatingOrganization

    project = factory.SubFactory(ProjectFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = projects.ParticipatingOrganization.Role.IMPLEMENTING


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = projects.Milestone

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    due_on = datetime.date(2025, 6, 30)


class StatusReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = projects.StatusReport

    project = factory.SubFactory(ProjectFactory)
    reported_on = datetime.date(2025, 1, 15)
    progress = 40
    status = projects.StatusReport.Status.ON_TRACK
    narrative = "Work proceeds as planned."
    is_internal = False
    publication = Publication.PUBLISHED


class ProjectCitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = projects.ProjectCitation

    project = factory.SubFactory(ProjectFactory)
    fact = projects.ProjectCitation.Fact.SUMMARY
    source = factory.SubFactory(SourceFactory)
    quote = "The project was agreed in 2017."


class AgreementCitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = diplomacy.AgreementCitation

    agreement = factory.SubFactory(AgreementFactory)
    fact = diplomacy.AgreementCitation.Fact.SIGNED_ON
    source = factory.SubFactory(SourceFactory)
    quote = "The agreement was signed in 2017."
