"""The real thing: a Redis broker and `celery worker` processes on the test database.

A worker is killed (SIGKILL) while it is sending a digest; a second worker gets the
unacknowledged task back from Redis, waits out the dead sender's lease, and sends the
digest: exactly one e-mail, nothing lost.
"""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery import Celery
from django.conf import settings
from django.db import connection

from projects.models import ReminderLog
from tests.factories import ProjectFactory, UserFactory

BROKER_URL = "redis://127.0.0.1:6379/3"
ROOT = Path(settings.BASE_DIR)


def redis_client():
    import redis

    client = redis.Redis.from_url(BROKER_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"Redis is not reachable at {BROKER_URL} (and CI is not set)")
    return client


@pytest.fixture
def broker():
    client = redis_client()
    if connection.vendor != "postgresql":
        if os.environ.get("CI"):
            pytest.fail("CI must run this test on PostgreSQL: set DATABASE_URL")
        pytest.skip("the worker process must share the test database: set DATABASE_URL")
    client.flushdb()
    yield client
    client.flushdb()


@pytest.fixture
def worker_env(tmp_path):
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.projects.worker_settings",
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST']}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "CELERY_BROKER_URL": BROKER_URL,
        "REMINDER_SEND_LEASE_SECONDS": "3",
        "REMINDER_RETRY_BACKOFF_SECONDS": "1",
        "REMINDER_TEST_OUTBOX": str(tmp_path / "outbox.jsonl"),
        "REMINDER_TEST_HANG_FLAG": str(tmp_path / "hang"),
    }
    return env


class Worker:
    def __init__(self, env, name, log_path):
        self.log = open(log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "kruz", "worker", "--pool=solo",
             "--without-gossip", "--without-mingle", "--without-heartbeat",
             "--loglevel=INFO", "-n", f"{name}@%h"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()


def wait_for(condition, what, workers, seconds=60):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            logs = "\n".join(Path(worker.log.name).read_text() for worker in workers)
            raise AssertionError(f"timed out waiting for {what}; worker logs:\n{logs}")
        time.sleep(0.2)


def sent_messages(env):
    outbox = Path(env["REMINDER_TEST_OUTBOX"])
    if not outbox.exists():
        return []
    return [json.loads(line) for line in outbox.read_text().splitlines()]


def run_scan(client):
    # An explicit URL: Celery lets CELERY_BROKER_URL in the environment (CI sets one)
    # override an app's configured broker.
    with client.connection_for_write(BROKER_URL) as broker_connection:
        return client.send_task("projects.tasks.scan_reminders", connection=broker_connection)


def succeeded(result, worker):
    return f"{result.id}] succeeded" in Path(worker.log.name).read_text()


def broker_is_idle(client):
    """Nothing queued and nothing delivered but unacknowledged (a retry waiting for its
    countdown is held by the worker as unacknowledged)."""
    return client.llen("celery") == 0 and client.hlen("unacked") == 0


@pytest.mark.django_db(transaction=True)
def test_it_sends_once_and_loses_nothing_when_a_real_worker_dies_mid_send(
    broker, worker_env, tmp_path
):
    alice = UserFactory(username="alice")
    ProjectFactory(responsible=alice, title="Children's hospital")
    hang_flag = Path(worker_env["REMINDER_TEST_HANG_FLAG"])
    hang_flag.touch()
    client = Celery("kruz-test-client")
    workers = []
    try:
        workers.append(Worker(worker_env, "doomed", tmp_path / "doomed.log"))
        run_scan(client)
        wait_for(hang_flag.with_suffix(".sending").exists, "the first send", workers)
        log = ReminderLog.objects.get()
        assert log.sent_at is None and log.lease_token is not None

        workers[0].kill()
        hang_flag.unlink()
        assert sent_messages(worker_env) == []
        assert broker.hlen("unacked") == 1  # acknowledged late: Redis still holds it

        workers.append(Worker(worker_env, "survivor", tmp_path / "survivor.log"))
        wait_for(lambda: sent_messages(worker_env), "the digest", workers)
        wait_for(lambda: broker_is_idle(broker), "the broker to drain", workers)
        # The next scan the same day finds everything sent.
        rescan = run_scan(client)
        wait_for(lambda: succeeded(rescan, workers[1]), "the second scan", workers)
        wait_for(lambda: broker_is_idle(broker), "the broker to drain again", workers)
    finally:
        for worker in workers:
            worker.stop()

    assert sent_messages(worker_env) == [
        {"to": ["alice@example.org"], "subject": "KRUZ: 1 reminder"}
    ]
    log.refresh_from_db()
    assert log.sent_at is not None and log.lease_token is None
    assert ReminderLog.objects.count() == 1
