#!/usr/bin/env python3
"""Measures Athena's recall quality on a JSON Lines fixture, through the HTTP API of a running server.

Each line of the fixture is one case: memories with keys, and queries labelled with the keys of the memories that
answer them. Every case is loaded into its own new project with remember_batch, every query is asked with recall,
and the ranks of the relevant memories give recall@1/5/10, hit@5 and MRR by category and overall. Ingest
throughput and recall latency are measured on the client. See docs/evaluation.md.

Python 3.8+ standard library only, so it runs wherever Athena's scripts run.
"""

import argparse
import datetime
import json
import math
import os
import re
import secrets
import sys
import tempfile
import time
import urllib.error
import urllib.request

EXIT_FIXTURE = 1
EXIT_USAGE = 2
EXIT_SERVER = 3

DEFAULT_URL = "http://localhost:8000"
DEFAULT_K_MAX = 10
MAX_K = 100
DEFAULT_JSON_NAME = "eval-results.json"
BATCH_SIZE = 500  # remember_batch accepts up to 1,000 items; smaller batches keep each request modest
CUTOFFS = (1, 5, 10)
HIT_CUTOFF = 5
PROJECT_NAME_LIMIT = 128

MEMORY_FIELDS = {"key", "content", "memory_type", "occurred_at", "metadata", "tags", "importance"}
QUERY_FIELDS = {"query", "relevant", "category"}
CASE_FIELDS = {"case", "memories", "queries"}
DEFAULT_CATEGORY = "uncategorized"


class FixtureError(Exception):
    """The fixture file is malformed; the message names the line."""


class ServerError(Exception):
    """Athena could not be reached or answered with an error (then `status` is the HTTP status)."""

    def __init__(self, message, status=None):
        super().__init__(message)
        self.status = status


# ---------------------------------------------------------------------------------------------------------------
# Fixture


def load_fixture(path):
    try:
        with open(path, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    except OSError as e:
        raise FixtureError("{}: cannot read the file: {}".format(path, e.strerror or e))
    except UnicodeDecodeError as e:
        raise FixtureError("{}: the file is not UTF-8: {}".format(path, e))
    cases = []
    seen_names = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        case = parse_case(path, number, line)
        if case["case"] in seen_names:
            raise FixtureError("{}:{}: case \"{}\" is already defined on line {}".format(
                path, number, case["case"], seen_names[case["case"]]))
        seen_names[case["case"]] = number
        cases.append(case)
    if not cases:
        raise FixtureError("{}: the file has no cases (one JSON object per line expected)".format(path))
    return cases


def parse_case(path, number, line):
    def fail(message):
        raise FixtureError("{}:{}: {}".format(path, number, message))

    try:
        raw = json.loads(line)
    except json.JSONDecodeError as e:
        fail("invalid JSON: {} (column {})".format(e.msg, e.colno))
    if not isinstance(raw, dict):
        fail("a case must be a JSON object, found {}".format(json_type(raw)))
    unknown = sorted(set(raw) - CASE_FIELDS)
    if unknown:
        fail("unknown field(s) {} (a case has {})".format(", ".join(unknown), ", ".join(sorted(CASE_FIELDS))))
    name = raw.get("case")
    if not isinstance(name, str) or not name.strip():
        fail("\"case\" is required and must be a non-empty string")

    memories = raw.get("memories")
    if not isinstance(memories, list) or not memories:
        fail("case \"{}\": \"memories\" is required and must be a non-empty array".format(name))
    keys = set()
    for index, memory in enumerate(memories):
        where = "case \"{}\": memories[{}]".format(name, index)
        if not isinstance(memory, dict):
            fail("{} must be an object".format(where))
        unknown = sorted(set(memory) - MEMORY_FIELDS)
        if unknown:
            fail("{}: unknown field(s) {} (a memory has {})".format(where, ", ".join(unknown), ", ".join(sorted(MEMORY_FIELDS))))
        key = memory.get("key")
        if not isinstance(key, str) or not key:
            fail("{}: \"key\" is required and must be a non-empty string".format(where))
        if key in keys:
            fail("{}: duplicate memory key \"{}\"".format(where, key))
        keys.add(key)
        content = memory.get("content")
        if not isinstance(content, str) or not content.strip():
            fail("{} (key \"{}\"): \"content\" is required and must be a non-empty string".format(where, key))
        for field, kind, check in (("memory_type", "a string", lambda v: isinstance(v, str)),
                                   ("occurred_at", "an ISO-8601 string", lambda v: isinstance(v, str)),
                                   ("metadata", "an object", lambda v: isinstance(v, dict)),
                                   ("tags", "an array of strings", lambda v: isinstance(v, list) and all(isinstance(t, str) for t in v)),
                                   ("importance", "a number", lambda v: isinstance(v, (int, float)) and not isinstance(v, bool))):
            if field in memory and not check(memory[field]):
                fail("{} (key \"{}\"): \"{}\" must be {}".format(where, key, field, kind))

    queries = raw.get("queries")
    if not isinstance(queries, list) or not queries:
        fail("case \"{}\": \"queries\" is required and must be a non-empty array".format(name))
    parsed_queries = []
    for index, query in enumerate(queries):
        where = "case \"{}\": queries[{}]".format(name, index)
        if not isinstance(query, dict):
            fail("{} must be an object".format(where))
        unknown = sorted(set(query) - QUERY_FIELDS)
        if unknown:
            fail("{}: unknown field(s) {} (a query has {})".format(where, ", ".join(unknown), ", ".join(sorted(QUERY_FIELDS))))
        text = query.get("query")
        if not isinstance(text, str) or not text.strip():
            fail("{}: \"query\" is required and must be a non-empty string".format(where))
        relevant = query.get("relevant")
        if not isinstance(relevant, list) or not relevant or not all(isinstance(k, str) for k in relevant):
            fail("{}: \"relevant\" is required and must be a non-empty array of memory keys".format(where))
        for key in relevant:
            if key not in keys:
                fail("{}: relevant key \"{}\" is not a memory key of case \"{}\"".format(where, key, name))
        if len(set(relevant)) != len(relevant):
            fail("{}: \"relevant\" lists a key twice".format(where))
        category = query.get("category", DEFAULT_CATEGORY)
        if not isinstance(category, str) or not category.strip():
            fail("{}: \"category\" must be a non-empty string".format(where))
        parsed_queries.append({"query": text, "relevant": list(relevant), "category": category})
    return {"case": name, "line": number, "memories": memories, "queries": parsed_queries}


def json_type(value):
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(value), "a number")


# ---------------------------------------------------------------------------------------------------------------
# Athena's HTTP API


class Athena:

    def __init__(self, url, api_key, timeout):
        self.url = url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout

    def call(self, tool, parameters):
        request = urllib.request.Request(
            "{}/tools/{}/execute".format(self.url, tool),
            data=json.dumps(parameters).encode("utf-8"),
            method="POST",
            headers=self.headers({"Content-Type": "application/json", "Accept": "application/json"}))
        return self.send(request, tool)

    def health(self):
        """Athena's /health status ('ok', 'degraded', 'down'), or None when the server has no such endpoint."""
        request = urllib.request.Request(self.url + "/health", headers=self.headers({"Accept": "application/json"}))
        try:
            report = self.send(request, "GET /health")
        except ServerError as e:
            if e.status == 503:
                raise ServerError("Athena at {} reports that it is down: {}".format(self.url, e))
            if e.status is not None:
                return None
            raise
        return report.get("status") if isinstance(report, dict) else None

    def headers(self, base):
        if self.api_key:
            base["Authorization"] = "Bearer " + self.api_key
        return base

    def send(self, request, what):
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read()
        except urllib.error.HTTPError as e:
            raise ServerError("Athena answered {} to {}: {}".format(e.code, what, describe_problem(e)), e.code)
        except urllib.error.URLError as e:
            raise ServerError("cannot reach Athena at {}: {}. Is it running? (scripts/run.sh starts it; "
                              "--url points elsewhere)".format(self.url, e.reason))
        except (TimeoutError, OSError) as e:
            raise ServerError("no answer from Athena at {} to {} within {} s: {}".format(self.url, what, self.timeout, e))
        try:
            return json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise ServerError("Athena's answer to {} is not JSON: {!r}".format(what, body[:200]), 200)


def describe_problem(error):
    """The RFC 7807 problem's title, detail and field errors, or the raw body when it is not problem+json."""
    try:
        raw = error.read().decode("utf-8", "replace")
    except OSError:
        raw = ""
    try:
        problem = json.loads(raw)
    except json.JSONDecodeError:
        problem = None
    if not isinstance(problem, dict):
        return raw.strip()[:500] or (error.reason or "no details")
    parts = [str(problem[name]) for name in ("title", "detail") if problem.get(name)]
    errors = problem.get("errors")
    if isinstance(errors, list) and errors:
        parts.append("errors: " + "; ".join(
            "{} {}".format(e.get("field", "?"), e.get("reason", "")).strip() if isinstance(e, dict) else str(e)
            for e in errors))
    return " - ".join(parts) or raw.strip()[:500]


# ---------------------------------------------------------------------------------------------------------------
# Running a case


def project_name(prefix, case_name, run_id):
    slug = re.sub(r"[^A-Za-z0-9._:-]+", "-", case_name).strip("-") or "case"
    suffix = "-" + run_id
    return (prefix + "-" + slug)[:PROJECT_NAME_LIMIT - len(suffix)] + suffix


def ingest(athena, case, project):
    """Loads the case's memories; returns key -> memory id (a duplicate shares the id it was merged into)."""
    memories = case["memories"]
    ids = {}
    duplicates = 0
    seconds = 0.0
    for start in range(0, len(memories), BATCH_SIZE):
        chunk = memories[start:start + BATCH_SIZE]
        items = [{field: value for field, value in memory.items() if field != "key"} for memory in chunk]
        began = time.perf_counter()
        try:
            answer = athena.call("remember_batch", {"project": project, "items": items})
        except ServerError as e:
            raise ServerError("case \"{}\" (line {}), loading memories {}..{}: {}{}".format(
                case["case"], case["line"], start, start + len(chunk) - 1, e, item_hint(str(e), chunk)))
        seconds += time.perf_counter() - began
        results = answer.get("results") if isinstance(answer, dict) else None
        if not isinstance(results, list) or len(results) != len(chunk):
            raise ServerError("case \"{}\": remember_batch answered {} results for {} items".format(
                case["case"], len(results) if isinstance(results, list) else "no", len(chunk)))
        for memory, result in zip(chunk, results):
            if not isinstance(result, dict) or not result.get("id"):
                raise ServerError("case \"{}\": remember_batch answered a result without an id for memory \"{}\": {!r}".format(
                    case["case"], memory["key"], result))
            ids[memory["key"]] = result["id"]
            if result.get("status") == "duplicate":
                duplicates += 1
    return ids, duplicates, seconds


def item_hint(message, chunk):
    """Names the fixture key behind an 'items[3]' in a server error."""
    match = re.search(r"items\[(\d+)\]", message)
    if match and int(match.group(1)) < len(chunk):
        return " (items[{}] is memory \"{}\")".format(match.group(1), chunk[int(match.group(1))]["key"])
    return ""


def recall_parameters(query, project, options):
    """What recall is asked; 'mode' and 'rerank' only when given, so servers without them still answer."""
    parameters = {"query": query, "k": options.k_max, "project": project}
    if options.mode:
        parameters["mode"] = options.mode
    if options.no_rerank:
        parameters["rerank"] = False
    return parameters


def probe_recall_parameters(athena, project, options):
    """Asks the (still empty) first project once, so a server that refuses --mode/--no-rerank fails before any write."""
    if not options.mode and not options.no_rerank:
        return
    try:
        athena.call("recall", recall_parameters("probe", project, options))
    except ServerError as e:
        hint = ""
        if e.status == 400:
            hint = " (this Athena may not support the recall parameters 'mode'/'rerank' yet: run without --mode and --no-rerank)"
        raise ServerError("recall with {}: {}{}".format(
            " ".join(flag for flag in ("--mode " + options.mode if options.mode else "",
                                       "--no-rerank" if options.no_rerank else "") if flag), e, hint), e.status)


def ask(athena, case, project, ids, options):
    key_of = {}
    for key, memory_id in ids.items():
        key_of.setdefault(memory_id, key)
    outcomes = []
    for index, query in enumerate(case["queries"]):
        parameters = recall_parameters(query["query"], project, options)
        began = time.perf_counter()
        try:
            answer = athena.call("recall", parameters)
        except ServerError as e:
            raise ServerError("case \"{}\" (line {}), queries[{}] \"{}\": {}".format(
                case["case"], case["line"], index, query["query"], e))
        latency_ms = (time.perf_counter() - began) * 1000
        results = answer.get("results") if isinstance(answer, dict) else None
        if not isinstance(results, list):
            raise ServerError("case \"{}\": recall answered without a results array: {!r}".format(case["case"], answer))
        retrieved_ids = [result.get("id") for result in results if isinstance(result, dict)]
        relevant_ids = {ids[key] for key in query["relevant"]}
        outcome = score(retrieved_ids, relevant_ids, options.k_max)
        outcome.update({
            "case": case["case"],
            "category": query["category"],
            "query": query["query"],
            "relevant": query["relevant"],
            "retrieved": [key_of.get(memory_id, memory_id) for memory_id in retrieved_ids],
            "degraded": bool(answer.get("degraded", False)),
            "latency_ms": round(latency_ms, 3),
            "short": len(results) < min(options.k_max, len(set(ids.values()))),
        })
        outcomes.append(outcome)
    return outcomes


def score(retrieved_ids, relevant_ids, k_max):
    """One query's metrics; relevance is counted over distinct memory ids (keys merged as duplicates count once)."""
    ranked = []
    for memory_id in retrieved_ids[:k_max]:
        if memory_id not in ranked:
            ranked.append(memory_id)
    metrics = {}
    for cutoff in CUTOFFS:
        found = len(relevant_ids.intersection(ranked[:cutoff]))
        metrics["recall_at_{}".format(cutoff)] = found / len(relevant_ids)
    metrics["hit_at_{}".format(HIT_CUTOFF)] = 1.0 if relevant_ids.intersection(ranked[:HIT_CUTOFF]) else 0.0
    first = next((rank for rank, memory_id in enumerate(ranked, start=1) if memory_id in relevant_ids), None)
    metrics["mrr"] = 1.0 / first if first else 0.0
    metrics["first_relevant_rank"] = first
    return metrics


# ---------------------------------------------------------------------------------------------------------------
# Aggregation and reporting

METRICS = ["recall_at_1", "recall_at_5", "recall_at_10", "hit_at_5", "mrr"]
HEADERS = {"recall_at_1": "recall@1", "recall_at_5": "recall@5", "recall_at_10": "recall@10", "hit_at_5": "hit@5",
           "mrr": "MRR"}


def summarise(outcomes):
    summary = {"queries": len(outcomes)}
    for metric in METRICS:
        summary[metric] = round(sum(o[metric] for o in outcomes) / len(outcomes), 4)
    return summary


def percentile(values, fraction):
    """Nearest-rank percentile: the smallest value with at least `fraction` of the values at or below it."""
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def report(options, cases, outcomes, case_runs, ingest_seconds, started_at):
    categories = {}
    for outcome in outcomes:
        categories.setdefault(outcome["category"], []).append(outcome)
    latencies = [o["latency_ms"] for o in outcomes]
    memories = sum(len(c["memories"]) for c in cases)
    return {
        "file": options.file,
        "url": options.url,
        "mode": options.mode,
        "rerank": False if options.no_rerank else None,
        "k_max": options.k_max,
        "started_at": started_at,
        "overall": summarise(outcomes),
        "by_category": {name: summarise(group) for name, group in sorted(categories.items())},
        "cases": case_runs,
        "ingest": {
            "memories": memories,
            "seconds": round(ingest_seconds, 3),
            "memories_per_second": round(memories / ingest_seconds, 1) if ingest_seconds > 0 else None,
        },
        "latency_ms": {
            "count": len(latencies),
            "p50": round(percentile(latencies, 0.50), 1),
            "p95": round(percentile(latencies, 0.95), 1),
            "p99": round(percentile(latencies, 0.99), 1),
            "max": round(max(latencies), 1),
        },
        "degraded_queries": sum(1 for o in outcomes if o["degraded"]),
        "short_result_lists": sum(1 for o in outcomes if o["short"]),
        "queries": outcomes,
    }


def table(result):
    width = max([len("category")] + [len(name) for name in result["by_category"]] + [len("overall")])
    header = "{:<{w}}  {:>7}".format("category", "queries", w=width) + "".join(
        "  {:>9}".format(HEADERS[m]) for m in METRICS)
    lines = [header, "-" * len(header)]

    def row(name, summary):
        return "{:<{w}}  {:>7}".format(name, summary["queries"], w=width) + "".join(
            "  {:>9.3f}".format(summary[m]) for m in METRICS)

    for name, summary in result["by_category"].items():
        lines.append(row(name, summary))
    lines.append("-" * len(header))
    lines.append(row("overall", result["overall"]))
    return "\n".join(lines)


def describe(value, default):
    return default if value is None else str(value).lower()


def print_report(result, json_path):
    print("Athena retrieval evaluation of {}".format(result["file"]))
    print("server {}  mode: {}  rerank: {}  k-max: {}".format(
        result["url"], describe(result["mode"], "server default"), describe(result["rerank"], "server default"),
        result["k_max"]))
    print("{} cases, {} memories, {} queries".format(
        len(result["cases"]), result["ingest"]["memories"], result["overall"]["queries"]))
    for case in result["cases"]:
        print("  case {:<24} project {}  ({} memories, {} merged as duplicates, {} queries)".format(
            case["case"], case["project"], case["memories"], case["duplicates"], case["queries"]))
    print()
    print(table(result))
    print()
    ingest = result["ingest"]
    print("ingest: {} memories in {:.2f} s = {} memories/s".format(
        ingest["memories"], ingest["seconds"], ingest["memories_per_second"]))
    latency = result["latency_ms"]
    print("recall latency (client-measured, n={}): p50 {:.1f} ms  p95 {:.1f} ms  p99 {:.1f} ms  max {:.1f} ms".format(
        latency["count"], latency["p50"], latency["p95"], latency["p99"], latency["max"]))
    if result["degraded_queries"]:
        print("warning: {} queries were answered in degraded mode (embedder unavailable: full text only)".format(
            result["degraded_queries"]))
    if result["short_result_lists"]:
        print("warning: {} queries returned fewer than k-max results although their case has more memories".format(
            result["short_result_lists"]))
    print("results written to {}".format(json_path))


def default_json_path():
    """eval-results.json in the working directory, or in the temp directory when that is not writable."""
    if os.access(os.getcwd(), os.W_OK):
        return os.path.join(os.getcwd(), DEFAULT_JSON_NAME)
    return os.path.join(tempfile.gettempdir(), DEFAULT_JSON_NAME)


# ---------------------------------------------------------------------------------------------------------------


def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        prog="eval-retrieval.sh",
        description="Measure Athena's recall quality on a JSON Lines fixture through the HTTP API of a running server. "
                    "Each case is loaded into its own new project; nothing is deleted afterwards.")
    parser.add_argument("file", help="JSON Lines fixture, one case per line (see docs/evaluation.md)")
    parser.add_argument("--url", default=DEFAULT_URL, help="Athena's base URL (default %(default)s)")
    parser.add_argument("--mode", choices=["hybrid", "vector", "text"],
                        help="recall mode to request; omitted: the server's default (and no 'mode' parameter is sent)")
    parser.add_argument("--no-rerank", action="store_true",
                        help="ask recall not to re-rank by recency and importance (sends \"rerank\": false)")
    parser.add_argument("--k-max", type=int, default=DEFAULT_K_MAX,
                        help="results asked per query, {}..{}; MRR counts ranks up to it (default %(default)s)".format(
                            max(CUTOFFS), MAX_K))
    parser.add_argument("--json", dest="json_path", metavar="OUT",
                        help="where to write the results as JSON (default ./{} or the temp directory)".format(DEFAULT_JSON_NAME))
    parser.add_argument("--api-key", default=os.environ.get("ATHENA_API_KEY"),
                        help="API key sent as 'Authorization: Bearer KEY' (default: $ATHENA_API_KEY); it must allow "
                             "the eval-* projects")
    parser.add_argument("--project-prefix", default="eval",
                        help="prefix of the per-case project names, PREFIX-CASE-RUNID (default %(default)s)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for each HTTP answer (default %(default)s)")
    parser.add_argument("--check", action="store_true", help="only validate the fixture and print its size; no server needed")
    options = parser.parse_args(argv)
    if not max(CUTOFFS) <= options.k_max <= MAX_K:
        parser.error("--k-max must be between {} and {} (recall@{} needs at least {} results)".format(
            max(CUTOFFS), MAX_K, max(CUTOFFS), max(CUTOFFS)))
    if not re.fullmatch(r"[A-Za-z0-9._:-]{1,64}", options.project_prefix):
        parser.error("--project-prefix may use letters, digits, '.', '_', ':' and '-' (1-64 characters)")
    if options.timeout <= 0:
        parser.error("--timeout must be positive")
    return options


def main(argv=None):
    options = parse_arguments(sys.argv[1:] if argv is None else argv)
    try:
        cases = load_fixture(options.file)
    except FixtureError as e:
        print("eval-retrieval: malformed fixture: {}".format(e), file=sys.stderr)
        return EXIT_FIXTURE

    if options.check:
        queries = [q for c in cases for q in c["queries"]]
        categories = {}
        for query in queries:
            categories[query["category"]] = categories.get(query["category"], 0) + 1
        print("{}: {} cases, {} memories, {} queries ({})".format(
            options.file, len(cases), sum(len(c["memories"]) for c in cases), len(queries),
            ", ".join("{} {}".format(n, name) for name, n in sorted(categories.items()))))
        return 0

    athena = Athena(options.url, options.api_key, options.timeout)
    started_at = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    run_id = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%S") + "-" + secrets.token_hex(2)
    outcomes, case_runs, ingest_seconds = [], [], 0.0
    try:
        status = athena.health()
        if status not in (None, "ok"):
            print("warning: Athena reports status '{}': results may come from full text only".format(status),
                  file=sys.stderr)
        probe_recall_parameters(athena, project_name(options.project_prefix, cases[0]["case"], run_id), options)
        for case in cases:
            project = project_name(options.project_prefix, case["case"], run_id)
            ids, duplicates, seconds = ingest(athena, case, project)
            ingest_seconds += seconds
            case_outcomes = ask(athena, case, project, ids, options)
            outcomes.extend(case_outcomes)
            run = {"case": case["case"], "project": project, "memories": len(case["memories"]),
                   "duplicates": duplicates, "ingest_seconds": round(seconds, 3), "queries": len(case_outcomes)}
            run.update({metric: value for metric, value in summarise(case_outcomes).items() if metric != "queries"})
            case_runs.append(run)
    except ServerError as e:
        print("eval-retrieval: {}".format(e), file=sys.stderr)
        return EXIT_SERVER

    result = report(options, cases, outcomes, case_runs, ingest_seconds, started_at)
    json_path = options.json_path or default_json_path()
    try:
        with open(json_path, "w", encoding="utf-8") as handle:
            json.dump(result, handle, indent=2, ensure_ascii=False)
            handle.write("\n")
    except OSError as e:
        print("eval-retrieval: cannot write {}: {}".format(json_path, e.strerror or e), file=sys.stderr)
        return EXIT_USAGE
    print_report(result, json_path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
