"""Throughput: KRUZ under gunicorn (sync workers) and the floor under gunicorn, both on
127.0.0.1 only, each loaded by wrk for a few seconds at 4 and at 16 connections."""

import os
import re
import signal
import socket
import subprocess
import sys
import time

CONNECTIONS = (4, 16)
WARM_UP_SECONDS = 3
WORKERS = 2 * (os.cpu_count() or 1)
KRUZ_PORT, FLOOR_PORT = 18741, 18742


def run(paths, url, plans_file, seconds, floor_options=""):
    environment = {
        **os.environ,
        "BENCH_FLOOR_DSN": url,
        "BENCH_FLOOR_PLANS": plans_file,
        "BENCH_FLOOR_OPTIONS": floor_options,
    }
    results = {}
    servers = [
        ("kruz", "kruz.wsgi:application", KRUZ_PORT),
        ("floor", "bench.floor_wsgi:application", FLOOR_PORT),
    ]
    for label, application, port in servers:
        server = start_gunicorn(application, port, environment)
        try:
            for path in paths:
                for connections in CONNECTIONS:
                    key = f"{path} @{connections}"
                    results.setdefault(key, {})[label] = load(port, path, connections, seconds)
        finally:
            stop(server)
    return results


def start_gunicorn(application, port, environment):
    command = [
        os.path.join(os.path.dirname(sys.executable), "gunicorn"),
        application,
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(WORKERS),
        "--worker-class",
        "sync",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, env=environment)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.2)
    stop(server)
    raise RuntimeError(f"gunicorn did not start on 127.0.0.1:{port}")


def stop(server):
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def load(port, path, connections, seconds):
    url = f"http://127.0.0.1:{port}{path}"
    # A warm-up long and wide enough that every worker has served its first requests: a
    # fresh worker's first one takes ~0.25 s alone (URL patterns, translations, its
    # connection), over a second with four starting at once; after one second at four
    # connections, those still showed as a p99 of 1.5 s.
    warm = max(connections, 2 * WORKERS)
    subprocess.run(["wrk", "-t1", f"-c{warm}", f"-d{WARM_UP_SECONDS}s", url], capture_output=True)
    done = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        timeout=seconds + 30,
    )
    return parse_wrk(done.stdout)


def parse_wrk(output):
    def latency(percentile):
        found = re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
        value, unit = float(found.group(1)), found.group(2)
        return value * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    requests = re.search(r"(\d+) requests in", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    errors = int(non_2xx.group(1)) if non_2xx else 0
    if socket_errors:
        errors += sum(int(number) for number in socket_errors.groups())
    return {
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": latency(50),
        "p99_ms": latency(99),
        "requests": int(requests.group(1)),
        "errors": errors,
    }
