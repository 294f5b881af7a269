from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Prefetch, Q
from django.db.models.functions import TruncMonth, TruncYear
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import CountryField
from simple_history import register as register_history

from kruz.money import amount_field, clean_money, money_constraints
from kruz.records import (
    DatePrecision,
    PartialDatesMixin,
    Publication,
    RecordManager,
    RecordPart,
    RecordQuerySet,
    SluggedRecord,
    ordered_dates_constraint,
    partial_date_constraints,
    precision_field,
)
from kruz.text import guard_text
from kruz.translation import Translatable, TranslatedField

# The ISO 3166-1 codes django-countries knows; the database refuses any other.
COUNTRY_CODES = sorted(code for code, _name in countries)


class Currency(models.Model):
    """ISO 4217, from the IATI Currency codelist (fixtures/codelists/currencies.csv)."""

    code = models.CharField(_("code"), max_length=3, primary_key=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("currency")
        verbose_name_plural = _("currencies")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z]{3}$"), name="diplomacy_currency_code_iso4217"
            ),
        ]

    def __str__(self):
        return self.code


class SourceKind(models.TextChoices):
    PRESS_RELEASE = "press_release", _("Press release")
    NEWS = "news", _("News report")
    ENCYCLOPEDIA = "encyclopedia", _("Encyclopedia article")
    ARTICLE = "article", _("Academic article")
    OFFICIAL = "official", _("Official document")


class Source(PartialDatesMixin, SluggedRecord):
    """A document the record is taken from; every fact in fixtures/ names one."""

    partial_dates = ("published_on",)
    Kind = SourceKind

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    author = models.CharField(_("author"), max_length=200, blank=True)
    url = models.URLField(_("address"), blank=True)
    published_on = models.DateField(_("published"), null=True, blank=True)
    published_on_precision = precision_field(_("precision of publication date"))
    document = models.CharField(
        _("document"), max_length=100, blank=True, help_text=_("File name of the archived copy.")
    )

    class Meta(SluggedRecord.Meta):
        ordering = ["title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [
            *SluggedRecord.Meta.constraints,
            *partial_date_constraints("diplomacy_source", "published_on"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        self.clean_partial_dates()

    def link_face(self):
        """The records citing a source show all of this."""
        described = (self.title, self.kind, self.publisher, self.author, self.url)
        return (*super().link_face(), *described, self.published_on, self.published_on_precision)


class Citation(models.Model):
    """A passage of a source, quoted word for word, that supports one fact of a record
    (its date of signature, its participants…). Each concrete citation names its record
    and the facts it may support."""

    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="+", verbose_name=_("source")
    )
    quote = models.TextField(_("quoted passage"), help_text=_("Word for word, from the source."))

    class Meta:
        abstract = True
        verbose_name = _("citation")
        verbose_name_plural = _("citations")

    def __str__(self):
        return f"{self.get_fact_display()}: {self.source}"


def fact_field(facts):
    return models.CharField(_("fact"), max_length=40, choices=facts)


class SourcedQuerySet(RecordQuerySet):
    """Records that name their sources and quote them (citations)."""

    def sourced(self):
        """The published sources and the citations quoting them, as public_sources and
        public_citations."""
        citations = self.model._meta.get_field("citations").related_model
        published = Publication.PUBLISHED
        return self.prefetch_related(
            Prefetch("sources", Source.objects.published(), to_attr="public_sources"),
            Prefetch(
                "citations",
                citations.objects.filter(source__publication=published).select_related("source"),
                to_attr="public_citations",
            ),
        )

    def with_public_parts(self):
        return self.sourced()


def related_published(queryset_owner, relation):
    """The published records at the other end of `relation` (a model this app cannot
    import, such as projects, is taken from the relation itself)."""
    return queryset_owner.model._meta.get_field(relation).related_model.objects.published()


def citation_constraints(prefix, facts):
    return [
        models.CheckConstraint(condition=Q(fact__in=facts.values), name=f"{prefix}_fact_valid"),
        models.CheckConstraint(condition=~Q(quote=""), name=f"{prefix}_quote_given"),
    ]


class OrganizationKind(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    MINISTRY = "ministry", _("Ministry or government agency")
    LEGISLATURE = "legislature", _("Legislature")
    CITY = "city", _("City administration")
    AGENCY = "agency", _("Development agency")
    FINANCE = "finance", _("Development finance institution")
    COMPANY = "company", _("Company")
    STATE_COMPANY = "state_company", _("State-owned company")
    UNIVERSITY = "university", _("University or institute")
    FOUNDATION = "foundation", _("Foundation or association")
    INTERNATIONAL = "international", _("International body or forum")


class OrganizationQuerySet(SourcedQuerySet):
    def with_public_parts(self):
        """With the agreements it is party to; the projects it funds or carries out are
        listed on its page, not in its representation (at scale they are thousands)."""
        return self.sourced().prefetch_related(
            Prefetch(
                "agreements", related_published(self, "agreements"), to_attr="public_agreements"
            )
        )


class Organization(Translatable, SluggedRecord):
    Kind = OrganizationKind
    representation_serializer = "diplomacy.serializers.OrganizationSerializer"

    name = TranslatedField(models.CharField(_("name"), max_length=200))
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    country = CountryField(_("country"), blank=True, help_text=_("Empty for international bodies."))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    iati_identifier = models.CharField(
        _("IATI organisation identifier"), max_length=100, blank=True
    )
    website = models.URLField(_("website"), blank=True)
    sources = models.ManyToManyField(Source, blank=True, verbose_name=_("sources"))

    objects = RecordManager.from_queryset(OrganizationQuerySet)()

    class Meta(SluggedRecord.Meta):
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            *SluggedRecord.Meta.constraints,
            models.CheckConstraint(
                condition=Q(country="") | Q(country__in=COUNTRY_CODES),
                name="diplomacy_organization_country_iso3166",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=OrganizationKind.values),
                name="diplomacy_organization_kind_valid",
            ),
            models.UniqueConstraint(
                fields=["iati_identifier"],
                condition=~Q(iati_identifier=""),
                name="diplomacy_organization_iati_identifier_unique",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self):
        return reverse("diplomacy:organization-detail", kwargs={"slug": self.slug})

    # The projects app funds and carries out projects through the relations it declares
    # (fundings, participations); this app reads them without importing it.
    def published_project_fundings(self):
        """Its fundings of published projects, with the project, oldest commitment first."""
        return (
            self.fundings.filter(project__publication=Publication.PUBLISHED)
            .select_related("project", "currency")
            .order_by("committed_on", "project__title", "pk")
        )

    def committed_amounts(self):
        """[(currency code, total)] it committed to published projects: amounts in
        different currencies never add up."""
        rows = self.published_project_fundings().committed_totals("funder")
        return [(row["currency"], row["total"]) for row in rows]

    def undisclosed_funding_count(self):
        """How many of its fundings of published projects give no amount."""
        return self.published_project_fundings().filter(amount__isnull=True).count()

    def published_project_roles(self):
        """Its roles (funding, implementing…) in published projects, with the project."""
        return (
            self.participations.filter(project__publication=Publication.PUBLISHED)
            .select_related("project")
            .order_by("project__title", "role")
        )

    def positions_held(self):
        """The positions published officials held in it, the latest first."""
        return (
            self.positions.filter(official__publication=Publication.PUBLISHED)
            .select_related("official")
            .order_by("-started_on")
        )

    def related_engagements(self):
        """Published engagements at which an agreement it is party to was signed, or in
        which a published official took part while holding a position there (an end the
        sources leave open does not exclude it)."""
        signed_there = Engagement.objects.filter(
            agreements__parties=self, agreements__publication=Publication.PUBLISHED
        )
        position = "participants__positions"
        attended = Engagement.objects.filter(
            Q(**{f"{position}__started_on__isnull": True})
            | Q(**{f"{position}__started_on__lte": F("started_on")}),
            Q(**{f"{position}__ended_on__isnull": True}) | position_not_ended_before_engagement(),
            **{f"{position}__organization": self, "participants__publication": "published"},
        )
        return Engagement.objects.published().filter(
            Q(pk__in=signed_there.values("pk")) | Q(pk__in=attended.values("pk"))
        )


def position_not_ended_before_engagement():
    """A condition on engagements: the participant's position ended (to its precision) on
    or after the engagement's start; a position that ended "in 2019" covers all of 2019."""
    ended = "participants__positions__ended_on"
    periods = (
        (DatePrecision.DAY, F("started_on")),
        (DatePrecision.MONTH, TruncMonth("started_on")),
        (DatePrecision.YEAR, TruncYear("started_on")),
    )
    condition = Q()
    for precision, engagement_period in periods:
        condition |= Q(**{f"{ended}_precision": precision, f"{ended}__gte": engagement_period})
    return condition


class OfficialQuerySet(SourcedQuerySet):
    def with_public_parts(self):
        return self.sourced().prefetch_related(
            Prefetch(
                "positions",
                Position.objects.select_related("organization"),
                to_attr="public_positions",
            ),
            Prefetch(
                "engagements",
                Engagement.objects.published(),
                to_attr="public_engagements",
            ),
            Prefetch(
                "signed_agreements",
                Agreement.objects.published(),
                to_attr="public_signed_agreements",
            ),
        )


class Official(Translatable, SluggedRecord):
    """A person who acts for one side; what they were when is kept in Positions."""

    representation_serializer = "diplomacy.serializers.OfficialSerializer"

    name = TranslatedField(models.CharField(_("name"), max_length=200, help_text=_("In English.")))
    country = CountryField(_("country"))
    sources = models.ManyToManyField(Source, blank=True, verbose_name=_("sources"))

    objects = RecordManager.from_queryset(OfficialQuerySet)()

    class Meta(SluggedRecord.Meta):
        ordering = ["name"]
        verbose_name = _("official")
        verbose_name_plural = _("officials")
        constraints = [
            *SluggedRecord.Meta.constraints,
            models.CheckConstraint(
                condition=Q(country__in=COUNTRY_CODES),
                name="diplomacy_official_country_iso3166",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("diplomacy:official-detail", kwargs={"slug": self.slug})

    def engagement_roles(self):
        """Its part (role, capacity) in each published engagement, the latest first."""
        return (
            self.participations.filter(engagement__publication=Publication.PUBLISHED)
            .select_related("engagement")
            .order_by("-engagement__started_on")
        )


class Position(RecordPart, PartialDatesMixin, Translatable, models.Model):
    """An office an official held; either end may be unknown when the sources are silent."""

    part_of = "official"
    partial_dates = ("started_on", "ended_on")
    ordered_dates = (("started_on", "ended_on"),)

    official = models.ForeignKey(
        Official, on_delete=models.CASCADE, related_name="positions", verbose_name=_("official")
    )
    title = TranslatedField(models.CharField(_("title"), max_length=200))
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="positions",
        verbose_name=_("organization"),
    )
    started_on = models.DateField(_("from"), null=True, blank=True)
    started_on_precision = precision_field(_("precision of 'from'"))
    ended_on = models.DateField(_("to"), null=True, blank=True)
    ended_on_precision = precision_field(_("precision of 'to'"))
    sources = models.ManyToManyField(Source, blank=True, verbose_name=_("sources"))

    class Meta:
        ordering = ["official", "started_on"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [
            *partial_date_constraints("diplomacy_position", "started_on"),
            *partial_date_constraints("diplomacy_position", "ended_on"),
            ordered_dates_constraint("diplomacy_position", "started_on", "ended_on"),
        ]

    def __str__(self):
        return f"{self.official}, {self.title}"

    def clean(self):
        self.clean_partial_dates()


class EngagementKind(models.TextChoices):
    STATE_VISIT = "state_visit", _("State visit")
    OFFICIAL_VISIT = "official_visit", _("Official visit")
    VISIT = "visit", _("Visit")
    SUMMIT = "summit", _("Summit")
    MINISTERIAL = "ministerial", _("Ministerial meeting")
    MEETING = "meeting", _("Meeting")
    NEGOTIATION = "negotiation", _("Negotiation round")
    FORUM = "forum", _("Forum")
    CEREMONY = "ceremony", _("Ceremony")
    DIPLOMATIC_ACT = "diplomatic_act", _("Diplomatic act")


class EngagementQuerySet(SourcedQuerySet):
    def with_public_parts(self):
        return self.sourced().prefetch_related(
            Prefetch(
                "participations",
                EngagementParticipant.objects.filter(
                    official__publication=Publication.PUBLISHED
                ).select_related("official"),
                to_attr="public_participations",
            ),
            Prefetch("agreements", Agreement.objects.published(), to_attr="public_agreements"),
            Prefetch("projects", related_published(self, "projects"), to_attr="public_projects"),
        )


class Engagement(PartialDatesMixin, Translatable, SluggedRecord):
    """A visit, meeting, summit or forum round between the two sides."""

    representation_serializer = "diplomacy.serializers.EngagementSerializer"

    partial_dates = ("started_on", "ended_on")
    ordered_dates = (("started_on", "ended_on"),)

    Kind = EngagementKind

    title = TranslatedField(models.CharField(_("title"), max_length=250))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    is_virtual = models.BooleanField(_("held by video"), default=False)
    started_on = models.DateField(_("start"))
    started_on_precision = precision_field(_("precision of start"))
    ended_on = models.DateField(_("end"), null=True, blank=True)
    ended_on_precision = precision_field(_("precision of end"))
    place = TranslatedField(models.CharField(_("place"), max_length=120, blank=True))
    country = CountryField(_("host country"), blank=True)
    summary = TranslatedField(models.TextField(_("summary"), blank=True))
    outcomes = TranslatedField(models.TextField(_("outcomes"), blank=True))
    participants = models.ManyToManyField(
        Official,
        through="EngagementParticipant",
        related_name="engagements",
        verbose_name=_("participants"),
    )
    sources = models.ManyToManyField(Source, blank=True, verbose_name=_("sources"))

    objects = RecordManager.from_queryset(EngagementQuerySet)()

    class Meta(SluggedRecord.Meta):
        ordering = ["-started_on"]
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        constraints = [
            *SluggedRecord.Meta.constraints,
            *partial_date_constraints("diplomacy_engagement", "started_on"),
            *partial_date_constraints("diplomacy_engagement", "ended_on"),
            ordered_dates_constraint("diplomacy_engagement", "started_on", "ended_on"),
            models.CheckConstraint(
                condition=Q(kind__in=EngagementKind.values), name="diplomacy_engagement_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(country="") | Q(country__in=COUNTRY_CODES),
                name="diplomacy_engagement_country_iso3166",
            ),
        ]
        indexes = [
            # The timeline and "latest engagements" read published engagements by date.
            models.Index(
                fields=["-started_on"],
                name="diplomacy_engagement_public",
                condition=Q(publication="published"),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.display_date('started_on')})"

    def link_name(self):
        return self.title  # str() dates it in the reader's language

    def get_absolute_url(self):
        return reverse("diplomacy:engagement-detail", kwargs={"slug": self.slug})

    def clean(self):
        self.clean_partial_dates()


class ParticipantRole(models.TextChoices):
    HEAD = "head", _("Head of delegation")
    HOST = "host", _("Host")
    COUNTERPART = "counterpart", _("Counterpart")
    DELEGATE = "delegate", _("Member of delegation")
    ATTENDEE = "attendee", _("Attendee")


class EngagementParticipant(RecordPart, Translatable, models.Model):
    part_of = "engagement"
    Role = ParticipantRole

    engagement = models.ForeignKey(
        Engagement,
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("engagement"),
    )
    official = models.ForeignKey(
        Official,
        on_delete=models.PROTECT,
        related_name="participations",
        verbose_name=_("official"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role)
    capacity = TranslatedField(
        models.CharField(
            _("in the capacity of"),
            max_length=200,
            blank=True,
            help_text=_("E.g. Foreign Minister."),
        )
    )

    class Meta:
        ordering = ["engagement", "role", "official"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "official"],
                name="diplomacy_engagementparticipant_once",
                violation_error_message=_("This official already takes part in the engagement."),
            ),
            models.CheckConstraint(
                condition=Q(role__in=ParticipantRole.values),
                name="diplomacy_engagementparticipant_role_valid",
            ),
        ]

    def __str__(self):
        return f"{self.official} — {self.get_role_display()}"


class AgreementKind(models.TextChoices):
    DECLARATION = "declaration", _("Declaration")
    JOINT_DECLARATION = "joint_declaration", _("Joint declaration")
    AGREEMENT = "agreement", _("Intergovernmental agreement")
    MOU = "mou", _("Memorandum of understanding")
    TRADE_AGREEMENT = "trade_agreement", _("Trade agreement")
    LOAN = "loan", _("Loan agreement")
    CONTRACT = "contract", _("Commercial contract")
    PACKAGE = "package", _("Package of documents")


class AgreementStatus(models.TextChoices):
    NEGOTIATION = "negotiation", _("Under negotiation")
    SIGNED = "signed", _("Signed")
    IN_FORCE = "in_force", _("In force")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")


class AgreementQuerySet(SourcedQuerySet):
    def with_public_parts(self):
        return (
            self.sourced()
            .select_related("value_currency", "engagement")
            .prefetch_related(
                Prefetch(
                    "signings",
                    AgreementSignatory.objects.filter(
                        official__publication=Publication.PUBLISHED
                    ).select_related("official", "on_behalf_of"),
                    to_attr="public_signings",
                ),
                Prefetch("parties", Organization.objects.published(), to_attr="public_parties"),
                Prefetch(
                    "projects", related_published(self, "projects"), to_attr="public_projects"
                ),
            )
        )


class Agreement(PartialDatesMixin, Translatable, SluggedRecord):
    partial_dates = ("negotiation_started_on", "signed_on", "entered_into_force_on", "expires_on")
    ordered_dates = (
        ("negotiation_started_on", "signed_on"),
        ("signed_on", "entered_into_force_on"),
        ("entered_into_force_on", "expires_on"),
        ("signed_on", "expires_on"),
    )

    Kind = AgreementKind
    Status = AgreementStatus
    representation_serializer = "diplomacy.serializers.AgreementSerializer"

    title = TranslatedField(models.CharField(_("title"), max_length=300))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    status = models.CharField(_("status"), max_length=20, choices=Status)
    summary = TranslatedField(models.TextField(_("summary"), blank=True))
    negotiation_started_on = models.DateField(_("negotiations started"), null=True, blank=True)
    negotiation_started_on_precision = precision_field(_("precision of negotiation start"))
    signed_on = models.DateField(_("signed"), null=True, blank=True)
    signed_on_precision = precision_field(_("precision of signature date"))
    entered_into_force_on = models.DateField(_("entered into force"), null=True, blank=True)
    entered_into_force_on_precision = precision_field(_("precision of entry into force"))
    expires_on = models.DateField(_("expires"), null=True, blank=True)
    expires_on_precision = precision_field(_("precision of expiry"))
    place = TranslatedField(models.CharField(_("place of signature"), max_length=120, blank=True))
    value = amount_field(_("value"))
    value_currency = models.ForeignKey(
        Currency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("currency"),
    )
    document_count = models.PositiveIntegerField(
        _("number of documents"),
        null=True,
        blank=True,
        help_text=_("For a package: how many documents were signed together."),
    )
    engagement = models.ForeignKey(
        Engagement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("signed during"),
    )
    parties = models.ManyToManyField(
        Organization, blank=True, related_name="agreements", verbose_name=_("parties")
    )
    signatories = models.ManyToManyField(
        Official,
        through="AgreementSignatory",
        related_name="signed_agreements",
        verbose_name=_("signatories"),
    )
    sources = models.ManyToManyField(Source, blank=True, verbose_name=_("sources"))

    objects = RecordManager.from_queryset(AgreementQuerySet)()

    class Meta(SluggedRecord.Meta):
        ordering = ["-signed_on", "title"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            *SluggedRecord.Meta.constraints,
            *partial_date_constraints("diplomacy_agreement", "negotiation_started_on"),
            *partial_date_constraints("diplomacy_agreement", "signed_on"),
            *partial_date_constraints("diplomacy_agreement", "entered_into_force_on"),
            *partial_date_constraints("diplomacy_agreement", "expires_on"),
            ordered_dates_constraint("diplomacy_agreement", "negotiation_started_on", "signed_on"),
            ordered_dates_constraint("diplomacy_agreement", "signed_on", "entered_into_force_on"),
            ordered_dates_constraint("diplomacy_agreement", "entered_into_force_on", "expires_on"),
            ordered_dates_constraint("diplomacy_agreement", "signed_on", "expires_on"),
            *money_constraints("diplomacy_agreement", "value", "value_currency"),
            models.CheckConstraint(
                condition=Q(kind__in=AgreementKind.values), name="diplomacy_agreement_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=AgreementStatus.values),
                name="diplomacy_agreement_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="negotiation") | Q(signed_on__isnull=False),
                name="diplomacy_agreement_signed_has_date",
                violation_error_message="A signed agreement needs its date of signature.",
            ),
            models.CheckConstraint(
                condition=Q(document_count__isnull=True) | Q(document_count__gte=1),
                name="diplomacy_agreement_document_count_positive",
            ),
        ]
        indexes = [
            # The reminder scan looks for agreements in force that expire soon.
            models.Index(
                fields=["expires_on"],
                name="diplomacy_agreement_expiring",
                condition=Q(status="in_force", expires_on__isnull=False),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("diplomacy:agreement-detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = clean_money(self, "value", "value_currency")
        if self.status != self.Status.NEGOTIATION and not self.signed_on:
            errors["signed_on"] = _("A signed agreement needs its date of signature.")
        if self.status == self.Status.NEGOTIATION and self.entered_into_force_on:
            errors["status"] = _("An agreement in force is no longer under negotiation.")
        try:
            self.clean_partial_dates()
        except ValidationError as error:
            errors = {**error.message_dict, **errors}
        if errors:
            raise ValidationError(errors)


class AgreementSignatory(RecordPart, models.Model):
    part_of = "agreement"

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="signings",
        verbose_name=_("agreement"),
    )
    official = models.ForeignKey(
        Official, on_delete=models.PROTECT, related_name="signings", verbose_name=_("official")
    )
    on_behalf_of = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("on behalf of"),
    )

    class Meta:
        ordering = ["agreement", "official"]
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "official"],
                name="diplomacy_agreementsignatory_once",
                violation_error_message=_("This official already signs the agreement."),
            ),
        ]

    def __str__(self):
        return f"{self.official} — {self.agreement}"


class OrganizationFact(models.TextChoices):
    NAME = "name", _("Name")
    ACRONYM = "acronym", _("Acronym")
    COUNTRY = "country", _("Country")
    KIND = "kind", _("Kind")


class OrganizationCitation(RecordPart, Citation):
    part_of = "organization"
    Fact = OrganizationFact

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="citations",
        verbose_name=_("organization"),
    )
    fact = fact_field(OrganizationFact)

    class Meta(Citation.Meta):
        ordering = ["organization", "pk"]
        constraints = citation_constraints("diplomacy_organizationcitation", OrganizationFact)


class OfficialFact(models.TextChoices):
    NAME = "name", _("Name")
    COUNTRY = "country", _("Country")
    POSITIONS = "positions", _("Positions")


class OfficialCitation(RecordPart, Citation):
    part_of = "official"
    Fact = OfficialFact

    official = models.ForeignKey(
        Official, on_delete=models.CASCADE, related_name="citations", verbose_name=_("official")
    )
    fact = fact_field(OfficialFact)

    class Meta(Citation.Meta):
        ordering = ["official", "pk"]
        constraints = citation_constraints("diplomacy_officialcitation", OfficialFact)


class EngagementFact(models.TextChoices):
    SUMMARY = "summary", _("Summary")
    KIND = "kind", _("Kind")
    STARTED_ON = "started_on", _("Start")
    ENDED_ON = "ended_on", _("End")
    PLACE = "place", _("Place")
    PARTICIPANTS = "participants", _("Participants")
    OUTCOMES = "outcomes", _("Outcomes")


class EngagementCitation(RecordPart, Citation):
    part_of = "engagement"
    Fact = EngagementFact

    engagement = models.ForeignKey(
        Engagement,
        on_delete=models.CASCADE,
        related_name="citations",
        verbose_name=_("engagement"),
    )
    fact = fact_field(EngagementFact)

    class Meta(Citation.Meta):
        ordering = ["engagement", "pk"]
        constraints = citation_constraints("diplomacy_engagementcitation", EngagementFact)


class AgreementFact(models.TextChoices):
    SUMMARY = "summary", _("Summary")
    KIND = "kind", _("Kind")
    STATUS = "status", _("Status")
    NEGOTIATION_STARTED_ON = "negotiation_started_on", _("Negotiations started")
    SIGNED_ON = "signed_on", _("Signed")
    ENTERED_INTO_FORCE_ON = "entered_into_force_on", _("Entered into force")
    EXPIRES_ON = "expires_on", _("Expires")
    PLACE = "place", _("Place of signature")
    VALUE = "value", _("Value")
    DOCUMENT_COUNT = "document_count", _("Documents signed together")
    ENGAGEMENT = "engagement", _("Signed during")
    PARTIES = "parties", _("Parties")
    SIGNATORIES = "signatories", _("Signatories")


class AgreementCitation(RecordPart, Citation):
    part_of = "agreement"
    Fact = AgreementFact

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="citations", verbose_name=_("agreement")
    )
    fact = fact_field(AgreementFact)

    class Meta(Citation.Meta):
        ordering = ["agreement", "pk"]
        constraints = citation_constraints("diplomacy_agreementcitation", AgreementFact)


# Control characters are refused by the database too, in every text column (kruz.text).
guard_text(
    Source,
    Organization,
    Official,
    Position,
    Engagement,
    EngagementParticipant,
    Agreement,
    AgreementSignatory,
    OrganizationCitation,
    OfficialCitation,
    EngagementCitation,
    AgreementCitation,
)

# Every change to every model is kept, with who made it and when (django-simple-history;
# docs/readme/admin.md says why). The admin's History page reads these tables.
for _model in (
    Currency,
    Position,
    EngagementParticipant,
    AgreementSignatory,
    OrganizationCitation,
    OfficialCitation,
    EngagementCitation,
    AgreementCitation,
):
    register_history(_model)
# The public digest is derived from the rest, and kept with no author.
for _model in (Source, Organization, Official, Engagement, Agreement):
    register_history(_model, excluded_fields=["public_digest"])
