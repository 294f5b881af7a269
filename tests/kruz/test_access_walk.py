"""The access walk: every named URL pattern is either on the reviewed public list below or
refuses anonymous visitors; every admin model and every API resource is tried as
anonymous, Viewer, Editor and Publisher, each with the answer its role should get."""

import datetime
import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone
from rest_framework.test import APIClient

from api.models import ApiToken
from diplomacy.models import Currency
from kruz.models import PublicEvent, StaffProfile
from projects.models import ReminderLog, Sector
from projects.reminders import claim_reminders
from tests.api.conftest import token_client
from tests.factories import (
    AgreementFactory,
    EngagementFactory,
    OfficialFactory,
    OrganizationFactory,
    ProjectFactory,
    UserFactory,
)
from tests.kruz.test_query_counts import CHANGELISTS
from tests.logins import authenticator_of, verified_login
from webhooks.models import Delivery, Subscription

pytestmark = pytest.mark.django_db

# The reviewed public list: name -> (why it is public, anonymous GET, anonymous POST).
# A POST that is "answered" without writing anything is listed with its status.
REFUSED_WRITE = (401, 403, 405)
API_READ = ("published records only, read-only for anonymous clients", 200, REFUSED_WRITE)
PAGE = ("a public page: published records only", 200, (405,))
PUBLIC = {
    "healthz": ("the load balancer's probe; answers only {'status': 'ok'}", 200, (405,)),
    "favicon": ("redirects to the site's icon, a static file", 302, (405,)),
    "set_language": ("stores the reader's language in a cookie", 302, (302,)),
    "admin:login": ("the staff login form (password + TOTP code, axes lockout)", 200, (200,)),
    "admin:logout": ("logging out needs no login; GET only redirects", 302, (200, 302)),
    "api:root": API_READ,
    "api-schema": ("the OpenAPI schema: describes the API, holds no record", 200, (405,)),
    "api-docs": ("Swagger UI for the schema", 200, (405,)),
    "iati-activities": ("the IATI file of published projects", 200, (405,)),
    "iati-organisation": ("the IATI file of the reporting organisation in settings", 200, (405,)),
    "projects:overview": PAGE,
    "projects:list": PAGE,
    "projects:list-csv": PAGE,
    "projects:detail": PAGE,
    "projects:timeline": PAGE,
    "diplomacy:agreement-list": PAGE,
    "diplomacy:agreement-detail": PAGE,
    "diplomacy:engagement-list": PAGE,
    "diplomacy:engagement-detail": PAGE,
    "diplomacy:official-list": PAGE,
    "diplomacy:official-detail": PAGE,
    "diplomacy:organization-list": PAGE,
    "diplomacy:organization-detail": PAGE,
    "projects:sector-list": PAGE,
    "projects:region-list": PAGE,
    # without ?q= the empty search form; published records only
    "projects:search": PAGE,
    "robots": ("tells crawlers what to read and where the sitemap is", 200, (405,)),
    "sitemap": ("the sitemap index: addresses of published pages only", 200, (405,)),
    "sitemap-section": ("one sitemap section: addresses of published pages only", 200, (405,)),
    "feed": ("the Atom feed of public changes; drafts never make an event", 200, (405,)),
    "projects:feed": ("a published project's Atom feed of public changes", 200, (405,)),
}
for _resource in ("project", "agreement", "engagement", "organization", "official", "sector"):
    PUBLIC[f"api:{_resource}-list"] = API_READ
    PUBLIC[f"api:{_resource}-detail"] = API_READ
for _resource in ("project", "agreement"):
    PUBLIC[f"api:{_resource}-export"] = API_READ

SAMPLES = {
    "slug": "walk",
    "code": "12191",
    "format": "json",
    "object_id": "1",
    "content_type_id": "1",
    "id": "1",
    "pk": "1",
    "app_label": "projects",
    "section": "projects",
    "job_id": "1",
}


def named_patterns(patterns=None, namespace=None):
    """(qualified name, parameter names) of every named pattern, format variants too."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            qualified = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            yield from named_patterns(pattern.url_patterns, qualified)
        elif pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            parameters = set(pattern.pattern.regex.groupindex)
            if not parameters and "drf_format_suffix" in str(pattern.pattern):
                parameters = {"format"}
            yield name, parameters


def url_of(name, parameters):
    kwargs = {parameter: SAMPLES[parameter] for parameter in parameters}
    if "format" in kwargs and name.endswith("-export"):
        kwargs["format"] = "csv"  # the exports speak CSV only
    url = reverse(name, kwargs=kwargs)
    return url.replace("/en/", "/ru/", 1) if url.startswith("/en/") else url


RESOURCE_FACTORIES = {
    "projects": ProjectFactory,
    "agreements": AgreementFactory,
    "engagements": EngagementFactory,
    "organizations": OrganizationFactory,
    "officials": OfficialFactory,
}


@pytest.fixture
def published_samples(db):
    for factory in RESOURCE_FACTORIES.values():
        factory(slug="walk")


def refuses(response):
    if response.status_code in (401, 403):
        return True
    return response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_it_opens_public_patterns_to_anonymous_visitors_and_refuses_all_others(
    published_samples,
):
    patterns = list(named_patterns())
    walked = set()
    for name, parameters in patterns:
        url = url_of(name, parameters)
        response = Client().get(url)
        if name in PUBLIC:
            _reason, status, post_statuses = PUBLIC[name]
            assert response.status_code == status, (name, url, response.status_code)
            posted = Client().post(url, {})
            assert posted.status_code in post_statuses, (name, url, posted.status_code)
        else:
            assert refuses(response), (name, url, response.status_code)
            assert refuses(Client().post(url, {})), (name, url)
        walked.add(name)
    assert set(PUBLIC) <= walked, set(PUBLIC) - walked
    assert len(patterns) == 237  # a new URL pattern is reviewed here before it lands


# What each role may do in the admin, by kind of model (projects/migrations/0008).
RECORDS = {
    "diplomacy.source",
    "diplomacy.organization",
    "diplomacy.official",
    "diplomacy.engagement",
    "diplomacy.agreement",
    "projects.project",
    "projects.statusreport",
}
PARTS = {
    "diplomacy.position",
    "diplomacy.engagementparticipant",
    "diplomacy.agreementsignatory",
    "projects.projectsector",
    "projects.funding",
    "projects.participatingorganization",
    "projects.milestone",
}
CODELISTS = {"diplomacy.currency", "projects.sector"}
PAGES = ("changelist", "add", "change", "delete", "history")


def expected_admin_status(role, label, page):
    if role is None:
        return 302  # to the login page
    if label not in RECORDS | PARTS | CODELISTS:
        return 403  # administrators only: users, groups, tokens, devices, logs
    allowed = {
        "changelist": True,
        "change": True,  # Viewers and codelists: the read-only view
        "history": True,
        "add": role != "Viewers" and label not in CODELISTS,
        "delete": label not in CODELISTS
        and (role == "Publishers" or (role == "Editors" and label in PARTS)),
    }[page]
    return 200 if allowed else 403


def a_reminder_log():
    ProjectFactory(responsible=UserFactory(username="reminded"))
    claim_reminders(datetime.date(2025, 6, 2))
    return ReminderLog.objects.first()


def one_of_each_admin_model():
    """A row of every model the admin shows, keyed by "app_label.model_name"."""
    rows = {name.replace("_", ".", 1): make() for name, make in CHANGELISTS.items()}
    owner = UserFactory(username="owner")
    now = timezone.now()
    rows.update(
        {
            "auth.user": owner,
            "auth.group": Group.objects.get(name="Viewers"),
            "diplomacy.currency": Currency.objects.get(pk="USD"),
            "projects.sector": Sector.objects.get(pk=12191),
            "kruz.staffprofile": StaffProfile.objects.create(user=owner),
            "projects.reminderlog": a_reminder_log(),
            "api.apitoken": ApiToken.objects.create(name="walk", user=owner, key_hash="x" * 64),
            "otp_totp.totpdevice": authenticator_of(owner),
            "axes.accessattempt": AccessAttempt.objects.create(
                username="x", ip_address="10.0.0.1", failures_since_start=1, attempt_time=now
            ),
            "axes.accesslog": AccessLog.objects.create(
                username="x", ip_address="10.0.0.1", attempt_time=now
            ),
            "axes.accessfailurelog": AccessFailureLog.objects.create(
                username="x", ip_address="10.0.0.1", attempt_time=now
            ),
        }
    )
    rows["webhooks.subscription"] = subscription = Subscription.objects.create(
        url="https://93.184.215.14/walk",
        owner=owner,
        record_types=["project"],
        event_kinds=["published"],
    )
    event = PublicEvent.objects.create(
        kind="published", resource="projects.project", record_id=1, identifier="walk", version=1
    )
    rows["webhooks.delivery"] = Delivery.objects.create(
        subscription=subscription, event=event, body="{}"
    )
    # Drafts: Editors may change a draft and its parts; a published one is Publishers' alone.
    for label in RECORDS:
        apps.get_model(label).objects.update(publication="draft")
    return rows


@pytest.fixture
def sessions(db):
    clients = {None: Client()}
    for role in ("Viewers", "Editors", "Publishers"):
        user = UserFactory(username=f"walk-{role.lower()}")
        user.groups.add(Group.objects.get(name=role))
        clients[role] = verified_login(Client(), user)
    return clients


def test_it_answers_every_admin_model_page_as_each_role_should(sessions):
    rows = one_of_each_admin_model()
    tried = 0
    for model in admin.site._registry:
        label = model._meta.label_lower
        row = rows.get(label)
        assert row is not None, f"give the walk a row of {label}"
        for page in PAGES:
            prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
            args = [] if page in ("changelist", "add") else [row.pk]
            url = reverse(f"{prefix}_{page}", args=args)
            for role, client in sessions.items():
                status = client.get(url).status_code
                assert status == expected_admin_status(role, label, page), (role, url, status)
                tried += 1
    assert tried == len(admin.site._registry) * len(PAGES) * 4


@pytest.mark.parametrize("role", ["Viewers", "Editors", "Publishers"])
def test_it_lets_only_publishers_publish_in_the_admin(sessions, role):
    project = CHANGELISTS["projects_project"]()
    project.unpublish()

    response = sessions[role].post(reverse("admin:projects_project_publish", args=[project.pk]))

    project.refresh_from_db()
    assert response.status_code == (302 if role == "Publishers" else 403)
    assert project.is_published == (role == "Publishers")


# The API, as integrations acting for a member of each role (tokens carry the user's
# permissions) and anonymously.
API_PAYLOADS = {
    "projects": {"slug": "new", "title": "New", "summary": "S", "kind": "investment", "status": 2},
    "agreements": {
        "slug": "new",
        "title": "New",
        "kind": "agreement",
        "status": "signed",
        "signed_on": "2019-04-19",
    },
    "engagements": {
        "slug": "new",
        "title": "New",
        "kind": "state_visit",
        "started_on": "2019-04-18",
    },
    "organizations": {"slug": "new", "name": "New", "kind": "agency"},
    "officials": {"slug": "new", "name": "New", "country": "KR"},
}
API_EXPECTED = {
    # role: (draft visible, create, change draft, change published, delete)
    None: (404, 401, 401, 401, 401),
    "Viewers": (200, 403, 403, 403, 403),
    "Editors": (200, 201, 200, 403, 403),
    "Publishers": (200, 201, 200, 200, 204),
}


def api_client_for(role):
    if role is None:
        return APIClient()
    user = UserFactory(username=f"api-{role.lower()}", is_staff=False)
    user.groups.add(Group.objects.get(name=role))
    return token_client(user)


@pytest.mark.parametrize("role", [None, "Viewers", "Editors", "Publishers"])
@pytest.mark.parametrize("resource", API_PAYLOADS)
def test_it_answers_every_api_resource_as_each_role_should(role, resource):
    factory = RESOURCE_FACTORIES[resource]
    draft = factory(slug="draft", publication="draft")
    published = factory(slug="published")
    client = api_client_for(role)
    seen, create, change_draft, change_published, delete = API_EXPECTED[role]

    assert client.get(f"/api/v1/{resource}/").status_code == 200
    assert client.get(f"/api/v1/{resource}/{draft.slug}/").status_code == seen
    assert client.post(f"/api/v1/{resource}/", API_PAYLOADS[resource]).status_code == create
    for record, status in ((draft, change_draft), (published, change_published)):
        response = client.patch(f"/api/v1/{resource}/{record.slug}/", {"version": record.version})
        assert response.status_code == status, (record.slug, response.content)
    published.refresh_from_db()
    response = client.delete(f"/api/v1/{resource}/{published.slug}/?version={published.version}")
    assert response.status_code == delete
    assert factory._meta.model.objects.filter(slug="published").exists() == (delete != 204)


@pytest.mark.parametrize("role", [None, "Viewers", "Editors", "Publishers"])
def test_it_lets_no_role_write_the_sector_codelist(role):
    client = api_client_for(role)

    assert client.get("/api/v1/sectors/12191/").status_code == 200
    assert client.post("/api/v1/sectors/", {"code": 99999}).status_code in REFUSED_WRITE
    assert client.delete("/api/v1/sectors/12191/").status_code in REFUSED_WRITE


def test_it_keeps_the_public_list_reviewed():
    for name, (reason, _status, _posted) in PUBLIC.items():
        assert re.search(r"\w{4,}", reason), name
