"""A synthetic KRUZ record of any size, with a fixed seed and a realistic shape:
500 organizations, 200 agreements, 100 engagements, 50 responsible staff, several
funding rows, milestones and reports per project, about 1% of projects with a reminder
due (nothing else is due: running projects end in the future and reported recently),
titles in four languages. build() can be called again to grow the record."""

import datetime
import random
import sys
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models.functions import MD5
from django.utils import timezone

from diplomacy.models import Agreement, Engagement, Organization
from kruz.records import Publication
from projects.models import (
    ActivityStatus,
    FinanceType,
    Funding,
    Milestone,
    ParticipatingOrganization,
    Project,
    ProjectKind,
    ProjectSector,
    Region,
    Sector,
    StatusReport,
)

ORGANIZATIONS = 500
AGREEMENTS = 200
ENGAGEMENTS = 100
STAFF = 50
BATCH = 2000
SUBJECTS = [
    ("Children's hospital", "어린이 병원", "Bolalar shifoxonasi", "Детская больница"),
    ("Kindergarten", "유치원", "Bolalar bog'chasi", "Детский сад"),
    ("Water supply", "상수도", "Suv ta'minoti", "Водоснабжение"),
    ("Airport terminal", "공항 터미널", "Aeroport terminali", "Терминал аэропорта"),
    ("Railway", "철도", "Temir yo'l", "Железная дорога"),
    ("Smart farm", "스마트 농장", "Aqlli ferma", "Умная ферма"),
    ("Vocational college", "직업 학교", "Kasb-hunar kolleji", "Профессиональный колледж"),
    (
        "E-government centre",
        "전자정부 센터",
        "Elektron hukumat markazi",
        "Центр электронного правительства",
    ),
]
PLACES = [
    ("Tashkent", "타슈켄트", "Toshkent", "Ташкент"),
    ("Urgench", "우르겐치", "Urganch", "Ургенч"),
    ("Samarkand", "사마르칸트", "Samarqand", "Самарканд"),
    ("Bukhara", "부하라", "Buxoro", "Бухара"),
    ("Nukus", "누쿠스", "Nukus", "Нукус"),
    ("Fergana", "페르가나", "Farg'ona", "Фергана"),
]

# Ten projects, whatever the size of the record, are in Khiva: a selective search.
RARE_PLACE = ("Khiva", "히바", "Xiva", "Хива")


def progress(label, done, total):
    width = 30
    filled = width * done // max(total, 1)
    sys.stderr.write(f"\r{label:<16} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def in_batches(label, objects, model):
    total = len(objects)
    for start in range(0, total, BATCH):
        model.objects.bulk_create(objects[start : start + BATCH])
        progress(label, min(start + BATCH, total), total)


def build(projects=1000, seed=20261123, today=None):
    """Create `projects` published projects and their rows. Returns the counts."""
    rng = random.Random(seed)
    today = today or timezone.localdate()
    with transaction.atomic():
        organizations = make_organizations(rng)
        agreements, engagements = make_diplomacy(rng, today)
        staff = make_staff()
        first_new = (Project.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        project_rows = make_projects(rng, projects, today, staff)
        in_batches("projects", project_rows, Project)
        ids = list(
            Project.objects.filter(pk__gte=first_new).order_by("pk").values_list("pk", flat=True)
        )
        make_children(rng, ids, organizations, today)
        make_links(rng, ids, agreements, engagements)
        # bulk_create sends no signals: store what saving each project would have.
        Project.objects.filter(pk__gte=first_new).store_next_report_due_on()
        # A stand-in for each project's public digest, which a save computes from its
        # representation (serializing 100,000 projects would take longer than the run):
        # cache keys then have the length and spread of real ones.
        Project.objects.filter(pk__gte=first_new).update(public_digest=MD5("slug"))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return {model.__name__: model.objects.count() for model in (Project, Funding, Milestone)}


def make_organizations(rng):
    existing = list(Organization.objects.filter(slug__startswith="bench-org-"))
    if existing:
        return existing
    kinds = [choice for choice, _ in Organization.Kind.choices]
    rows = [
        Organization(
            slug=f"bench-org-{n}",
            name=f"Organization {n}",
            country=rng.choice(["KR", "UZ"]),
            kind=rng.choice(kinds),
            publication=Publication.PUBLISHED,
        )
        for n in range(ORGANIZATIONS)
    ]
    in_batches("organizations", rows, Organization)
    return list(Organization.objects.filter(slug__startswith="bench-org-"))


def make_diplomacy(rng, today):
    """Agreements (a few in force and expiring soon, for the reminder scan) and
    engagements that projects link to; made once, reused when the record grows."""
    if not Agreement.objects.filter(slug__startswith="bench-agreement-").exists():
        agreements = [
            Agreement(
                slug=f"bench-agreement-{n}",
                title=f"Memorandum on cooperation #{n}",
                title_ko=f"협력 양해각서 #{n}",
                kind=Agreement.Kind.MOU,
                status=Agreement.Status.IN_FORCE,
                signed_on=datetime.date(rng.randint(1995, 2024), rng.randint(1, 12), 1),
                expires_on=today + datetime.timedelta(days=30 if n < 2 else 400 + n),
                publication=Publication.PUBLISHED,
            )
            for n in range(AGREEMENTS)
        ]
        in_batches("agreements", agreements, Agreement)
        engagements = [
            Engagement(
                slug=f"bench-engagement-{n}",
                title=f"Official visit #{n}",
                kind=Engagement.Kind.OFFICIAL_VISIT,
                started_on=datetime.date(rng.randint(1995, 2024), rng.randint(1, 12), 1),
                place="Tashkent",
                country="UZ",
                publication=Publication.PUBLISHED,
            )
            for n in range(ENGAGEMENTS)
        ]
        in_batches("engagements", engagements, Engagement)
    return (
        list(
            Agreement.objects.filter(slug__startswith="bench-agreement-").values_list(
                "pk", flat=True
            )
        ),
        list(
            Engagement.objects.filter(slug__startswith="bench-engagement-").values_list(
                "pk", flat=True
            )
        ),
    )


def make_staff():
    """Staff responsible for projects, with an e-mail address: the scan's recipients."""
    User = get_user_model()
    if not User.objects.filter(username__startswith="bench-staff-").exists():
        User.objects.bulk_create(
            User(username=f"bench-staff-{n}", email=f"staff{n}@kruz.test", is_staff=True)
            for n in range(STAFF)
        )
    return list(
        User.objects.filter(username__startswith="bench-staff-").values_list("pk", flat=True)
    )


def make_links(rng, project_ids, agreements, engagements):
    """Each project implements zero to two agreements and follows zero or one engagement."""
    agreement_links, engagement_links = [], []
    for project_id in project_ids:
        for agreement_id in rng.sample(agreements, rng.randint(0, 2)):
            agreement_links.append(
                Project.agreements.through(project_id=project_id, agreement_id=agreement_id)
            )
        if rng.random() < 0.5:
            engagement_links.append(
                Project.engagements.through(
                    project_id=project_id, engagement_id=rng.choice(engagements)
                )
            )
    in_batches("agreement links", agreement_links, Project.agreements.through)
    in_batches("engagement links", engagement_links, Project.engagements.through)


def make_projects(rng, count, today, staff):
    regions = Region.values
    offset = Project.objects.count()
    rows = []
    for n in range(offset, offset + count):
        subject, place = rng.choice(SUBJECTS), rng.choice(PLACES)
        if n < 1000 and n % 100 == 0:
            place = RARE_PLACE  # the same ten matches at every size: the search benchmark
        status = rng.choice(
            [ActivityStatus.IMPLEMENTATION] * 5 + [ActivityStatus.PIPELINE, ActivityStatus.CLOSED]
        )
        start = datetime.date(rng.randint(1995, 2025), rng.randint(1, 12), 1)
        end = start + datetime.timedelta(days=rng.randint(365, 365 * 6))
        if status == ActivityStatus.IMPLEMENTATION:
            # Running projects end in the future: "past its planned end" is not due.
            start = min(start, today - datetime.timedelta(days=400))
            end = max(end, today + datetime.timedelta(days=rng.randint(30, 2000)))
        rows.append(
            Project(
                slug=f"bench-{n}",
                title=f"{subject[0]} in {place[0]} #{n}",
                title_ko=f"{place[1]} {subject[1]} #{n}",
                title_uz=f"{place[2]} {subject[2]} #{n}",
                title_ru=f"{subject[3]} в {place[3]} #{n}",
                summary=f"{subject[0]} built with Korean support in {place[0]}.",
                kind=rng.choice(ProjectKind.values),
                status=status,
                region=rng.choice(regions),
                planned_start=start,
                planned_end=end,
                actual_start=start,
                actual_end=(start + datetime.timedelta(days=400))
                if status == ActivityStatus.CLOSED
                else None,
                budget=Decimal(rng.randint(1, 500)) * 1_000_000,
                budget_currency_id="USD",
                reporting_interval_days=90,
                responsible_id=staff[n % len(staff)],
                publication=Publication.PUBLISHED,
                published_at=timezone.now(),
            )
        )
    return rows


def make_children(rng, project_ids, organizations, today):
    sectors = list(Sector.objects.values_list("code", flat=True))
    fundings, shares, participants, milestones, reports = [], [], [], [], []
    for project_id in project_ids:
        due = rng.random() < 0.01  # about 1% of projects have a reminder due
        for funder in rng.sample(organizations, rng.randint(1, 4)):
            fundings.append(
                Funding(
                    project_id=project_id,
                    funder=funder,
                    instrument=rng.choice(FinanceType.values),
                    amount=Decimal(rng.randint(1, 100)) * 100_000,
                    currency_id=rng.choice(["USD", "KRW", "EUR"]),
                )
            )
            participants.append(
                ParticipatingOrganization(project_id=project_id, organization=funder, role=1)
            )
        shares.append(ProjectSector(project_id=project_id, sector_id=rng.choice(sectors)))
        for k in range(rng.randint(2, 5)):
            offset = rng.randint(2, 10) if due and k == 0 else rng.randint(30, 2000)
            milestones.append(
                Milestone(
                    project_id=project_id,
                    title=f"Stage {k + 1}",
                    due_on=today + datetime.timedelta(days=offset if due else -offset),
                    done_on=None if due and k == 0 else today - datetime.timedelta(days=offset),
                )
            )
        for k in range(rng.randint(1, 3)):
            reports.append(
                StatusReport(
                    project_id=project_id,
                    reported_on=today - datetime.timedelta(days=30 + 90 * k),
                    progress=rng.randint(0, 100),
                    status=StatusReport.Status.ON_TRACK,
                    narrative="Work proceeds.",
                    is_internal=rng.random() < 0.3,
                    publication=Publication.PUBLISHED,
                )
            )
    for label, rows, model in (
        ("funding", fundings, Funding),
        ("sector shares", shares, ProjectSector),
        ("participants", participants, ParticipatingOrganization),
        ("milestones", milestones, Milestone),
        ("reports", reports, StatusReport),
    ):
        in_batches(label, rows, model)
