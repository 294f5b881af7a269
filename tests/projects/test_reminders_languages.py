"""A staff member reads the reminder digest in their own language: subject, wording,
rule labels and dates, in the text and the HTML part alike."""

import datetime

import pytest
from django.core import mail
from django.utils import translation

from diplomacy.models import Agreement
from kruz.models import StaffProfile
from projects.tasks import scan_reminders
from tests.factories import AgreementFactory, MilestoneFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 6, 2)
# The digest's own wording, from its templates, the subject and the rule labels.
ENGLISH = [
    "These KRUZ records need your attention:",
    "Due",
    "You receive at most one such digest a day. To pause the reminders about a project, "
    "set its “reminders snoozed until” date in the admin.",
    "Status report overdue",
    "Milestone due soon",
    "Agreement expiring",
]
ENGLISH_FRAGMENTS = ["Hello", "reminders", "project:", "June"]


@pytest.fixture
def digest(django_capture_on_commit_callbacks, eager_celery, mailoutbox):
    def receive(language):
        alice = UserFactory(username="alice", first_name="Alice")
        StaffProfile.objects.create(user=alice, language=language)
        project = ProjectFactory(responsible=alice, title="Children's hospital")
        MilestoneFactory(project=project, title="Wards", due_on=DAY + datetime.timedelta(days=3))
        agreement = AgreementFactory(
            status=Agreement.Status.IN_FORCE, expires_on=DAY + datetime.timedelta(days=30)
        )
        agreement.projects.add(project)
        with django_capture_on_commit_callbacks(execute=True):
            scan_reminders.delay(DAY.isoformat())
        (message,) = mail.outbox
        return message

    return receive


@pytest.mark.parametrize("language", ["ko", "ru"])
def test_it_writes_every_word_of_the_digest_in_the_recipients_language(digest, language):
    message = digest(language)
    html = message.alternatives[0].content

    with translation.override(language):
        translated = [translation.gettext(english) for english in ENGLISH]
        subject = translation.ngettext(
            "KRUZ: %(count)d reminder", "KRUZ: %(count)d reminders", 3
        ) % {"count": 3}
        greeting = translation.gettext("Hello %(name)s,") % {"name": "Alice"}
    assert message.subject == subject
    for text in (message.body, html):
        for english, translation_of_it in zip(ENGLISH, translated, strict=True):
            assert translation_of_it != english
            assert translation_of_it in text.replace("&quot;", '"')
        assert greeting in text
        for english in ENGLISH:
            if len(english) > 3:  # "Due" is part of other words
                assert english not in text
        for fragment in ENGLISH_FRAGMENTS:
            assert fragment not in text
        assert "Due:" not in text


@pytest.mark.parametrize(("language", "date"), [("ko", "2025년 6월 5일"), ("ru", "5 июня 2025")])
def test_it_writes_dates_the_recipients_way(digest, language, date):
    message = digest(language)

    assert date in message.body
    assert date in message.alternatives[0].content
