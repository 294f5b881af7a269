"""One size of the benchmark: grow the record, then measure every path, the search
comparison, the reminder scan and the throughput."""

import json
import os
import tempfile
from unittest import mock

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from api.pagination import COUNT_LIMIT
from bench import dataset, throughput
from bench.floor import Floor
from bench.measure import captured_sql, read_statements, summary, time_calls, wsgi_get
from bench.paths import SCALE_FREE, SEARCH, THROUGHPUT, measured_paths
from kruz.search import contains_any_spelling
from projects import reminders, tasks
from projects.models import SEARCHED_FIELDS, Project, ReminderLog


def run_size(size, url, budget, wrk_seconds, with_throughput):
    grow_record(size)
    application = WSGIHandler()
    floor = Floor(url, connection_options())
    staff_headers = {"Cookie": staff_cookie()}
    result = {"projects": Project.objects.count(), "paths": {}, "plans": {}}
    for name, path, goal, options in measured_paths(COUNT_LIMIT):
        headers = staff_headers if options.get("staff") else {}
        print(f"  {name}: {path}", flush=True)
        measured = measure_path(application, floor, path, headers, options, budget, goal)
        result["paths"][name] = measured
        app, floor_ms = measured["app"]["median_ms"], measured["floor_orjson"]["median_ms"]
        print(
            f"    {app:.2f} ms, floor {floor_ms:.2f} ms, {measured['queries']} queries", flush=True
        )
        result["plans"][path] = read_statements(captured_sql(application, path, headers))
    result["search"] = compare_search(budget)
    result["reminders"] = measure_reminders(floor, budget)
    if with_throughput:
        result["throughput"] = measure_throughput(result, url, wrk_seconds)
    result["scale_free"] = sorted(SCALE_FREE)
    return result


def connection_options():
    """The session settings of KRUZ's connections (kruz.settings), for the floor's."""
    return settings.DATABASES["default"].get("OPTIONS", {}).get("options", "")


def grow_record(size):
    missing = size - Project.objects.count()
    if missing > 0:
        print(f"building the record up to {size} projects", flush=True)
        dataset.build(projects=missing)


def staff_cookie():
    """A logged-in superuser's session, for the admin changelist."""
    User = get_user_model()
    admin, _ = User.objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(admin)
    # Staff sessions count only once a TOTP code was verified (django-otp).
    device, _ = TOTPDevice.objects.get_or_create(
        user=admin, name="bench", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}"


def measure_path(application, floor, path, headers, options, budget, goal):
    status, answer_headers, body = wsgi_get(application, path, headers)
    if status != 200:
        raise RuntimeError(f"{path} answered {status}: {body[:300]!r}")
    statements = captured_sql(application, path, headers)
    reads = read_statements(statements)
    not_modified = options.get("revalidate", False)
    if not_modified:
        headers = {**headers, "If-None-Match": answer_headers["ETag"]}
        status, _headers, _body = wsgi_get(application, path, headers)
        assert status == 304, f"{path} did not revalidate: {status}"
    floor_orjson = floor.application(reads, "orjson", not_modified)
    floor_json_agg = floor.application(reads, "json_agg", not_modified)
    timings = time_calls(
        [
            lambda: wsgi_get(application, path, headers),
            lambda: wsgi_get(floor_orjson, path),
            lambda: wsgi_get(floor_json_agg, path),
        ],
        budget,
    )
    app, orjson_floor, json_agg_floor = (summary(found) for found in timings)
    return {
        "path": path,
        "queries": len(statements),
        "bytes": len(body),
        "app": app,
        "floor_orjson": orjson_floor,
        "floor_json_agg": json_agg_floor,
        "ratio": app["median_ms"] / orjson_floor["median_ms"],
        "goal": goal,
    }


def compare_search(budget):
    """The same page of matches by full text (the GIN index) and by `icontains` on every
    field and spelling (a scan of the table)."""
    published = Project.objects.published().order_by("title", "pk")
    full_text = published.search(SEARCH)
    contains = published.filter(contains_any_spelling(SEARCHED_FIELDS, SEARCH))
    matches = list(full_text.values_list("pk", flat=True))
    assert sorted(matches) == sorted(contains.values_list("pk", flat=True))
    timings = time_calls(
        [
            lambda: list(full_text.values_list("pk", flat=True)[:20]),
            lambda: list(contains.values_list("pk", flat=True)[:20]),
        ],
        budget,
        warmup=3,
        minimum=20,
    )
    fts, icontains = (summary(found) for found in timings)
    return {
        "matches": len(matches),
        "full_text": fts,
        "icontains": icontains,
        "speedup": icontains["median_ms"] / fts["median_ms"],
    }


def measure_reminders(floor, budget):
    """Finding what is due (the scan's reads), against the same SQL; then one real scan
    with the digests' enqueueing counted."""
    day = timezone.localdate()
    due = reminders.find_due_items(day)
    with CaptureQueriesContext(connection) as recorded:
        reminders.find_due_items(day)
    statements = read_statements([query["sql"] for query in recorded.captured_queries])
    floor_application = floor.application(statements)
    timings = time_calls(
        [lambda: reminders.find_due_items(day), lambda: floor_application({}, lambda *a: None)],
        budget,
    )
    find, find_floor = (summary(found) for found in timings)
    enqueued = []
    with mock.patch.object(
        tasks.send_digests, "delay", side_effect=lambda *args: enqueued.append(args)
    ):
        with transaction.atomic():
            recipients = tasks.scan_reminders(day.isoformat())
    ReminderLog.objects.all().delete()
    projects = Project.objects.count()
    due_projects = {
        item.target.pk
        if isinstance(item.target, Project)
        else getattr(item.target, "project_id", None)
        for item in due
    }
    return {
        "due_items": len(due),
        "projects_with_something_due": len(due_projects - {None}),
        "share_due": len(due_projects - {None}) / projects,
        "queries": len(recorded.captured_queries),
        "find": find,
        "floor": find_floor,
        "ratio": find["median_ms"] / find_floor["median_ms"],
        "recipients": recipients,
        "tasks_enqueued": len(enqueued),
    }


def measure_throughput(result, url, seconds):
    plans = {}
    for name in THROUGHPUT:
        path = result["paths"][name]["path"]
        plans[path] = result["plans"][path]
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
        json.dump(plans, file)
    try:
        return throughput.run(list(plans), url, file.name, seconds, connection_options())
    finally:
        os.unlink(file.name)
