import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connections, models
from django.db.models import (
    Count,
    Exists,
    F,
    Func,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history import register as register_history

from diplomacy.models import (
    Agreement,
    Citation,
    Currency,
    Engagement,
    Organization,
    Source,
    citation_constraints,
    fact_field,
)
from kruz.lookups import AnyOfSubquery
from kruz.money import amount_field, clean_money, money_constraints
from kruz.records import (
    DatePrecision,
    PartialDatesMixin,
    Publication,
    Record,
    RecordManager,
    RecordPart,
    RecordQuerySet,
    SluggedRecord,
    format_partial_date,
    ordered_dates_constraint,
    partial_date_constraints,
    period_end,
    period_passed,
    precision_field,
)
from kruz.search import contains_any_spelling, needs_substring_match, prefix_tsquery
from kruz.text import guard_text
from kruz.translation import (
    Translatable,
    TranslatedField,
    in_reader_language,
    translated_names,
    translation_languages,
)
from projects.codelists import is_active_finance_type, is_organisation_identifier

# A point must fall inside Uzbekistan's bounding box; it catches swapped or mistyped
# coordinates without needing the border itself.
LATITUDE_RANGE = (Decimal("37.1"), Decimal("45.6"))
LONGITUDE_RANGE = (Decimal("55.9"), Decimal("73.2"))


class SectorQuerySet(models.QuerySet):
    def in_use(self):
        """The sectors of published projects, each with how many (project_count)."""
        published = Q(projects__publication=Publication.PUBLISHED)
        counted = self.annotate(project_count=Count("projects", filter=published, distinct=True))
        return counted.filter(project_count__gt=0)


class Sector(Translatable, models.Model):
    """An OECD-DAC 5-digit purpose code, from the IATI Sector codelist."""

    code = models.PositiveIntegerField(_("DAC code"), primary_key=True)
    name = TranslatedField(models.CharField(_("name"), max_length=200))
    category = models.PositiveIntegerField(_("DAC category"))
    # Serves ?updated_since= syncs of the sector list, like Record.updated_at.
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    objects = SectorQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__gte=10000, code__lte=99999), name="projects_sector_code_5_digits"
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def save(self, *args, **kwargs):
        """A renamed sector changes what the projects in it show."""
        super().save(*args, **kwargs)
        for project in Project.objects.filter(sector_shares__sector=self).distinct():
            project.refresh_public_state()


class Region(models.TextChoices):
    """Uzbekistan's twelve regions, the Republic of Karakalpakstan and Tashkent city,
    by their ISO 3166-2:UZ codes."""

    ANDIJAN = "UZ-AN", _("Andijan")
    BUKHARA = "UZ-BU", _("Bukhara")
    FERGANA = "UZ-FA", _("Fergana")
    JIZZAKH = "UZ-JI", _("Jizzakh")
    KARAKALPAKSTAN = "UZ-QR", _("Karakalpakstan")
    KASHKADARYA = "UZ-QA", _("Kashkadarya")
    KHOREZM = "UZ-XO", _("Khorezm")
    NAMANGAN = "UZ-NG", _("Namangan")
    NAVOIY = "UZ-NW", _("Navoiy")
    SAMARKAND = "UZ-SA", _("Samarkand")
    SURKHANDARYA = "UZ-SU", _("Surkhandarya")
    SYRDARYA = "UZ-SI", _("Syrdarya")
    TASHKENT_REGION = "UZ-TO", _("Tashkent Region")
    TASHKENT_CITY = "UZ-TK", _("Tashkent")


class ActivityStatus(models.IntegerChoices):
    """The IATI ActivityStatus codelist."""

    PIPELINE = 1, _("Pipeline/identification")
    IMPLEMENTATION = 2, _("Implementation")
    FINALISATION = 3, _("Finalisation")
    CLOSED = 4, _("Closed")
    CANCELLED = 5, _("Cancelled")
    SUSPENDED = 6, _("Suspended")


class ProjectKind(models.TextChoices):
    DEVELOPMENT = "development", _("Development cooperation")
    INVESTMENT = "investment", _("Investment")
    COMMERCIAL = "commercial", _("Commercial contract")
    PPP = "ppp", _("Public-private partnership")
    EXCHANGE = "exchange", _("Cultural and educational exchange")


SEARCHED_FIELDS = ("title", "summary", "description")


def search_vector():
    """Every searched field in every language, in the 'simple' configuration (no
    stemming: the record mixes four languages). Migration 0004 indexes this expression."""
    return SearchVector(*translated_names(*SEARCHED_FIELDS), config="simple")


class ProjectQuerySet(RecordQuerySet):
    def in_sector(self, sector_code):
        return self.filter(
            Exists(ProjectSector.objects.filter(project=OuterRef("pk"), sector=sector_code))
        )

    def funded_by(self, organization_slug):
        return self.filter(
            Exists(Funding.objects.filter(project=OuterRef("pk"), funder__slug=organization_slug))
        )

    def with_instrument(self, instrument):
        return self.filter(
            Exists(Funding.objects.filter(project=OuterRef("pk"), instrument=instrument))
        )

    def active_in_year(self, year):
        """Projects whose span (actual dates where known, else planned) touches the year."""
        starts = Coalesce("actual_start", "planned_start")
        ends = Coalesce("actual_end", "planned_end")
        return self.alias(starts=starts, ends=ends).filter(
            Q(starts__isnull=False) | Q(ends__isnull=False),
            Q(starts__isnull=True) | Q(starts__lte=datetime.date(year, 12, 31)),
            Q(ends__isnull=True) | Q(ends__gte=datetime.date(year, 1, 1)),
        )

    def search(self, text):
        """Projects whose title, summary or description, in any language, has every word
        of the text in one of its spellings (kruz.search). On PostgreSQL a prefix
        full-text match on SEARCH_VECTOR, which the projects_project_search index serves;
        elsewhere, and for Korean words (found inside compounds), a plain `contains` on
        each field."""
        if connections[self.db].vendor != "postgresql" or needs_substring_match(text):
            return self.filter(contains_any_spelling(SEARCHED_FIELDS, text))
        query = prefix_tsquery(text)
        if query is None:
            return self
        matches = self.model._base_manager.alias(document=search_vector()).filter(
            document=SearchQuery(query, search_type="raw", config="simple")
        )
        # Matched first, then filtered and ordered: as a plain condition, PostgreSQL would
        # rather walk the title index and compute each row's text vector (seconds at 100k).
        return self.filter(AnyOfSubquery("pk", matches.order_by().values("pk")))

    def budget_totals(self):
        """{"totals": [(currency, total, projects)], "undisclosed": projects without a
        budget}, in one query: budgets in different currencies never add up, and a budget
        has a currency exactly when it has an amount (money_constraints)."""
        rows = (
            self.order_by()
            .values("budget_currency")
            .annotate(total=Sum("budget"), count=Count("pk"))
            .order_by("budget_currency")
        )
        totals = [(row["budget_currency"], row["total"], row["count"]) for row in rows]
        return {
            "totals": [total for total in totals if total[0] is not None],
            "undisclosed": sum(count for currency, _total, count in totals if currency is None),
        }

    def count_by(self, field):
        """{value: number of projects}, e.g. by "status" or "region", in one query."""
        rows = self.order_by().values(field).annotate(count=Count("pk"))
        return {row[field]: row["count"] for row in rows}

    def with_public_parts(self):
        """What the public may see of each project's parts (public_…): funding and
        participants whose organization is published, public reports, published agreements,
        engagements and sources, and citations of published sources."""
        published = Publication.PUBLISHED
        return self.select_related("budget_currency").prefetch_related(
            Prefetch(
                "sector_shares",
                ProjectSector.objects.select_related("sector"),
                to_attr="public_sector_shares",
            ),
            Prefetch(
                "fundings",
                Funding.objects.filter(funder__publication=published).select_related(
                    "funder", "currency"
                ),
                to_attr="public_fundings",
            ),
            Prefetch(
                "participants",
                ParticipatingOrganization.objects.filter(
                    organization__publication=published
                ).select_related("organization"),
                to_attr="public_participants",
            ),
            Prefetch("milestones", to_attr="public_milestones"),
            Prefetch("reports", StatusReport.objects.visible(), to_attr="public_reports"),
            Prefetch("agreements", Agreement.objects.published(), to_attr="public_agreements"),
            Prefetch("engagements", Engagement.objects.published(), to_attr="public_engagements"),
            Prefetch("sources", Source.objects.published(), to_attr="public_sources"),
            Prefetch(
                "citations",
                ProjectCitation.objects.filter(source__publication=published).select_related(
                    "source"
                ),
                to_attr="public_citations",
            ),
        )

    def with_iati_parts(self):
        """What Project.iati_gaps() reads, as the public sees it: sector shares, and the
        funding and participants whose organization is published."""
        published = Publication.PUBLISHED
        return self.prefetch_related(
            Prefetch("sector_shares", ProjectSector.objects.all(), to_attr="public_sector_shares"),
            Prefetch(
                "fundings",
                Funding.objects.filter(funder__publication=published).select_related("funder"),
                to_attr="public_fundings",
            ),
            Prefetch(
                "participants",
                ParticipatingOrganization.objects.filter(
                    organization__publication=published
                ).select_related("organization"),
                to_attr="public_participants",
            ),
        )

    def iati_ready(self, today=None):
        """Projects the IATI activity file holds: those whose iati_gaps() is empty, found
        by the database (for lists and counts; tests hold the two to the same answer)."""
        return self.exclude(self._iati_gap(today))

    def iati_not_ready(self, today=None):
        return self.filter(self._iati_gap(today))

    def _iati_gap(self, today):
        today = today or timezone.localdate()
        published = Publication.PUBLISHED
        shares = ProjectSector.objects.filter(project=OuterRef("pk"))
        share_total = shares.order_by().values("project").annotate(total=Sum("percentage"))
        participant = ParticipatingOrganization.objects.filter(
            project=OuterRef("pk"), organization__publication=published
        )
        funder = Funding.objects.filter(project=OuterRef("pk"), funder__publication=published)
        return (
            ~Q(publication=published)
            | Q(planned_start__isnull=True, actual_start__isnull=True)
            | (~Q(Exists(participant)) & ~Q(Exists(funder)))
            | ~Q(Exists(shares))
            | ~Q(Exists(share_total.filter(total=100)))
            | Q(actual_start__gt=today)
            | Q(actual_end__gt=today)
        )

    def assign_iati_identifiers(self):
        """Give each published project without one its IATI identifier (after a raw load,
        which bypasses save())."""
        for project in self.published().filter(iati_identifier=""):
            project.assign_iati_identifier()

    def with_sector_codes(self):
        """For lists: each project's sector shares (public_sector_shares), largest first."""
        return self.prefetch_related(
            Prefetch("sector_shares", ProjectSector.objects.all(), to_attr="public_sector_shares")
        )

    def remindable(self, day):
        """Projects in implementation whose reminders are not snoozed on the day."""
        return self.filter(status=ActivityStatus.IMPLEMENTATION).filter(
            Q(reminders_snoozed_until__isnull=True) | Q(reminders_snoozed_until__lt=day)
        )

    def store_next_report_due_on(self):
        """Store each project's next_report_due_on, in one UPDATE."""
        return self.update(next_report_due_on=next_report_due_on())


def add_year(day):
    """The same day a year later (28 February for 29 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def next_report_due_on():
    """A project's next status report date, as a database expression: its latest report
    (or else its start) plus its reporting interval; None when it has neither."""
    latest_report = StatusReport.objects.filter(project=OuterRef("pk")).order_by("-reported_on")
    counted_from = Coalesce(
        Subquery(latest_report.values("reported_on")[:1]), "actual_start", "planned_start"
    )
    return AddDays(counted_from, "reporting_interval_days")


class AddDays(Func):
    """date + a whole number of days, computed by the database (PostgreSQL or SQLite)."""

    arg_joiner = " + "
    template = "(%(expressions)s)"
    output_field = models.DateField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="date(%(expressions)s || ' days')",
            arg_joiner=", '+' || ",
            **extra_context,
        )


class ProjectManager(RecordManager.from_queryset(ProjectQuerySet)):
    pass


class Project(PartialDatesMixin, Translatable, SluggedRecord):
    representation_serializer = "projects.serializers.ProjectSerializer"
    partial_dates = ("planned_start", "planned_end", "actual_start", "actual_end")
    ordered_dates = (("planned_start", "planned_end"), ("actual_start", "actual_end"))

    Status = ActivityStatus
    Kind = ProjectKind

    title = TranslatedField(models.CharField(_("title"), max_length=250))
    summary = TranslatedField(models.TextField(_("summary"), max_length=600))
    description = TranslatedField(models.TextField(_("description"), blank=True))
    kind = models.CharField(_("kind"), max_length=20, choices=ProjectKind)
    status = models.PositiveSmallIntegerField(_("status"), choices=ActivityStatus)
    sectors = models.ManyToManyField(
        Sector, through="ProjectSector", related_name="projects", verbose_name=_("sectors")
    )
    region = models.CharField(
        _("region"),
        max_length=5,
        choices=Region,
        blank=True,
        help_text=_("Empty when the project is nationwide or spans several regions."),
    )
    location = TranslatedField(models.CharField(_("location"), max_length=200, blank=True))
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_start_precision = precision_field(_("precision of planned start"))
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    planned_end_precision = precision_field(_("precision of planned end"))
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_start_precision = precision_field(_("precision of actual start"))
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    actual_end_precision = precision_field(_("precision of actual end"))
    budget = amount_field(_("total budget"))
    budget_currency = models.ForeignKey(
        Currency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("budget currency"),
    )
    agreements = models.ManyToManyField(
        Agreement, blank=True, related_name="projects", verbose_name=_("agreements implemented")
    )
    engagements = models.ManyToManyField(
        Engagement, blank=True, related_name="projects", verbose_name=_("related engagements")
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responsible_for",
        verbose_name=_("responsible staff member"),
    )
    reporting_interval_days = models.PositiveSmallIntegerField(
        _("status report due every (days)"),
        default=90,
        validators=[MinValueValidator(7), MaxValueValidator(366)],
    )
    sources = models.ManyToManyField(Source, blank=True, verbose_name=_("sources"))
    reminders_snoozed_until = models.DateField(
        _("reminders snoozed until"),
        null=True,
        blank=True,
        help_text=_("No reminders about this project are sent up to and including this day."),
    )
    # Derived, and stored so that the daily scan reads only what is due off an index: kept
    # by every save of the project and every change to its status reports
    # (_store_next_report_due_on).
    next_report_due_on = models.DateField(
        _("next status report due"), null=True, blank=True, editable=False
    )

    # Set once, when the project is first published (assign_iati_identifier): a rename
    # must not change the identity under which the IATI file has reported it.
    iati_identifier = models.CharField(
        _("IATI activity identifier"), max_length=150, blank=True, editable=False
    )

    objects = ProjectManager()

    class Meta(SluggedRecord.Meta):
        ordering = ["title"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            *Record.Meta.constraints,
            *partial_date_constraints("projects_project", "planned_start"),
            *partial_date_constraints("projects_project", "planned_end"),
            *partial_date_constraints("projects_project", "actual_start"),
            *partial_date_constraints("projects_project", "actual_end"),
            ordered_dates_constraint("projects_project", "planned_start", "planned_end"),
            ordered_dates_constraint("projects_project", "actual_start", "actual_end"),
            *money_constraints("projects_project", "budget", "budget_currency"),
            models.CheckConstraint(
                condition=Q(status__in=ActivityStatus.values), name="projects_project_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ProjectKind.values), name="projects_project_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(region="") | Q(region__in=Region.values),
                name="projects_project_region_valid",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__isnull=False,
                    longitude__isnull=False,
                    latitude__gte=LATITUDE_RANGE[0],
                    latitude__lte=LATITUDE_RANGE[1],
                    longitude__gte=LONGITUDE_RANGE[0],
                    longitude__lte=LONGITUDE_RANGE[1],
                ),
                name="projects_project_point_in_uzbekistan",
                violation_error_message="The point must lie in Uzbekistan, with both coordinates.",
            ),
            models.CheckConstraint(
                condition=Q(reporting_interval_days__gte=7, reporting_interval_days__lte=366),
                name="projects_project_reporting_interval_range",
            ),
            models.UniqueConstraint(
                fields=["iati_identifier"],
                condition=~Q(iati_identifier=""),
                name="projects_project_iati_identifier_once",
            ),
        ]
        indexes = [
            # Lists are in title order: their pages read off these indexes instead of sorting
            # every project, and the public lists' bounded counts read only the second.
            # Search keeps to its own index (see search()).
            models.Index(fields=["title", "id"], name="projects_project_title"),
            models.Index(
                fields=["title", "id"],
                name="projects_project_published",
                condition=Q(publication=Publication.PUBLISHED),
            ),
            # The same order in each other language: the title as the reader reads it.
            *(
                models.Index(
                    in_reader_language("title", language),
                    F("id"),
                    name=f"projects_project_published_{language}",
                    condition=Q(publication=Publication.PUBLISHED),
                )
                for language in translation_languages()
            ),
            # The map's links list a region's projects, often by status too.
            models.Index(
                fields=["region", "status", "title", "id"],
                name="projects_project_in_region",
                condition=Q(publication=Publication.PUBLISHED),
            ),
            # The span of years a project is active in (active_in_year, the admin's years).
            models.Index(Coalesce("actual_start", "planned_start"), name="projects_project_starts"),
            models.Index(Coalesce("actual_end", "planned_end"), name="projects_project_ends"),
            # The reminder scan reads projects in implementation (reports due, past their end).
            models.Index(
                fields=["planned_end"],
                name="projects_project_running",
                condition=Q(status=ActivityStatus.IMPLEMENTATION),
            ),
            # Reports owed by projects in implementation (the reminder scan) or finalisation
            # (the staff dashboard too). Not null in the condition: so that no other query of
            # running projects takes it for a cheap scan of them all.
            models.Index(
                fields=["next_report_due_on"],
                name="projects_project_report_due",
                condition=Q(
                    status__in=[ActivityStatus.IMPLEMENTATION, ActivityStatus.FINALISATION],
                    next_report_due_on__isnull=False,
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        changes = self._public_changes()
        super().save(*args, **kwargs)
        ProjectChange.objects.bulk_create(changes)
        if self.is_published and not self.iati_identifier:
            self.assign_iati_identifier()

    def assign_iati_identifier(self):
        self.iati_identifier = self.new_iati_identifier()
        type(self)._base_manager.filter(pk=self.pk, iati_identifier="").update(
            iati_identifier=self.iati_identifier
        )

    def new_iati_identifier(self):
        """The reporting organisation's identifier and the slug; a slug that another
        project was once reported under (before its rename) gets the row's number too."""
        identifier = f"{settings.IATI_REPORTING_ORG_REF}-{self.slug}"
        taken = type(self)._base_manager.filter(iati_identifier=identifier).exclude(pk=self.pk)
        if taken.exists():
            identifier = f"{identifier}-{self.pk}"
        return identifier

    # What a report's due date is counted from (next_report_due_on), for its label.
    REPORT_DUE_FIELDS = (
        "actual_start",
        "actual_start_precision",
        "planned_start",
        "planned_start_precision",
        "reporting_interval_days",
    )

    def report_due_label(self, due_on):
        """A status report falls due reporting_interval_days after the latest report or,
        before the first, after the start. Counted from a start known only to the month or
        the year, its day would be invented: the label then says how it is counted."""
        if self.actual_start is not None:
            start, precision = self.actual_start, self.actual_start_precision
        else:
            start, precision = self.planned_start, self.planned_start_precision
        interval = self.reporting_interval_days
        counted_from_start = (
            start is not None
            and interval is not None
            and start + datetime.timedelta(days=interval) == due_on
        )
        if counted_from_start and precision != DatePrecision.DAY:
            return gettext("%(days)d days after the start (%(start)s)") % {
                "days": interval,
                "start": format_partial_date(start, precision),
            }
        return format_partial_date(due_on, DatePrecision.DAY)

    def iati_gaps(self):
        """What IATI still needs before the project can be in the activity file; empty
        when it is there. Reads the public parts (with_iati_parts or with_public_parts):
        what the file would show."""
        gaps = []
        if not self.is_published:
            gaps.append(_("publication: only published projects are in the file"))
        if not (self.planned_start or self.actual_start):
            gaps.append(_("a start date, planned or actual"))
        if not self.iati_participants():
            gaps.append(_("a participating organisation or a funder"))
        if not self.public_sector_shares:
            gaps.append(_("a DAC sector"))
        elif sum(share.percentage for share in self.public_sector_shares) != 100:
            gaps.append(_("sector shares adding up to 100"))
        today = timezone.localdate()
        for field in ("actual_start", "actual_end"):
            if getattr(self, field) and getattr(self, field) > today:
                label = self._meta.get_field(field).verbose_name
                gaps.append(_("%(date)s not in the future") % {"date": label})
        return gaps

    def iati_omissions(self):
        """What the activity file leaves out of a project it holds, and why: IATI has no
        place for it as the record keeps it."""
        omissions = []
        if self.budget is not None and self.iati_budget_period() is None:
            omissions.append(
                _(
                    "the total budget: IATI budgets cover a year at most, and the planned "
                    "dates do not put this one within a year"
                )
            )
        for organization in dict.fromkeys(org for org, _role in self.iati_participants()):
            identifier = organization.iati_identifier
            if identifier and not is_organisation_identifier(identifier):
                omissions.append(
                    _(
                        "the identifier %(identifier)s of %(organization)s: it does not begin "
                        "with a registration agency's prefix from IATI's list"
                    )
                    % {"identifier": identifier, "organization": organization}
                )
        today = timezone.localdate()
        for funding in self.public_fundings:
            reason = funding.iati_commitment_gap(today)
            if reason:
                omissions.append(
                    _("the commitment of %(funder)s: %(reason)s")
                    % {"funder": funding.funder, "reason": reason}
                )
        return omissions

    def iati_participants(self):
        """[(organization, role)]: the recorded participants, then each funder not
        recorded in the funding role."""
        found = [(p.organization, p.role) for p in self.public_participants]
        for funding in self.public_fundings:
            pair = (funding.funder, OrganisationRole.FUNDING)
            if pair not in found:
                found.append(pair)
        return found

    def iati_budget_period(self):
        """(first day, last day) of the planned span when it lasts a year at most: the
        period of an IATI budget; None otherwise."""
        if not (self.planned_start and self.planned_end):
            return None
        first = self.planned_start
        last = period_end(self.planned_end, self.planned_end_precision)
        if last >= add_year(first):
            return None
        return first, last

    @property
    def is_in_iati_file(self):
        return not self.iati_gaps()

    def get_absolute_url(self):
        return reverse("projects:detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = clean_money(self, "budget", "budget_currency")
        errors.update(self._point_errors())
        if self.status == ActivityStatus.CLOSED and not self.actual_end:
            errors.setdefault("actual_end", _("A closed project needs its actual end."))
        try:
            self.clean_partial_dates()
        except ValidationError as error:
            errors = {**error.message_dict, **errors}
        if errors:
            raise ValidationError(errors)

    def _point_errors(self):
        if self.latitude is None and self.longitude is None:
            return {}
        if self.latitude is None or self.longitude is None:
            missing = "latitude" if self.latitude is None else "longitude"
            return {missing: _("Give both coordinates of the point, or neither.")}
        errors = {}
        if not LATITUDE_RANGE[0] <= self.latitude <= LATITUDE_RANGE[1]:
            errors["latitude"] = _("This latitude is outside Uzbekistan (37.1 to 45.6).")
        if not LONGITUDE_RANGE[0] <= self.longitude <= LONGITUDE_RANGE[1]:
            errors["longitude"] = _("This longitude is outside Uzbekistan (55.9 to 73.2).")
        return errors

    def _public_changes(self):
        """The public change log's entries for this save: the fields readers can see that
        differ from the stored row, while the project is published before and after."""
        if self._state.adding or self.pk is None or not self.is_published:
            return []
        stored = (
            type(self)
            ._base_manager.filter(pk=self.pk, publication=Publication.PUBLISHED)
            .values(*ProjectChange.TRACKED_FIELDS)
            .first()
        )
        if stored is None:
            return []
        return [
            ProjectChange(project=self, field=field)
            for field, old_value in stored.items()
            if old_value != getattr(self, self._meta.get_field(field).attname)
        ]

    def funding_totals(self):
        """[(currency code, total)] of the amounts known (needs with_public_parts())."""
        totals = {}
        for funding in self.public_fundings:
            if funding.amount is not None:
                totals[funding.currency_id] = totals.get(funding.currency_id, 0) + funding.amount
        return sorted(totals.items())

    def latest_public_report(self):
        """Needs `public_reports` (ProjectQuerySet.with_public_parts)."""
        return self.public_reports[0] if self.public_reports else None


class ProjectSector(RecordPart, models.Model):
    """A project's share in a DAC sector; a project's shares add up to 100."""

    part_of = "project"

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="sector_shares", verbose_name=_("project")
    )
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, related_name="+", verbose_name=_("sector")
    )
    percentage = models.DecimalField(
        _("percentage"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("100"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
    )

    class Meta:
        ordering = ["project", "-percentage", "sector"]
        verbose_name = _("sector share")
        verbose_name_plural = _("sector shares")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "sector"],
                name="projects_projectsector_once",
                violation_error_message=_("This sector is already listed for the project."),
            ),
            models.CheckConstraint(
                condition=Q(percentage__gt=0, percentage__lte=100),
                name="projects_projectsector_percentage_range",
            ),
        ]

    def __str__(self):
        return f"{self.sector} ({self.percentage:g}%)"


class FinanceType(models.IntegerChoices):
    """The instruments KRUZ records, by their IATI FinanceType code."""

    GRANT = 110, _("Grant")
    AID_LOAN = 410, _("Concessional loan")
    LOAN = 421, _("Loan")
    EXPORT_CREDIT = 453, _("Export credit")
    EQUITY = 510, _("Equity")
    GUARANTEE = 1100, _("Guarantee or insurance")


# IATI withdrew 410 (aid loan) at the end of 2015; its loans are 421 (standard loan) since,
# concessional or not.
IATI_FINANCE_TYPE_SUCCESSORS = {FinanceType.AID_LOAN: 421}


class FundingQuerySet(models.QuerySet):
    def of_published_projects(self):
        return self.filter(project__publication=Publication.PUBLISHED)

    def committed_totals(self, by):
        """Rows of (by, currency, total): amounts in different currencies never add up."""
        return (
            self.filter(amount__isnull=False)
            .order_by()
            .values(by, "currency")
            .annotate(total=Sum("amount"))
            .order_by(by, "currency")
        )

    def undisclosed_counts(self, by):
        """{by: number of commitments whose amount is not disclosed}."""
        rows = self.filter(amount__isnull=True).order_by().values(by).annotate(count=Count("pk"))
        return {row[by]: row["count"] for row in rows}


class Funding(RecordPart, PartialDatesMixin, models.Model):
    """Money committed to a project by one funder with one instrument. The amount may be
    unknown: sources often name the funder and instrument but not the sum."""

    part_of = "project"
    partial_dates = ("committed_on",)
    Instrument = FinanceType

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="fundings", verbose_name=_("project")
    )
    funder = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="fundings", verbose_name=_("funder")
    )
    instrument = models.PositiveSmallIntegerField(_("instrument"), choices=FinanceType)
    amount = amount_field(_("amount"))
    currency = models.ForeignKey(
        Currency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("currency"),
    )
    committed_on = models.DateField(_("committed on"), null=True, blank=True)
    committed_on_precision = precision_field(_("precision of commitment date"))
    editorial_note = models.CharField(
        _("editorial note (staff only)"),
        max_length=300,
        blank=True,
        help_text=_("Never shown to the public."),
    )

    objects = FundingQuerySet.as_manager()

    class Meta:
        ordering = ["project", "committed_on", "pk"]
        verbose_name = _("funding")
        verbose_name_plural = _("funding")
        constraints = [
            *money_constraints("projects_funding", "amount", "currency"),
            *partial_date_constraints("projects_funding", "committed_on"),
            models.CheckConstraint(
                condition=Q(instrument__in=FinanceType.values),
                name="projects_funding_instrument_valid",
            ),
        ]

    def __str__(self):
        return f"{self.funder} — {self.get_instrument_display()}"

    def iati_finance_type(self):
        """The instrument's code in IATI's FinanceType list as it stands; None when IATI
        withdrew it without a successor."""
        code = str(IATI_FINANCE_TYPE_SUCCESSORS.get(self.instrument, self.instrument))
        return code if is_active_finance_type(code) else None

    def iati_commitment_gap(self, today):
        """Why the funding cannot be an IATI commitment transaction; "" when it can."""
        if self.amount is None:
            return _("its amount is not known")
        if self.committed_on is None:
            return _("its date is not known")
        if self.committed_on > today:
            return _("its date is in the future")
        if self.iati_finance_type() is None:
            return _("IATI no longer lists its finance type")
        return ""

    def clean(self):
        errors = clean_money(self, "amount", "currency")
        try:
            self.clean_partial_dates()
        except ValidationError as error:
            errors = {**error.message_dict, **errors}
        if errors:
            raise ValidationError(errors)


class OrganisationRole(models.IntegerChoices):
    """The IATI OrganisationRole codelist."""

    FUNDING = 1, _("Funding")
    ACCOUNTABLE = 2, _("Accountable")
    EXTENDING = 3, _("Extending")
    IMPLEMENTING = 4, _("Implementing")


class ParticipatingOrganization(RecordPart, models.Model):
    part_of = "project"
    Role = OrganisationRole

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="participants", verbose_name=_("project")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="participations",
        verbose_name=_("organization"),
    )
    role = models.PositiveSmallIntegerField(_("role"), choices=OrganisationRole)

    class Meta:
        ordering = ["project", "role", "organization"]
        verbose_name = _("participating organization")
        verbose_name_plural = _("participating organizations")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organization", "role"],
                name="projects_participatingorganization_once",
                violation_error_message=_("This organization already has this role."),
            ),
            models.CheckConstraint(
                condition=Q(role__in=OrganisationRole.values),
                name="projects_participatingorganization_role_valid",
            ),
        ]

    def __str__(self):
        return f"{self.organization} ({self.get_role_display()})"


class MilestoneQuerySet(models.QuerySet):
    def open(self):
        return self.filter(done_on__isnull=True)

    def overdue(self, today):
        """Open milestones whose due period ended before today: one due "in April 2027"
        is overdue from 1 May 2027."""
        return self.open().filter(period_passed("due_on", today))


class Milestone(RecordPart, PartialDatesMixin, Translatable, models.Model):
    part_of = "project"
    partial_dates = ("due_on", "done_on")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("project")
    )
    title = TranslatedField(models.CharField(_("title"), max_length=250))
    due_on = models.DateField(_("due on"))
    due_on_precision = precision_field(_("precision of due date"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_on_precision = precision_field(_("precision of date done"))

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["project", "due_on"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            *partial_date_constraints("projects_milestone", "due_on"),
            *partial_date_constraints("projects_milestone", "done_on"),
        ]
        indexes = [
            # The reminder scan reads open milestones by due date.
            models.Index(
                fields=["due_on"], name="projects_milestone_open", condition=Q(done_on__isnull=True)
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        self.clean_partial_dates()
        if self.done_on and self.done_on > timezone.localdate():
            raise ValidationError({"done_on": _("A milestone cannot be done in the future.")})

    @property
    def deadline(self):
        """The last day of the due period."""
        return period_end(self.due_on, self.due_on_precision)

    def is_overdue(self, today=None):
        return self.done_on is None and self.deadline < (today or timezone.localdate())


class ReportStatus(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    DELAYED = "delayed", _("Delayed")
    COMPLETED = "completed", _("Completed")


class StatusReportQuerySet(RecordQuerySet):
    def visible(self):
        """Reports the public may read on their project's page: public and published."""
        return self.published().filter(is_internal=False)

    def public(self):
        """Reports the public may read: visible, of a published project."""
        return self.visible().filter(project__publication=Publication.PUBLISHED)


class StatusReport(RecordPart, Record):
    part_of = "project"
    Status = ReportStatus

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="reports", verbose_name=_("project")
    )
    reported_on = models.DateField(_("report date"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="status_reports",
        verbose_name=_("author"),
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus)
    narrative = models.TextField(_("narrative"))
    is_internal = models.BooleanField(
        _("internal"), default=True, help_text=_("Internal reports are never shown to the public.")
    )

    objects = StatusReportQuerySet.as_manager()

    class Meta(Record.Meta):
        ordering = ["project", "-reported_on"]
        get_latest_by = "reported_on"
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")
        constraints = [
            *Record.Meta.constraints,
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100),
                name="projects_statusreport_progress_range",
                violation_error_message="Progress is a percentage from 0 to 100.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ReportStatus.values),
                name="projects_statusreport_status_valid",
            ),
        ]
        indexes = [
            # "Latest report of each project" and the report-due scan.
            models.Index(fields=["project", "-reported_on"], name="projects_report_latest"),
        ]

    def __str__(self):
        return f"{self.project} — {self.reported_on:%Y-%m-%d}"

    def clean(self):
        if self.reported_on and self.reported_on > timezone.localdate():
            raise ValidationError({"reported_on": _("A report cannot be dated in the future.")})


class ProjectFact(models.TextChoices):
    SUMMARY = "summary", _("Summary")
    KIND = "kind", _("Kind")
    STATUS = "status", _("Status")
    LOCATION = "location", _("Location")
    PLANNED_START = "planned_start", _("Planned start")
    PLANNED_END = "planned_end", _("Planned end")
    ACTUAL_START = "actual_start", _("Actual start")
    ACTUAL_END = "actual_end", _("Actual end")
    BUDGET = "budget", _("Total budget")
    FUNDING = "funding", _("Funding")
    PARTICIPANTS = "participants", _("Participating organizations")
    MILESTONES = "milestones", _("Milestones")
    AGREEMENTS = "agreements", _("Agreements implemented")
    ENGAGEMENTS = "engagements", _("Related engagements")


class ProjectCitation(RecordPart, Citation):
    part_of = "project"
    Fact = ProjectFact

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="citations", verbose_name=_("project")
    )
    fact = fact_field(ProjectFact)

    class Meta(Citation.Meta):
        ordering = ["project", "pk"]
        constraints = citation_constraints("projects_projectcitation", ProjectFact)


class ProjectChange(models.Model):
    """One entry of a project's public change log: which published field changed, when.
    Written by Project.save(); the staff history with authors is the admin's business."""

    # The fields a project's public page shows; a change to any of them is logged.
    TRACKED_FIELDS = (
        "title",
        "summary",
        "description",
        "status",
        "region",
        "location",
        "planned_start",
        "planned_end",
        "actual_start",
        "actual_end",
        "budget",
        "budget_currency",
    )

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="changes", verbose_name=_("project")
    )
    field = models.CharField(_("field"), max_length=40)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "field"]
        verbose_name = _("public change")
        verbose_name_plural = _("public changes")
        indexes = [
            # A project page reads its latest changes.
            models.Index(fields=["project", "-changed_at"], name="projects_change_latest"),
        ]

    def __str__(self):
        return f"{self.project} — {self.field} ({self.changed_at:%Y-%m-%d})"

    @property
    def field_label(self):
        return Project._meta.get_field(self.field).verbose_name


# Control characters are refused by the database too, in every text column (kruz.text).
guard_text(
    Project,
    ProjectSector,
    Funding,
    ParticipatingOrganization,
    Milestone,
    StatusReport,
    ProjectCitation,
)

# Every change to every model is kept, with who made it and when (see diplomacy/models.py).
for _model in (
    Sector,
    ProjectSector,
    Funding,
    ParticipatingOrganization,
    Milestone,
    ProjectCitation,
):
    register_history(_model)
# Derived from the rest (the public digest, the next report's date), kept with no author.
register_history(StatusReport, excluded_fields=["public_digest"])
register_history(Project, excluded_fields=["public_digest", "next_report_due_on"])


# Signals rather than save(): they also fire for fixtures (raw), bulk deletes and cascades.
@receiver(post_save, sender=Project, dispatch_uid="projects.project_saved")
@receiver(post_save, sender=StatusReport, dispatch_uid="projects.report_saved")
@receiver(post_delete, sender=StatusReport, dispatch_uid="projects.report_deleted")
def _store_next_report_due_on(sender, instance, **kwargs):
    if sender is Project:
        ids = {instance.pk}
    else:  # a report moved to another project changes both
        ids = {instance.project_id, getattr(instance, "_loaded_record_id", None)} - {None}
    Project.objects.filter(pk__in=ids).store_next_report_due_on()


class ReminderRule(models.TextChoices):
    REPORT_DUE = "report_due", _("Status report due")
    REPORT_OVERDUE = "report_overdue", _("Status report overdue")
    MILESTONE_DUE = "milestone_due", _("Milestone due soon")
    MILESTONE_OVERDUE = "milestone_overdue", _("Milestone overdue")
    PROJECT_PAST_END = "project_past_end", _("Project past its planned end")
    AGREEMENT_EXPIRING = "agreement_expiring", _("Agreement expiring")


class ReminderLog(models.Model):
    """One reminder about one object for one period to one person.

    The row is claimed (inserted) before the e-mail is sent and marked sent after, so
    the unique constraint makes a reminder go out at most once while an unsent row is
    picked up again until it goes out. A sender holds a lease on the rows while it
    sends; a lease that expires (the sender died) frees them for the next attempt.
    """

    Rule = ReminderRule

    rule = models.CharField(_("rule"), max_length=30, choices=ReminderRule)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("object type")
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    content_object = GenericForeignKey("content_type", "object_id")
    period = models.DateField(
        _("period"), help_text=_("The due date, or the first day of a repeated reminder's week.")
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("recipient"),
    )
    due_on = models.DateField(_("due on"))
    scanned_on = models.DateField(_("found by the scan of"))
    created_at = models.DateTimeField(_("claimed at"), auto_now_add=True)
    lease_token = models.UUIDField(_("lease"), null=True, blank=True, editable=False)
    lease_until = models.DateTimeField(_("lease until"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("failed attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_on = models.DateField(_("sent in the digest of"), null=True, blank=True)

    class Meta:
        ordering = ["-scanned_on", "recipient", "rule"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminder log")
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "content_type", "object_id", "period", "recipient"],
                name="projects_reminderlog_once",
            ),
            models.CheckConstraint(
                condition=Q(rule__in=ReminderRule.values), name="projects_reminderlog_rule_valid"
            ),
        ]
        indexes = [
            # The senders read each recipient's unsent reminders.
            models.Index(
                fields=["recipient"],
                name="projects_reminderlog_unsent",
                condition=Q(sent_at__isnull=True),
            ),
            # "Has this recipient had today's digest?"
            models.Index(fields=["recipient", "sent_on"], name="projects_reminderlog_sent"),
        ]

    def __str__(self):
        return f"{self.get_rule_display()} — {self.recipient} — {self.period:%Y-%m-%d}"
