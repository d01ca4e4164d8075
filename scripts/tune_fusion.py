#!/usr/bin/env python3
"""Chooses recall's fusion on a development set and confirms it on a test set, without restarting Athena per setting.

Two steps:

  collect  loads a fixture into a running Athena (one new project per case) and, for every question, stores what each
           retriever said: recall in mode vector and text (k=100), and hybrid with explain (each full-text candidate's
           cosine too). Written as JSON Lines, one question per line.

      python3 scripts/tune_fusion.py collect docs/eval/conversations-dev.jsonl --url http://localhost:8000 --out dev.evidence

  grid     replays those answers under every fusion setting of a grid (fusion kind, weights, the floor for scaled
           cosines, recency) and prints recall@5 and MRR per setting, best first; with --test it also scores the
           chosen settings on the test evidence, which took no part in choosing.

      python3 scripts/tune_fusion.py grid dev.evidence --test test.evidence

The replay reproduces recall's arithmetic (RecallService, Fusion) on the top-100 of each retriever, which is where the
top 10 of any sensible fusion comes from. Standard library only.
"""
import argparse
import itertools
import json
import os
import sys
import time
import uuid
from datetime import datetime

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import eval_retrieval as ev  # noqa: E402

K = 100


def collect(options):
    cases = ev.load_fixture(options.fixture)
    athena = ev.Athena(options.url, options.api_key, 120)
    run_id = uuid.uuid4().hex[:8]
    with open(options.out, "w", encoding="utf-8") as out:
        for case in cases:
            project = ev.project_name("tune", case["case"], run_id)
            began = time.perf_counter()
            ids, _, _ = ev.ingest(athena, case, project)
            print("{}: {} memories in {:.1f} s".format(case["case"], len(ids), time.perf_counter() - began), flush=True)
            key_of = {}
            for key, memory_id in ids.items():
                key_of.setdefault(memory_id, key)
            for query in case["queries"]:
                evidence = {}

                def note(results, field):
                    for rank, r in enumerate(results, 1):
                        e = evidence.setdefault(key_of[r["id"]], {"occurred_at": r["occurred_at"]})
                        x = r["explain"]
                        if field == "vector":
                            e["vector_rank"], e["vector"] = rank, x["vector_similarity"]
                        elif field == "text":
                            e["text_rank"], e["text"] = rank, x["text_score"]
                        if x.get("vector_similarity") is not None:
                            e["cosine"] = x["vector_similarity"]
                base = {"query": query["query"], "project": project, "k": K, "rerank": False, "explain": True}
                note(athena.call("recall", dict(base, mode="vector"))["results"], "vector")
                note(athena.call("recall", dict(base, mode="text"))["results"], "text")
                note(athena.call("recall", dict(base, mode="hybrid"))["results"], "hybrid")
                out.write(json.dumps({"case": case["case"], "category": query["category"], "query": query["query"],
                                      "relevant": sorted({key_of[ids[k]] for k in query["relevant"]}),
                                      "evidence": evidence}) + "\n")
    return 0


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def instant(text):
    return datetime.strptime(text[:19], "%Y-%m-%dT%H:%M:%S").timestamp()


POOL = 50
SCALE_DEPTH = 20


def within_pool(evidence):
    """What recall's retrievers return with athena.recall.candidates = POOL: each list cut at POOL."""
    kept = {}
    for key, e in evidence.items():
        e = dict(e)
        if e.get("vector_rank", 0) > POOL:
            del e["vector_rank"], e["vector"]
        if e.get("text_rank", 0) > POOL:
            del e["text_rank"], e["text"]
        if "vector_rank" in e or "text_rank" in e:
            kept[key] = e
    return kept


def rank(question, setting):
    evidence = within_pool(question["evidence"])
    fusion, wv, floor, recency_weight = setting
    vector = [e["vector"] for e in evidence.values() if "vector" in e]
    text = [e["text"] for e in evidence.values() if "text" in e]
    # minmax scales from the best down to the candidate at athena.recall.scale-depth (Fusion).
    # Fewer candidates than the depth: the scale reaches down to at least half the best score.
    vmin, vmax = (sorted(vector, reverse=True)[SCALE_DEPTH - 1] if len(vector) >= SCALE_DEPTH
                  else min(min(vector), max(vector) / 2), max(vector)) if vector else (0, 0)
    tmin, tmax = (sorted(text, reverse=True)[SCALE_DEPTH - 1] if len(text) >= SCALE_DEPTH
                  else min(min(text), max(text) / 2), max(text)) if text else (0, 0)
    newest = max(instant(e["occurred_at"]) for e in evidence.values())
    scored = []
    for key, e in evidence.items():
        if fusion == "rrf":
            v = 1 / (60 + e["vector_rank"]) if "vector_rank" in e else 0
            t = 1 / (60 + e["text_rank"]) if "text_rank" in e else 0
            fused = (wv * v + (1 - wv) * t) * 61
        else:
            cosine = e.get("cosine")
            if cosine is None or not vector:
                v = 0
            elif fusion == "minmax":
                v = 1 if vmax - vmin < 1e-12 else max(0, min(1, (cosine - vmin) / (vmax - vmin)))
            else:  # weighted: raw cosine, text divided by the best
                v = max(0, cosine)
            if "text" not in e or not text:
                t = 0
            elif fusion == "minmax":
                t = 1 if tmax - tmin < 1e-12 else max(0, (e["text"] - tmin) / (tmax - tmin))
            else:
                t = e["text"] / tmax if tmax > 0 else 0
            fused = wv * v + (1 - wv) * t if vector and text else (v if vector and wv > 0 else t)
        age_days = (newest - instant(e["occurred_at"])) / 86400
        fused += recency_weight * 0.5 ** (age_days / 30)
        scored.append((fused, key))
    scored.sort(reverse=True)
    return [key for _, key in scored]


def measure(questions, setting):
    totals = {}
    for q in questions:
        ranked = rank(q, setting)
        relevant = set(q["relevant"])
        r1 = len(relevant & set(ranked[:1])) / len(relevant)
        r5 = len(relevant & set(ranked[:5])) / len(relevant)
        r10 = len(relevant & set(ranked[:10])) / len(relevant)
        first = next((i for i, key in enumerate(ranked[:10], 1) if key in relevant), None)
        for name in ("overall", q["category"]):
            t = totals.setdefault(name, [0, 0.0, 0.0, 0.0, 0.0])
            t[0] += 1
            t[1] += r5
            t[2] += r10
            t[3] += 1 / first if first else 0
            t[4] += r1
    return {name: {"n": t[0], "r1": t[4] / t[0], "r5": t[1] / t[0], "r10": t[2] / t[0], "mrr": t[3] / t[0]}
            for name, t in totals.items()}


REPORTED = (("vector alone", ("minmax", 1.0, 0.0, 0.0)), ("text alone", ("minmax", 0.0, 0.0, 0.0)),
            ("minmax 0.7/0.3 (default)", ("minmax", 0.7, 0.0, 0.0)), ("weighted 0.6/0.4 (old)", ("weighted", 0.6, 0.0, 0.0)),
            ("rrf 0.5/0.5, k 60", ("rrf", 0.5, 0.0, 0.0)))


def report(options):
    """recall@1/5/10 and MRR by category for each retriever alone and each fusion, on each evidence file."""
    for path in options.evidence:
        questions = load(path)
        print("\n{} ({} questions; candidates {} per retriever; no re-ranking)".format(path, len(questions), POOL))
        categories = sorted({q["category"] for q in questions})
        print("{:<26} {:<12} {:>5} {:>6} {:>6} {:>6} {:>6}".format("ranking", "category", "n", "r@1", "r@5", "r@10", "MRR"))
        for label, setting in REPORTED:
            result = measure(questions, setting)
            for name in categories + ["overall"]:
                r = result[name]
                print("{:<26} {:<12} {:>5} {:>6.3f} {:>6.3f} {:>6.3f} {:>6.3f}".format(
                    label if name == categories[0] else "", name, r["n"], r["r1"], r["r5"], r["r10"], r["mrr"]))
    return 0


def grid(options):
    dev = load(options.dev)
    settings = []
    for fusion in ("minmax", "weighted", "rrf"):
        for wv in [x / 20 for x in range(0, 21)]:
            for floor in (0.0,):
                for recency in (0.0, 0.02, 0.05):
                    settings.append((fusion, wv, floor, recency))
    scored = sorted(((measure(dev, s), s) for s in settings), key=lambda x: -x[0]["overall"]["r5"])
    print("{:<9} {:>5} {:>6} {:>7}   {:>7} {:>7} {:>7}".format("fusion", "w_vec", "floor", "recency", "r@5", "r@10", "MRR"))
    for result, s in scored[:options.top]:
        o = result["overall"]
        print("{:<9} {:>5.2f} {:>6.2f} {:>7.2f}   {:>7.3f} {:>7.3f} {:>7.3f}".format(*s, o["r5"], o["r10"], o["mrr"]))
    for fusion in ("minmax", "weighted", "rrf"):
        best = next((r, s) for r, s in scored if s[0] == fusion)
        print("best {}: {} r@5 {:.3f}".format(fusion, best[1], best[0]["overall"]["r5"]))
    for name, s in (("vector alone", ("minmax", 1.0, 0.0, 0.0)), ("text alone", ("minmax", 0.0, 0.0, 0.0))):
        print("{}: dev r@5 {:.3f}".format(name, measure(dev, s)["overall"]["r5"]))
    if options.test:
        test = load(options.test)
        chosen = scored[0][1]
        for label, s in (("chosen on dev", chosen), ("vector alone", ("minmax", 1.0, 0.0, 0.0)),
                         ("text alone", ("minmax", 0.0, 0.0, 0.0))):
            r = measure(test, s)
            print("test, {} {}: r@5 {:.3f}  ".format(label, s, r["overall"]["r5"]) + "  ".join(
                "{} {:.3f}".format(c, v["r5"]) for c, v in sorted(r.items()) if c != "overall"))
    return 0


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("collect")
    c.add_argument("fixture")
    c.add_argument("--url", default="http://localhost:8000")
    c.add_argument("--api-key", default=os.environ.get("ATHENA_API_KEY"))
    c.add_argument("--out", required=True)
    g = sub.add_parser("grid")
    g.add_argument("dev")
    g.add_argument("--test")
    g.add_argument("--top", type=int, default=15)
    g.add_argument("--pool", type=int, default=50, help="athena.recall.candidates to replay (at most 100)")
    r = sub.add_parser("report")
    r.add_argument("evidence", nargs="+")
    r.add_argument("--pool", type=int, default=50)
    options = parser.parse_args(argv)
    global POOL
    POOL = getattr(options, "pool", POOL)
    return {"collect": collect, "grid": grid, "report": report}[options.command](options)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
