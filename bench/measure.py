"""Timing a path against its floor, in one process.

A path is served through Django's WSGI handler (middleware, URL resolution, view,
serializer or template, renderer: everything gunicorn would call). Its floor is the
same SQL, captured from that very request, executed directly with psycopg on its own
connection and encoded with orjson (or aggregated by PostgreSQL itself with json_agg),
also behind a WSGI callable. Both run alternately, in small blocks, after a warm-up, so
that a noisy neighbour slows both alike; the figures are medians and p99s.
"""

import io
import statistics
import sys
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext

BLOCK = 10


def wsgi_environ(path, headers=None):
    path, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SCRIPT_NAME": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_ACCEPT": "application/json, text/html",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    for name, value in (headers or {}).items():
        environ["HTTP_" + name.upper().replace("-", "_")] = value
    return environ


def wsgi_get(application, path, headers=None):
    """(status, headers, body) of one GET served by a WSGI application."""
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"] = int(status.split()[0])
        answer["headers"] = dict(response_headers)

    chunks = application(wsgi_environ(path, headers), start_response)
    try:
        body = b"".join(chunks)
    finally:
        if hasattr(chunks, "close"):
            chunks.close()
    return answer["status"], answer["headers"], body


def captured_sql(application, path, headers=None):
    """The statements Django runs for the path, in order, with their parameters bound."""
    with CaptureQueriesContext(connection) as queries:
        status, _headers, _body = wsgi_get(application, path, headers)
    if status >= 400:
        raise RuntimeError(f"{path} answered {status}")
    return [query["sql"] for query in queries.captured_queries]


def read_statements(statements):
    """Only reads are replayed: a floor must not write (savepoints, session saves)."""
    return [sql for sql in statements if sql.lstrip().upper().startswith(("SELECT", "WITH"))]


def time_calls(functions, budget_seconds, warmup=10, minimum=60, maximum=600):
    """Nanosecond timings of each function, called alternately in blocks of BLOCK until
    the budget is spent (at least `minimum`, at most `maximum` calls each)."""
    for function in functions:
        for _ in range(warmup):
            function()
    timings = [[] for _ in functions]
    deadline = time.perf_counter() + budget_seconds
    while len(timings[0]) < maximum and (
        len(timings[0]) < minimum or time.perf_counter() < deadline
    ):
        for function, found in zip(functions, timings, strict=True):
            for _ in range(BLOCK):
                start = time.perf_counter_ns()
                function()
                found.append(time.perf_counter_ns() - start)
    return timings


def summary(nanoseconds):
    ordered = sorted(nanoseconds)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return {
        "median_ms": statistics.median(ordered) / 1e6,
        "p99_ms": p99 / 1e6,
        "runs": len(ordered),
    }
