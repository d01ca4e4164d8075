#!/usr/bin/env python3
"""Soak test: concurrent clients call Athena's tools for a set time, and errors and latency drift are reported.

Each client thread keeps one HTTP connection and calls, in a weighted mix, recall (35%), remember (20%),
record_event (15%), list_memories (10%), get_memory (10%) and recall_events (10%) in one new project, until the
time is up. Every answer other than a 200 with a well-formed body counts as an error, and so does a get_memory that
does not find a memory this run stored. At the end the script prints, per window of time (a minute by default), the
calls, errors and latency percentiles, the drift from the first to the last window, a per-tool summary and, when
Athena's metrics are readable, its heap and threads before and after. See docs/operations.md.

Exit status: 0 no error, 1 at least one error (or the drift limit exceeded), 2 bad arguments, 3 Athena unreachable.

Python 3.8+ standard library only.
"""

import argparse
import datetime
import http.client
import json
import random
import re
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

EXIT_ERRORS = 1
EXIT_USAGE = 2
EXIT_UNREACHABLE = 3

DEFAULT_URL = "http://localhost:8000"
DEFAULT_DURATION = "5m"
DEFAULT_CLIENTS = 32
DEFAULT_WINDOW = "60s"
DEFAULT_SEED_MEMORIES = 200
REQUEST_TIMEOUT_SECONDS = 30
MAX_REPORTED_ERRORS = 10

MIX = (("recall", 35), ("remember", 20), ("record_event", 15), ("list_memories", 10), ("get_memory", 10),
       ("recall_events", 10))

SUBJECTS = ("the checkout service", "the payment gateway", "the nightly export", "the search index", "the auth proxy",
            "the mobile app", "the billing job", "the staging cluster", "the feature flag service", "the data lake")
FACTS = ("times out after {n} seconds under load", "needs {n} GB of memory to start", "was migrated to Java {n}",
         "retries {n} times before giving up", "logs at level WARN since release {n}",
         "is owned by team {n}", "runs {n} replicas in production", "caches results for {n} minutes")
EVENT_TYPES = ("action", "decision", "error", "success", "file_change", "test_run", "debugging")
QUERIES = ("How long until {s} times out?", "Who owns {s}?", "How much memory does {s} need?",
           "What changed in {s}?", "How many replicas does {s} run?")


def parse_duration(text):
    match = re.fullmatch(r"(\d+(?:\.\d+)?)(ms|s|m|h)?", text.strip())
    if not match:
        raise ValueError(f"not a duration: {text!r} (examples: 90s, 5m, 1h)")
    value = float(match.group(1))
    return value * {"ms": 0.001, "s": 1, "m": 60, "h": 3600, None: 1}[match.group(2)]


def percentile(sorted_values, fraction):
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, int(round(fraction * (len(sorted_values) - 1)))))
    return sorted_values[index]


class Athena:
    """One keep-alive HTTP connection to Athena's REST tools (one per client thread)."""

    def __init__(self, url, api_key):
        parsed = urllib.parse.urlsplit(url)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ValueError(f"--url must be an http(s) URL, was {url!r}")
        self.scheme = parsed.scheme
        self.host = parsed.hostname
        self.port = parsed.port or (443 if parsed.scheme == "https" else 80)
        self.base_path = parsed.path.rstrip("/")
        self.headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if api_key:
            self.headers["Authorization"] = "Bearer " + api_key
        self.connection = None

    def _connect(self):
        factory = http.client.HTTPSConnection if self.scheme == "https" else http.client.HTTPConnection
        self.connection = factory(self.host, self.port, timeout=REQUEST_TIMEOUT_SECONDS)

    def call(self, tool, parameters):
        """Returns (status, parsed body or None, raw text); raises OSError/HTTPException when the connection fails."""
        if self.connection is None:
            self._connect()
        body = json.dumps(parameters).encode("utf-8")
        try:
            self.connection.request("POST", f"{self.base_path}/tools/{tool}/execute", body=body, headers=self.headers)
            response = self.connection.getresponse()
            raw = response.read().decode("utf-8", errors="replace")
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            parsed = None
        return response.status, parsed, raw

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None


class Run:
    """What every client recorded: (tool, start offset, latency, error or None), and the ids stored so far."""

    def __init__(self, project):
        self.project = project
        self.lock = threading.Lock()
        self.calls = []
        self.memory_ids = []
        self.errors = []

    def record(self, tool, started, latency, error):
        with self.lock:
            self.calls.append((tool, started, latency, error))
            if error is not None and len(self.errors) < MAX_REPORTED_ERRORS:
                self.errors.append(f"{tool} at +{started:.1f}s: {error}")

    def stored(self, memory_id):
        with self.lock:
            self.memory_ids.append(memory_id)

    def some_memory(self, rng):
        with self.lock:
            return rng.choice(self.memory_ids) if self.memory_ids else None


def sentence(rng):
    return (f"{rng.choice(SUBJECTS).capitalize()} {rng.choice(FACTS).format(n=rng.randint(2, 99))} "
            f"(note {rng.randrange(10**9)})")


def parameters_for(tool, run, rng):
    project = run.project
    if tool == "remember":
        return {"project": project, "content": sentence(rng), "tags": [rng.choice(("ops", "dev", "infra"))],
                "importance": round(rng.random(), 2)}
    if tool == "recall":
        return {"project": project, "query": rng.choice(QUERIES).format(s=rng.choice(SUBJECTS)), "k": rng.choice((5, 10))}
    if tool == "record_event":
        return {"project": project, "event_type": rng.choice(EVENT_TYPES), "content": sentence(rng),
                "session_id": f"soak-{rng.randrange(64)}", "outcome": rng.choice(("success", "failure"))}
    if tool == "list_memories":
        return {"project": project, "limit": rng.choice((10, 50))}
    if tool == "get_memory":
        memory_id = run.some_memory(rng)
        return {"project": project, "memory_id": memory_id} if memory_id else None
    if tool == "recall_events":
        return {"project": project, "session_id": f"soak-{rng.randrange(64)}", "limit": 20}
    raise ValueError(tool)


def check(tool, status, body, raw, run):
    """None when the answer is right, else what is wrong with it."""
    if status != 200:
        return f"HTTP {status}: {raw[:200]}"
    if not isinstance(body, dict):
        return f"not a JSON object: {raw[:200]}"
    if tool == "remember":
        if body.get("status") not in ("created", "duplicate", "pending_embedding") or not body.get("id"):
            return f"unexpected answer {raw[:200]}"
        run.stored(body["id"])
    elif tool == "recall" and not isinstance(body.get("results"), list):
        return f"no results list: {raw[:200]}"
    elif tool == "record_event" and not body.get("id"):
        return f"no id: {raw[:200]}"
    elif tool == "list_memories" and not isinstance(body.get("items"), list):
        return f"no items list: {raw[:200]}"
    elif tool == "get_memory" and not isinstance(body.get("content"), str):
        return f"no memory: {raw[:200]}"
    elif tool == "recall_events" and not isinstance(body.get("events"), list):
        return f"no events list: {raw[:200]}"
    return None


def client(index, athena, run, start, deadline, seed):
    rng = random.Random(seed * 1000 + index)
    tools = [tool for tool, _ in MIX]
    weights = [weight for _, weight in MIX]
    try:
        while time.monotonic() < deadline:
            tool = rng.choices(tools, weights)[0]
            parameters = parameters_for(tool, run, rng)
            if parameters is None:
                continue
            began = time.monotonic()
            try:
                status, body, raw = athena.call(tool, parameters)
                error = check(tool, status, body, raw, run)
            except (OSError, http.client.HTTPException) as failure:
                error = f"connection failed: {failure}"
            run.record(tool, began - start, time.monotonic() - began, error)
    finally:
        athena.close()


def metric(url, api_key, name, tag=None):
    """A value of Athena's /actuator/metrics, or None when it cannot be read (protected, or not exposed)."""
    query = f"?tag={urllib.parse.quote(tag)}" if tag else ""
    request = urllib.request.Request(f"{url.rstrip('/')}/actuator/metrics/{name}{query}")
    if api_key:
        request.add_header("Authorization", "Bearer " + api_key)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            body = json.loads(response.read().decode("utf-8"))
        return next((m["value"] for m in body.get("measurements", []) if m.get("statistic") == "VALUE"), None)
    except (OSError, ValueError, urllib.error.URLError):
        return None


def snapshot(url, api_key):
    return {"heap_used_mb": _mb(metric(url, api_key, "jvm.memory.used", "area:heap")),
            "threads": metric(url, api_key, "jvm.threads.live"),
            "db_connections_active": metric(url, api_key, "hikaricp.connections.active")}


def _mb(value):
    return None if value is None else round(value / 1024 / 1024, 1)


def seed_project(athena, run, count, rng):
    """Stores `count` memories and a few events first, so that reads find something from the first second on."""
    for offset in range(0, count, 500):
        items = [{"content": sentence(rng), "tags": ["seed"]} for _ in range(min(500, count - offset))]
        status, body, raw = athena.call("remember_batch", {"project": run.project, "items": items})
        if status != 200:
            raise RuntimeError(f"seeding failed: HTTP {status}: {raw[:300]}")
        for result in body["results"]:
            run.stored(result["id"])
    events = [{"event_type": rng.choice(EVENT_TYPES), "content": sentence(rng), "session_id": f"soak-{i % 64}"}
              for i in range(64)]
    status, _, raw = athena.call("batch_record_events", {"project": run.project, "events": events})
    if status != 200:
        raise RuntimeError(f"seeding failed: HTTP {status}: {raw[:300]}")


def windows(calls, window, duration):
    count = max(1, int(-(-duration // window)))
    buckets = [[] for _ in range(count)]
    for call in calls:
        buckets[min(count - 1, int(call[1] // window))].append(call)
    rows = []
    for number, bucket in enumerate(buckets):
        latencies = sorted(c[2] * 1000 for c in bucket)
        rows.append({"window": number + 1, "from_s": round(number * window, 1),
                     "to_s": round(min(duration, (number + 1) * window), 1), "calls": len(bucket),
                     "errors": sum(1 for c in bucket if c[3] is not None),
                     "p50_ms": round(percentile(latencies, 0.50), 2), "p99_ms": round(percentile(latencies, 0.99), 2),
                     "max_ms": round(latencies[-1], 2) if latencies else float("nan")})
    return rows


def per_tool(calls):
    rows = []
    for tool, _ in MIX:
        latencies = sorted(c[2] * 1000 for c in calls if c[0] == tool)
        rows.append({"tool": tool, "calls": len(latencies),
                     "errors": sum(1 for c in calls if c[0] == tool and c[3] is not None),
                     "p50_ms": round(percentile(latencies, 0.50), 2), "p95_ms": round(percentile(latencies, 0.95), 2),
                     "p99_ms": round(percentile(latencies, 0.99), 2)})
    return rows


def drift(rows):
    measured = [row for row in rows if row["calls"] > 0]
    if len(measured) < 2:
        return None
    first, last = measured[0], measured[-1]
    return {"p50_first_ms": first["p50_ms"], "p50_last_ms": last["p50_ms"],
            "p50_ratio": round(last["p50_ms"] / first["p50_ms"], 2) if first["p50_ms"] > 0 else None,
            "p99_first_ms": first["p99_ms"], "p99_last_ms": last["p99_ms"],
            "p99_ratio": round(last["p99_ms"] / first["p99_ms"], 2) if first["p99_ms"] > 0 else None}


def print_report(args, duration, window_rows, tool_rows, drift_row, before, after, total, errors, elapsed):
    print(f"soak: {args.clients} clients, {duration:.0f} s against {args.url}, project {args.project}")
    print()
    print(f"| window | from-to (s) | calls | calls/s | errors | p50 (ms) | p99 (ms) | max (ms) |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|")
    for row in window_rows:
        span = max(0.001, row["to_s"] - row["from_s"])
        print(f"| {row['window']} | {row['from_s']:.0f}-{row['to_s']:.0f} | {row['calls']} | {row['calls'] / span:.1f} | "
              f"{row['errors']} | {row['p50_ms']:.1f} | {row['p99_ms']:.1f} | {row['max_ms']:.1f} |")
    print()
    print("| tool | calls | errors | p50 (ms) | p95 (ms) | p99 (ms) |")
    print("|---|---:|---:|---:|---:|---:|")
    for row in tool_rows:
        print(f"| {row['tool']} | {row['calls']} | {row['errors']} | {row['p50_ms']:.1f} | {row['p95_ms']:.1f} | {row['p99_ms']:.1f} |")
    print()
    if drift_row:
        print(f"drift, first to last window: p50 {drift_row['p50_first_ms']:.1f} -> {drift_row['p50_last_ms']:.1f} ms "
              f"(x{drift_row['p50_ratio']}), p99 {drift_row['p99_first_ms']:.1f} -> {drift_row['p99_last_ms']:.1f} ms "
              f"(x{drift_row['p99_ratio']})")
    else:
        print("drift: needs at least two windows with calls (use a longer --duration or a shorter --window)")
    if any(value is not None for value in before.values()):
        print(f"athena before/after: heap {before['heap_used_mb']} -> {after['heap_used_mb']} MB, "
              f"threads {before['threads']} -> {after['threads']}, "
              f"active db connections {before['db_connections_active']} -> {after['db_connections_active']}")
    print(f"total: {total} calls in {elapsed:.1f} s ({total / max(elapsed, 0.001):.1f}/s), errors: {errors}")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="soak.sh", description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", default=DEFAULT_DURATION, help="how long the clients run (default 5m)")
    parser.add_argument("--clients", type=int, default=DEFAULT_CLIENTS, help="concurrent clients (default 32)")
    parser.add_argument("--url", default=DEFAULT_URL, help=f"Athena's base URL (default {DEFAULT_URL})")
    parser.add_argument("--window", default=DEFAULT_WINDOW, help="width of a reporting window (default 60s)")
    parser.add_argument("--project", default=None, help="project to work in (default: a new soak-<time> project)")
    parser.add_argument("--seed-memories", type=int, default=DEFAULT_SEED_MEMORIES,
                        help="memories stored before the clients start (default 200)")
    parser.add_argument("--api-key", default=None, help="sent as a bearer token when API keys are on")
    parser.add_argument("--max-p99-drift", type=float, default=None,
                        help="fail when the last window's p99 exceeds the first's by more than this factor")
    parser.add_argument("--json", default=None, help="also write the results to this file")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the clients' choices (default 1)")
    try:
        args = parser.parse_args(argv)
        duration = parse_duration(args.duration)
        window = parse_duration(args.window)
        if duration <= 0 or window <= 0:
            raise ValueError("--duration and --window must be positive")
        if not 1 <= args.clients <= 1024:
            raise ValueError("--clients must be between 1 and 1024")
        if args.seed_memories < 1:
            raise ValueError("--seed-memories must be at least 1 (get_memory needs a memory)")
        args.project = args.project or "soak-" + datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%S")
        seeding = Athena(args.url, args.api_key)
    except ValueError as problem:
        print(f"usage: soak.sh [--duration 5m] [--clients 32] [--url URL] ...\nsoak: {problem}", file=sys.stderr)
        return EXIT_USAGE

    run = Run(args.project)
    rng = random.Random(args.seed)
    try:
        seed_project(seeding, run, args.seed_memories, rng)
    except (OSError, http.client.HTTPException) as failure:
        print(f"soak: Athena at {args.url} is unreachable: {failure}", file=sys.stderr)
        return EXIT_UNREACHABLE
    except RuntimeError as failure:
        print(f"soak: {failure}", file=sys.stderr)
        return EXIT_UNREACHABLE
    finally:
        seeding.close()

    before = snapshot(args.url, args.api_key)
    start = time.monotonic()
    deadline = start + duration
    threads = [threading.Thread(target=client, args=(i, Athena(args.url, args.api_key), run, start, deadline, args.seed),
                                name=f"soak-client-{i}", daemon=True) for i in range(args.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=duration + REQUEST_TIMEOUT_SECONDS + 5)
    elapsed = time.monotonic() - start
    after = snapshot(args.url, args.api_key)

    calls = list(run.calls)
    errors = sum(1 for call in calls if call[3] is not None)
    window_rows = windows(calls, window, duration)
    tool_rows = per_tool(calls)
    drift_row = drift(window_rows)
    print_report(args, duration, window_rows, tool_rows, drift_row, before, after, len(calls), errors, elapsed)
    drift_exceeded = (args.max_p99_drift is not None and drift_row is not None and drift_row["p99_ratio"] is not None
                      and drift_row["p99_ratio"] > args.max_p99_drift)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump({"url": args.url, "project": args.project, "clients": args.clients, "duration_s": duration,
                       "window_s": window, "calls": len(calls), "errors": errors, "error_samples": run.errors,
                       "windows": window_rows, "tools": tool_rows, "drift": drift_row, "athena_before": before,
                       "athena_after": after}, out, indent=2)
    if errors:
        print("first errors:", file=sys.stderr)
        for line in run.errors:
            print("  " + line, file=sys.stderr)
        return EXIT_ERRORS
    if drift_exceeded:
        print(f"soak: p99 drifted x{drift_row['p99_ratio']}, more than --max-p99-drift {args.max_p99_drift}", file=sys.stderr)
        return EXIT_ERRORS
    return 0


if __name__ == "__main__":
    sys.exit(main())
