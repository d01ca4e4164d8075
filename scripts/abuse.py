#!/usr/bin/env python3
"""Abuse run: can one API key take Athena from the others?

For --duration, an attacker key
  * floods POST /mcp with initialize requests, every other one carrying a 1 MB clientInfo (--init-threads), and
  * keeps --compress-threads heavy compress_prompt calls in flight (about 390 KB of context, 100 force tokens and a
    2,000-character instruction each, the limits' maximum), ignoring Retry-After,
while a victim key calls recall once every 250 ms, /health is fetched every 250 ms, and the gateway's resident memory
is sampled every second (from /proc, so the process id must be known: --start or --pid). Before the flood, recall
and /health are measured alone for a baseline.

The run fails (exit 1) when /health took over 1 s even once, when recall's p95 under abuse is over 1 s and over 4
times its baseline, or when the resident memory went over 800 MB. Python 3.8+ standard library only.
"""

import argparse
import http.client
import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse

EXIT_EXCEEDED = 1
EXIT_USAGE = 2
EXIT_UNREACHABLE = 3

HEALTH_LIMIT_MS = 1000
RECALL_P95_LIMIT_MS = 1000
RECALL_DEGRADATION_FACTOR = 4
RSS_LIMIT_MB = 800
PROBE_INTERVAL_S = 0.25
BASELINE_S = 5
REQUEST_TIMEOUT_S = 30
# Longer than athena.compression.timeout (60 s), so a compression's answer is Athena's, not this client giving up.
COMPRESS_TIMEOUT_S = 90

START_KEYS = {"attacker": "abuse-attacker-key-1", "victim": "abuse-victim-key-2", "admin": "abuse-admin-key-3"}
WORDS = ("deploy", "service", "retry", "timeout", "cluster", "memory", "index", "latency", "release", "rollback",
         "the", "a", "and", "of", "to", "in", "is", "was", "not", "because", "build", "test", "config", "queue")


def parse_duration(text):
    match = re.fullmatch(r"(\d+(?:\.\d+)?)(ms|s|m)?", text.strip())
    if not match:
        raise ValueError(f"not a duration: {text!r} (examples: 30s, 2m)")
    return float(match.group(1)) * {"ms": 0.001, "s": 1, "m": 60, None: 1}[match.group(2)]


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, int(round(fraction * (len(ordered) - 1)))))]


class Http:
    """One keep-alive connection; request() answers (status, text, headers) and reconnects after a failure."""

    def __init__(self, url, key=None, timeout=REQUEST_TIMEOUT_S):
        parsed = urllib.parse.urlsplit(url)
        self.timeout = timeout
        if parsed.scheme != "http" or not parsed.hostname:
            raise ValueError(f"--url must be an http URL, was {url!r}")
        self.host, self.port = parsed.hostname, parsed.port or 80
        self.headers = {"Authorization": "Bearer " + key} if key else {}
        self.connection = None

    def request(self, method, path, body=None, headers=None):
        if self.connection is None:
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        all_headers = dict(self.headers, **(headers or {}))
        try:
            self.connection.request(method, path, body=body, headers=all_headers)
            response = self.connection.getresponse()
            text = response.read().decode("utf-8", errors="replace")
            return response.status, text, dict(response.getheaders())
        except (OSError, http.client.HTTPException):
            self.close()
            raise

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None


class Tally:
    """Thread-safe counts and latencies by name."""

    def __init__(self):
        self.lock = threading.Lock()
        self.counts = {}
        self.latencies = {}

    def count(self, name):
        with self.lock:
            self.counts[name] = self.counts.get(name, 0) + 1

    def latency(self, name, millis):
        with self.lock:
            self.latencies.setdefault(name, []).append(millis)


def heavy_compression(rng):
    words, length = [], 0
    while length < 390_000:
        word = rng.choice(WORDS)
        words.append(f"{word}{rng.randrange(1000)}" if rng.random() < 0.05 else word)
        length += len(words[-1]) + 1
    return json.dumps({"context": " ".join(words), "instruction": ("why did the deploy fail " * 100)[:2000],
                       "rate": 0.5, "force_tokens": [f"{rng.choice(WORDS)}{i}" for i in range(100)]}).encode()


def initialize_body(client_info):
    return json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": client_info}}).encode()


MCP_HEADERS = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream"}
JSON_HEADERS = {"Content-Type": "application/json"}


def flood_initialize(url, key, deadline, tally):
    athena = Http(url, key)
    big = initialize_body({"name": "x" * 1_000_000, "version": "1"})
    small = initialize_body({"name": "abuse", "version": "1"})
    flip = False
    while time.monotonic() < deadline:
        flip = not flip
        try:
            status, _, _ = athena.request("POST", "/mcp", big if flip else small, MCP_HEADERS)
            tally.count(f"initialize {'1 MB' if flip else 'small'} -> {status}")
        except (OSError, http.client.HTTPException):
            tally.count(f"initialize {'1 MB' if flip else 'small'} -> connection error")
    athena.close()


def flood_compress(url, key, deadline, tally, body):
    athena = Http(url, key, COMPRESS_TIMEOUT_S)
    while time.monotonic() < deadline:
        began = time.monotonic()
        try:
            status, _, _ = athena.request("POST", "/tools/compress_prompt/execute", body, JSON_HEADERS)
            tally.count(f"compress_prompt -> {status}")
            if status == 200:
                tally.latency("compress_prompt 200", (time.monotonic() - began) * 1000)
        except (OSError, http.client.HTTPException):
            tally.count("compress_prompt -> connection error")
    athena.close()


def probe(url, key, project, deadline, tally, phase):
    health, victim = Http(url), Http(url, key)
    recall = json.dumps({"project": project, "query": "why did the checkout deploy fail?", "k": 5}).encode()
    while time.monotonic() < deadline:
        began = time.monotonic()
        for name, athena, method, path, body in (("health", health, "GET", "/health", None),
                                                  ("recall", victim, "POST", "/tools/recall/execute", recall)):
            start = time.monotonic()
            try:
                status, _, _ = athena.request(method, path, body, JSON_HEADERS if body else None)
                tally.latency(f"{name} {phase}", (time.monotonic() - start) * 1000)
                if status != 200:
                    tally.count(f"{name} {phase} -> {status}")
            except (OSError, http.client.HTTPException):
                tally.latency(f"{name} {phase}", (time.monotonic() - start) * 1000)
                tally.count(f"{name} {phase} -> connection error")
        time.sleep(max(0.0, PROBE_INTERVAL_S - (time.monotonic() - began)))


def sample_rss(pid, deadline, samples):
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/status", encoding="ascii") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        samples.append(int(line.split()[1]) / 1024)
        except OSError:
            return
        time.sleep(1)


def wait_for_health(url, seconds):
    athena = Http(url)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if athena.request("GET", "/health")[0] == 200:
                return True
        except (OSError, http.client.HTTPException):
            pass
        time.sleep(1)
    return False


def start_athena(port):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    jar = os.path.join(root, "athena-gateway", "target", "athena.jar")
    if not os.path.exists(jar):
        subprocess.run([os.path.join(root, "mvnw"), "-q", "-DskipTests", "package"], cwd=root, check=True)
    keys = f"{START_KEYS['attacker']}:attacker,{START_KEYS['victim']}:victim,{START_KEYS['admin']}:*"
    environment = dict(os.environ, ATHENA_API_KEYS=keys)
    java_opts = os.environ.get("JAVA_OPTS", "-Xms384m -Xmx384m -XX:+UseSerialGC -XX:MaxMetaspaceSize=192m "
                                            "-XX:ReservedCodeCacheSize=96m -Xss512k").split()
    log = open(os.path.join(root, "athena-gateway", "target", "abuse-athena.log"), "w", encoding="utf-8")
    process = subprocess.Popen(["java", *java_opts, "-jar", jar, f"--server.port={port}"], cwd=root, env=environment,
                               stdout=log, stderr=subprocess.STDOUT)
    return process


def mcp_sessions(url, admin_key):
    if not admin_key:
        return None
    try:
        status, text, _ = Http(url, admin_key).request("GET", "/actuator/prometheus")
    except (OSError, http.client.HTTPException):
        return None
    match = re.search(r"^athena_mcp_sessions\{[^}]*\} (\S+)$", text, re.MULTILINE) if status == 200 else None
    return int(float(match.group(1))) if match else None


def seed_victim(url, key, project):
    athena = Http(url, key)
    for i in range(20):
        memory = {"project": project, "content": f"The checkout deploy {i} failed because the pod ran out of memory "
                                                 f"(exit code 137) on build {4400 + i}."}
        status, text, _ = athena.request("POST", "/tools/remember/execute", json.dumps(memory).encode(), JSON_HEADERS)
        if status != 200:
            raise RuntimeError(f"seeding the victim's memories failed: HTTP {status} {text[:200]}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", default="30s")
    parser.add_argument("--url", default=None, help="a running Athena (default http://localhost:8000)")
    parser.add_argument("--start", action="store_true", help="start Athena from athena-gateway/target/athena.jar")
    parser.add_argument("--port", type=int, default=8090, help="port for --start")
    parser.add_argument("--attacker-key")
    parser.add_argument("--victim-key")
    parser.add_argument("--victim-project", default="victim")
    parser.add_argument("--admin-key", help="a key bound to '*', to read athena_mcp_sessions at the end")
    parser.add_argument("--pid", type=int, help="the gateway's process id, for resident memory")
    parser.add_argument("--init-threads", type=int, default=4)
    parser.add_argument("--compress-threads", type=int, default=20)
    parser.add_argument("--json")
    args = parser.parse_args()
    try:
        duration = parse_duration(args.duration)
        if duration <= 0 or duration > 600:
            raise ValueError("--duration must be more than 0 and at most 10m: the run is meant to be short")
        if not args.start and not (args.attacker_key and args.victim_key):
            raise ValueError("give --start, or --attacker-key and --victim-key of a running Athena")
    except ValueError as problem:
        print(f"abuse: {problem}", file=sys.stderr)
        return EXIT_USAGE

    process = None
    if args.start:
        url = f"http://127.0.0.1:{args.port}"
        attacker, victim, admin = START_KEYS["attacker"], START_KEYS["victim"], START_KEYS["admin"]
        process = start_athena(args.port)
        pid = process.pid
        print(f"abuse: started Athena (pid {pid}) on {url}; log in athena-gateway/target/abuse-athena.log", flush=True)
    else:
        url = args.url or "http://localhost:8000"
        attacker, victim, admin, pid = args.attacker_key, args.victim_key, args.admin_key, args.pid
    try:
        if not wait_for_health(url, 180 if process else 10):
            print(f"abuse: Athena at {url} does not answer /health", file=sys.stderr)
            return EXIT_UNREACHABLE
        return run(url, attacker, victim, args.victim_project, admin, pid, duration, args)
    finally:
        if process is not None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def run(url, attacker, victim, project, admin, pid, duration, args):
    seed_victim(url, victim, project)
    tally = Tally()
    rss = []
    baseline_end = time.monotonic() + BASELINE_S
    probe(url, victim, project, baseline_end, tally, "alone")

    print(f"abuse: {duration:.0f} s of {args.init_threads} initialize floods and {args.compress_threads} compress_prompt "
          f"floods from one key; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs", flush=True)
    body = heavy_compression(random.Random(14))
    deadline = time.monotonic() + duration
    threads = [threading.Thread(target=probe, args=(url, victim, project, deadline, tally, "under abuse"))]
    if pid:
        threads.append(threading.Thread(target=sample_rss, args=(pid, deadline, rss)))
    threads += [threading.Thread(target=flood_initialize, args=(url, attacker, deadline, tally))
                for _ in range(args.init_threads)]
    threads += [threading.Thread(target=flood_compress, args=(url, attacker, deadline, tally, body))
                for _ in range(args.compress_threads)]
    for thread in threads:
        thread.start()
    # A compression still in flight at the deadline may take up to athena.compression.timeout to answer.
    for thread in threads:
        thread.join()
    sessions = mcp_sessions(url, admin)
    print(f"abuse: load average {os.getloadavg()[0]:.1f} at the end (this script's own threads included)")
    return report(tally, rss, sessions, args.json)


def report(tally, rss, sessions, json_path):
    def stats(name):
        values = tally.latencies.get(name, [])
        return {"n": len(values), "p50": percentile(values, 0.5), "p95": percentile(values, 0.95),
                "max": max(values) if values else float("nan")}

    health, recall = stats("health under abuse"), stats("recall under abuse")
    health_alone, recall_alone = stats("health alone"), stats("recall alone")
    rss_max = max(rss) if rss else None
    recall_limit = max(RECALL_P95_LIMIT_MS, RECALL_DEGRADATION_FACTOR * recall_alone["p95"])
    checks = [
        ("/health, max ms", health_alone, health, "max", HEALTH_LIMIT_MS),
        ("recall (victim key), p95 ms", recall_alone, recall, "p95", recall_limit),
    ]
    failed = False
    print()
    print("| measure | alone: p50 / p95 / max | under abuse: p50 / p95 / max | limit | held |")
    print("|---|---|---|---|---|")
    for label, alone, under, key, limit in checks:
        held = under["n"] > 0 and under[key] <= limit
        failed |= not held
        print(f"| {label} | {alone['p50']:.0f} / {alone['p95']:.0f} / {alone['max']:.0f} (n={alone['n']}) "
              f"| {under['p50']:.0f} / {under['p95']:.0f} / {under['max']:.0f} (n={under['n']}) "
              f"| {key} <= {limit:.0f} | {'yes' if held else 'NO'} |")
    if rss_max is not None:
        held = rss_max <= RSS_LIMIT_MB
        failed |= not held
        print(f"| gateway resident memory, MB | {rss[0]:.0f} at start | {rss_max:.0f} max, {rss[-1]:.0f} at end "
              f"| <= {RSS_LIMIT_MB} | {'yes' if held else 'NO'} |")
    else:
        print("| gateway resident memory, MB | not measured (give --pid or --start) | | | |")
    if sessions is not None:
        print(f"| open MCP sessions at the end | | {sessions} | athena.mcp.max-sessions | |")
    print()
    print("| attacker request -> answer | count |")
    print("|---|---|")
    for name in sorted(name for name in tally.counts if "->" in name and not name.startswith(("health", "recall"))):
        print(f"| {name} | {tally.counts[name]} |")
    compress = stats("compress_prompt 200")
    if compress["n"]:
        print(f"| compress_prompt 200 latency p50 / max ms | {compress['p50']:.0f} / {compress['max']:.0f} |")
    victim_errors = {name: count for name, count in tally.counts.items() if name.startswith(("health", "recall"))}
    for name, count in sorted(victim_errors.items()):
        print(f"| victim: {name} | {count} |")
        failed = True
    print()
    print("abuse: every limit held" if not failed else "abuse: a limit was exceeded")
    if json_path:
        with open(json_path, "w", encoding="utf-8") as out:
            json.dump({"health": health, "recall": recall, "health_alone": health_alone, "recall_alone": recall_alone,
                       "rss_mb": rss, "mcp_sessions": sessions, "counts": tally.counts, "failed": failed}, out, indent=2)
    return EXIT_EXCEEDED if failed else 0


if __name__ == "__main__":
    sys.exit(main())
