"""`make bench`: reset the benchmark database, grow a synthetic record to each size, and
measure every path against its floor, in process and under gunicorn + wrk.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/kruz_bench \\
        .venv/bin/python -m bench.run --sizes 1000,100000

The database named in BENCH_DATABASE_URL is DROPPED and created again: it must be a
PostgreSQL database whose name contains "bench". Results go to bench/results.json and
the table between the markers in bench/RESULTS.md.
"""

import argparse
import datetime
import json
import os
import pathlib
import platform
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/kruz_bench"


def configure_environment(url):
    """The production shape: DEBUG off (no query log), persistent connections, and no
    throttle in the way of a load generator on loopback."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kruz.settings")
    os.environ["DEBUG"] = "off"
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost"
    os.environ.setdefault("SITE_URL", "http://127.0.0.1:8000")
    os.environ["SECURE_SSL_REDIRECT"] = "off"
    os.environ["API_ANON_RATE"] = "100000000/second"
    os.environ["CONN_MAX_AGE"] = "600"
    os.environ["EMAIL_URL"] = "memorymail://"
    os.environ.pop("CELERY_BROKER_URL", None)
    os.environ["LOG_LEVEL"] = "WARNING"
    # The shared cache of production (representations, page fragments, the throttle),
    # emptied before each run by reset_database().
    os.environ.setdefault("BENCH_CACHE_URL", "redis://127.0.0.1:6379/2")
    os.environ["CACHE_URL"] = os.environ["BENCH_CACHE_URL"]


def reset_database(url):
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1].split("?")[0]
    if not url.startswith("postgres") or "bench" not in name:
        sys.exit(f"Refusing to reset {name!r}: give a PostgreSQL database named *bench*.")
    maintenance = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(maintenance, autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    import redis

    redis.Redis.from_url(os.environ["CACHE_URL"]).flushdb()
    print(f"database {name} and cache {os.environ['CACHE_URL']} reset", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,100000")
    parser.add_argument("--budget", type=float, default=2.0, help="seconds of timing per path")
    parser.add_argument("--wrk-seconds", type=int, default=5)
    parser.add_argument("--no-throughput", action="store_true")
    options = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    configure_environment(url)
    reset_database(url)

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    from bench import scenario

    sizes = [int(size) for size in options.sizes.split(",")]
    results = {"machine": machine(), "sizes": {}, "started": now()}
    for size in sizes:
        results["sizes"][str(size)] = scenario.run_size(
            size, url, options.budget, options.wrk_seconds, not options.no_throughput
        )
    results["finished"] = now()
    (HERE / "results.json").write_text(json.dumps(results, indent=1, default=str))
    from bench.report import write_results

    write_results(results, HERE / "RESULTS.md")
    print((HERE / "RESULTS.md").read_text())


def now():
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


def machine():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu_model(),
        "ram_gib": round(memory, 1),
        "postgresql": postgres,
        "python": platform.python_version(),
        "kernel": platform.release(),
        "wrk": tool_version(["wrk", "--version"]),
    }


def cpu_model():
    try:
        for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def tool_version(command):
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.TimeoutExpired):
        return "not installed"
    return (done.stdout + done.stderr).splitlines()[0] if (done.stdout + done.stderr) else ""


if __name__ == "__main__":
    started = time.monotonic()
    main()
    print(f"bench finished in {time.monotonic() - started:.0f} s", file=sys.stderr)
