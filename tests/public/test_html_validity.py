"""Every public page type, in every language, is valid HTML to the Nu HTML checker
(vnu.jar, the checker behind validator.w3.org/nu, run offline). The pages are the
sitemap's, so a page type added there is checked too, plus the pages the sitemap leaves
out: a filtered list and the 404 page. In CI (CI=true) this must run; elsewhere it skips
when Java or vnu.jar is missing (`bash .ci/steps/25-nu-checker.sh` installs both)."""

import json
import os
import shutil
import subprocess

import pytest
from django.conf import settings
from lxml import etree

from diplomacy.models import EngagementParticipant
from tests.factories import OfficialFactory, PositionFactory, SourceFactory

VNU = settings.BASE_DIR / ".nu" / "vnu.jar"
JAVA = shutil.which("java")
# One short run: the JIT's first tier halves it; the checker's schema needs a deep stack
# (it stops with a StackOverflowError at 1 MB under that tier).
JAVA_OPTIONS = ["-XX:TieredStopAtLevel=1", "-Xss16m"]
SITEMAP = {"sitemap": "http://www.sitemaps.org/schemas/sitemap/0.9"}
NOT_IN_SITEMAP = [
    "/{language}/projects/?region=UZ-SA&status=2",
    "/{language}/agreements/?status=in_force",
    "/{language}/engagements/?kind=official_visit",
    "/{language}/officials/?q=kang",
    "/{language}/organizations/?kind=agency",
    "/{language}/search/",
    "/{language}/search/?q=hospital+Ташкент",
    "/{language}/search/?q=",  # refused: the form with its message
    "/{language}/no-such-page/",
]


def missing_tools():
    if JAVA is None:
        return "Java is not installed: run .ci/steps/25-nu-checker.sh"
    if not VNU.exists():
        return "vnu.jar is not installed: run .ci/steps/25-nu-checker.sh"
    return ""


pytestmark = [
    pytest.mark.skipif(
        bool(missing_tools()) and os.environ.get("CI") != "true", reason=missing_tools() or "-"
    ),
    pytest.mark.django_db,
]


def sitemap_paths(client):
    """Every page the sitemap lists, as a path on this site."""
    index = etree.fromstring(client.get("/sitemap.xml").content)
    paths = []
    for section in index.xpath("//sitemap:loc/text()", namespaces=SITEMAP):
        urlset = etree.fromstring(client.get(section.removeprefix(settings.SITE_URL)).content)
        for page in urlset.xpath("//sitemap:url/sitemap:loc/text()", namespaces=SITEMAP):
            paths.append(page.removeprefix(settings.SITE_URL))
    return paths


def nu_errors(client, paths, folder):
    """The checker's errors on each page, as "path: message (extract)"."""
    files = {}
    for number, path in enumerate(paths):
        response = client.get(path)
        assert response.status_code in (200, 400, 404), (path, response.status_code)
        page = folder / f"page-{number}.html"
        page.write_bytes(response.content)
        files[page.name] = path
    result = subprocess.run(
        [JAVA, *JAVA_OPTIONS, "-jar", str(VNU), "--format", "json", "--exit-zero-always", folder],
        capture_output=True,
        text=True,
        check=True,
    )
    messages = json.loads(result.stderr)["messages"]
    return [
        f"{files.get(message.get('url', '').rpartition('/')[2])}: {message['message']} "
        f"({message.get('extract', '').strip()})"
        for message in messages
        if message["type"] in ("error", "non-document-error")
    ]


@pytest.fixture
def every_kind_of_record(record):
    """The public record of tests/public/conftest.py with an official in it too."""
    official = OfficialFactory(slug="kang-kyung-wha", name="Kang Kyung-wha")
    PositionFactory(official=official, organization=record["koica"])
    engagement = record["engagement"]
    EngagementParticipant.objects.create(
        engagement=engagement, official=official, role="head", capacity="Foreign Minister"
    )
    engagement.outcomes = "Both sides agreed to build the hospital."
    engagement.save()
    source = SourceFactory(url="https://example.org/statement", published_on="2017-11-01")
    engagement.sources.add(source)
    engagement.citations.create(source=source, fact="participants", quote="Kang Kyung-wha met …")
    record["agreement"].engagement = engagement
    record["agreement"].save()
    record["agreement"].signatories.add(official)
    record["agreement"].parties.add(record["koica"])
    return record


def test_it_serves_every_public_page_as_valid_html(client, every_kind_of_record, tmp_path):
    assert not missing_tools(), missing_tools()
    paths = sitemap_paths(client)
    # nine pages, two projects, an agreement, an engagement, an official, an organization
    assert len(paths) >= 15 * len(settings.LANGUAGES)
    paths += [
        path.format(language=code) for path in NOT_IN_SITEMAP for code, _ in settings.LANGUAGES
    ]

    errors = nu_errors(client, paths, tmp_path)

    assert not errors, "\n".join(errors)


def test_it_serves_a_list_with_a_refused_filter_as_valid_html(client, record, tmp_path):
    """The refused year is written back beside its error, in a text input (YearInput)."""
    assert not missing_tools(), missing_tools()
    lists = ("projects", "agreements", "engagements")
    paths = [f"/{code}/{name}/?year=soon" for code, _name in settings.LANGUAGES for name in lists]

    assert not nu_errors(client, paths, tmp_path)
    assert 'value="soon"' in client.get("/en/engagements/?year=soon").content.decode()
