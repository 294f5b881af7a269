"""The floor as a WSGI application for gunicorn: for each benchmarked address, the SQL
Django ran for it (written by bench.run to BENCH_FLOOR_PLANS), executed with psycopg and
encoded with orjson. No Django is imported here."""

import json
import os

from bench.floor import Floor

PLANS = {}
FLOOR = None


def application(environ, start_response):
    global FLOOR
    if FLOOR is None:  # one connection per worker, opened after the fork
        FLOOR = Floor(os.environ["BENCH_FLOOR_DSN"], os.environ.get("BENCH_FLOOR_OPTIONS", ""))
        with open(os.environ["BENCH_FLOOR_PLANS"]) as plans:
            PLANS.update(json.load(plans))
    path = environ["PATH_INFO"]
    if environ.get("QUERY_STRING"):
        path += "?" + environ["QUERY_STRING"]
    statements = PLANS.get(path)
    if statements is None:
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"no plan for this address"]
    body = FLOOR.orjson_body(statements)
    start_response("200 OK", [("Content-Type", "application/json")])
    return [body]
