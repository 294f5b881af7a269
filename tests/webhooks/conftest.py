"""A real receiver on 127.0.0.1 (http.server in a thread) and Celery run in-process."""

import http.server
import threading

import pytest
from django.contrib.auth.models import Permission

from kruz.celery import app as celery_app
from tests.factories import UserFactory
from webhooks.models import Subscription


class Receiver(http.server.ThreadingHTTPServer):
    """Answers each POST with `status` and keeps (headers, body) of every request."""

    def __init__(self):
        super().__init__(("127.0.0.1", 0), ReceiverHandler)
        self.status = 204
        self.requests = []

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}/hooks/kruz?source=test"


class ReceiverHandler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.requests.append((self.path, self.headers, body))
        self.send_response(self.server.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver():
    server = Receiver()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def eager_celery(settings):
    """Tasks in-process whatever CELERY_BROKER_URL says (CI sets one), and a retry run at
    once, as a worker would after its countdown (Celery's eager mode does that only when
    it does not hand the Retry to the caller instead)."""
    previous = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = False
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
    yield celery_app
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = previous


def grant(user, *codenames):
    for codename in codenames:
        app_label, name = codename.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=name)
        )
    return user


@pytest.fixture
def integrator(db):
    return grant(
        UserFactory(username="integrator", is_staff=False),
        *(f"webhooks.{action}_subscription" for action in ("view", "add", "change", "delete")),
    )


@pytest.fixture
def subscribe(integrator):
    def make(url, record_types=("project",), event_kinds=None, **fields):
        return Subscription.objects.create(
            url=url,
            owner=integrator,
            record_types=list(record_types),
            event_kinds=list(event_kinds or ["published", "changed", "unpublished", "deleted"]),
            **fields,
        )

    return make
