"""Throughput: KRUZ under gunicorn (sync workers) and the floor under gunicorn, both
running on 127.0.0.1 at once and loaded by wrk in turn — KRUZ, floor, KRUZ, floor… for
ROUNDS rounds — at 4 and at 16 connections, so that a slow moment of the machine falls on
both alike. The figures are medians over the rounds; each round is kept too."""

import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time

CONNECTIONS = (4, 16)
ROUNDS = 3
WARM_UP_SECONDS = 3
# Sync workers: one per core, and one more for the moments a worker waits on PostgreSQL,
# which shares the cores (as wrk does). More workers only queue on the same two cores.
WORKERS = (os.cpu_count() or 1) + 1
PORTS = {"kruz": 18741, "floor": 18742}
APPLICATIONS = {"kruz": "kruz.wsgi:application", "floor": "bench.floor_wsgi:application"}


def run(paths, url, plans_file, seconds, floor_options=""):
    environment = {
        **os.environ,
        "BENCH_FLOOR_DSN": url,
        "BENCH_FLOOR_PLANS": plans_file,
        "BENCH_FLOOR_OPTIONS": floor_options,
    }
    servers = [start_gunicorn(APPLICATIONS[label], PORTS[label], environment) for label in PORTS]
    rounds = {}
    try:
        for path in paths:
            for connections in CONNECTIONS:
                key = f"{path} @{connections}"
                for port in PORTS.values():
                    warm_up(port, path, connections)
                for _round in range(ROUNDS):
                    for label, port in PORTS.items():
                        found = load(port, path, connections, seconds)
                        rounds.setdefault(key, {}).setdefault(label, []).append(found)
    finally:
        for server in servers:
            stop(server)
    return {
        key: {label: combine(runs) for label, runs in by_label.items()}
        for key, by_label in rounds.items()
    }


def combine(runs):
    """The medians over the rounds (errors and requests summed), with the rounds."""
    median = {
        name: statistics.median(run[name] for run in runs)
        for name in ("requests_per_second", "p50_ms", "p99_ms")
    }
    return {
        **median,
        "requests": sum(run["requests"] for run in runs),
        "errors": sum(run["errors"] for run in runs),
        "rounds": runs,
    }


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


def warm_up(port, path, connections):
    # Long and wide enough that every worker has served its first requests: a fresh
    # worker's first one takes ~0.25 s alone (URL patterns, translations, its connection),
    # over a second with four starting at once; after one second at four connections,
    # those still showed as a p99 of 1.5 s.
    url = f"http://127.0.0.1:{port}{path}"
    warm = max(connections, 2 * WORKERS)
    subprocess.run(["wrk", "-t1", f"-c{warm}", f"-d{WARM_UP_SECONDS}s", url], capture_output=True)


def load(port, path, connections, seconds):
    done = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            f"http://127.0.0.1:{port}{path}",
        ],
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
