"""The dozen-line receiver in docs/readme/webhooks.md (and the README) verifies what KRUZ
sends, and refuses what is not signed with its secret."""

import re
import threading
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import ProjectFactory
from webhooks.models import Delivery

DOC = Path(settings.BASE_DIR) / "docs" / "readme" / "webhooks.md"


def documented_receiver():
    block = re.search(r"A receiver in a dozen lines.*?```python\n(.*?)```", DOC.read_text(), re.S)
    return block.group(1).splitlines()


@pytest.fixture
def docs_receiver():
    """The documented receiver, run as written but on a free port and in a thread: all its
    lines but the last (which serves on port 9000 for ever)."""
    lines = documented_receiver()
    started = []

    def start(secret):
        code = "\n".join(lines[:-1]).replace("whsec_PASTE-YOUR-SECRET", secret)
        namespace = {}
        exec(compile(code, str(DOC), "exec"), namespace)  # noqa: S102 - our own docs
        server = namespace["http"].server.HTTPServer(("127.0.0.1", 0), namespace["Receiver"])
        threading.Thread(target=server.serve_forever, daemon=True).start()
        started.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in started:
        server.shutdown()
        server.server_close()


def test_the_receiver_is_a_dozen_lines():
    lines = documented_receiver()
    assert len([line for line in lines if line]) == 12
    assert lines[-1].endswith(".serve_forever()")


@pytest.mark.django_db
def test_the_documented_receiver_accepts_kruz_events_and_refuses_forgeries(
    docs_receiver, subscribe, django_capture_on_commit_callbacks, settings, capsys
):
    settings.WEBHOOKS_MAX_ATTEMPTS = 1
    subscription = subscribe("http://127.0.0.1:1/")  # its URL is the receiver's, below
    subscription.url = docs_receiver(subscription.secret)
    subscription.save()
    with django_capture_on_commit_callbacks(execute=True):
        ProjectFactory(slug="hospital")
    accepted = Delivery.objects.get()
    assert accepted.state == "delivered"
    assert accepted.attempts.get().status_code == 204
    assert "'type': 'project.published'" in capsys.readouterr().out

    subscription.rotate_secret()  # the receiver still holds the old one
    with django_capture_on_commit_callbacks(execute=True):
        ProjectFactory(slug="school")
    refused = Delivery.objects.exclude(pk=accepted.pk).get()
    assert refused.state == "failed"
    assert refused.attempts.get().status_code == 401
