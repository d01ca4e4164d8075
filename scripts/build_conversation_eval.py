#!/usr/bin/env python3
"""Builds the conversational evaluation fixtures from their plain-text sources.

Each source in docs/eval/conversations/*.txt is one multi-session conversation written by the team:

    # case: hiking-club
    # split: dev
    ## session 3 | 2024-04-02T18:30:00Z
    [s03-01] Anna: I finally booked the hut for the Dolomites trip.
    [s03-02] Ben: Nice! Which one?
    ...
    ## questions
    Q | single-hop | Which hut did Anna book for the Dolomites? | s03-01 s03-03

Every turn becomes one memory ("Speaker: text", occurred_at = the session's date plus one minute per turn, so
turns keep their order) in the format scripts/eval-retrieval.sh reads, and every question one query whose relevant
keys are the evidence turns. Sources marked `split: dev` go to conversations-dev.jsonl, `split: test` to
conversations-test.jsonl.

    python3 scripts/build_conversation_eval.py            # validate every source and write both fixtures
    python3 scripts/build_conversation_eval.py --check F  # validate one source, print its size, write nothing

Exit status: 0 done, 1 a source is malformed (the message names the file and line).
"""
import datetime
import glob
import json
import os
import re
import sys

CATEGORIES = ("single-hop", "multi-hop", "temporal", "open-domain", "adversarial")
SESSION = re.compile(r"^## session (\d+) \| (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)$")
TURN = re.compile(r"^\[(s(\d\d)-(\d\d\d?))\] ([A-Z][\w .'-]{0,40}): (\S.*)$")
QUESTION = re.compile(r"^Q \| ([a-z-]+) \| (.+?) \| ((?:s\d\d-\d\d\d?)(?: s\d\d-\d\d\d?)*)$")
HERE = os.path.dirname(os.path.abspath(__file__))
SOURCES = os.path.join(HERE, "..", "docs", "eval", "conversations")


class Malformed(Exception):
    pass


def parse(path):
    case, split, sessions, turns, questions = None, None, [], {}, []
    current, previous_date, in_questions = None, None, False
    with open(path, encoding="utf-8") as source:
        for number, raw in enumerate(source, 1):
            line = raw.rstrip("\n").strip()

            def fail(message):
                raise Malformed("{}:{}: {}".format(path, number, message))

            if not line:
                continue
            if line.startswith("# case:"):
                case = line[len("# case:"):].strip()
                if not re.fullmatch(r"[a-z0-9-]{3,40}", case):
                    fail("case name must be 3-40 of a-z, 0-9 and -")
                continue
            if line.startswith("# split:"):
                split = line[len("# split:"):].strip()
                if split not in ("dev", "test"):
                    fail("split must be dev or test")
                continue
            if line == "## questions":
                in_questions = True
                continue
            session = SESSION.match(line)
            if session:
                if in_questions:
                    fail("a session after the questions")
                index = int(session.group(1))
                if index != len(sessions) + 1:
                    fail("sessions must be numbered 1, 2, 3 ... in order; expected {}".format(len(sessions) + 1))
                date = datetime.datetime.strptime(session.group(2), "%Y-%m-%dT%H:%M:%SZ")
                if previous_date is not None and date <= previous_date:
                    fail("session dates must increase")
                previous_date = date
                current = {"index": index, "date": date, "turns": []}
                sessions.append(current)
                continue
            if line.startswith("#"):
                continue
            if not in_questions:
                turn = TURN.match(line)
                if not turn:
                    fail("expected '[sNN-MM] Speaker: text', a '## session N | DATE' header or '## questions'")
                if current is None:
                    fail("a turn before the first session header")
                key, session_number, turn_number = turn.group(1), int(turn.group(2)), int(turn.group(3))
                if session_number != current["index"]:
                    fail("turn {} is not in session {}".format(key, current["index"]))
                if turn_number != len(current["turns"]) + 1:
                    fail("turn {} out of order; expected turn {}".format(key, len(current["turns"]) + 1))
                if key in turns:
                    fail("duplicate turn id " + key)
                content = "{}: {}".format(turn.group(4), turn.group(5))
                turns[key] = content
                occurred = current["date"] + datetime.timedelta(minutes=len(current["turns"]))
                current["turns"].append({"key": key, "content": content,
                                         "occurred_at": occurred.strftime("%Y-%m-%dT%H:%M:%SZ"),
                                         "metadata": {"session": current["index"]}})
                continue
            question = QUESTION.match(line)
            if not question:
                fail("expected 'Q | category | question | sNN-MM [sNN-MM ...]'")
            category, text, evidence = question.group(1), question.group(2).strip(), question.group(3).split()
            if category not in CATEGORIES:
                fail("category must be one of " + ", ".join(CATEGORIES))
            for key in evidence:
                if key not in turns:
                    fail("evidence " + key + " is not a turn of this conversation")
            questions.append({"query": text, "relevant": sorted(set(evidence)), "category": category})
    if case is None or split is None:
        raise Malformed("{}: needs '# case: NAME' and '# split: dev|test' lines".format(path))
    if not turns or not questions:
        raise Malformed("{}: needs sessions with turns and a '## questions' section".format(path))
    memories = [turn for session in sessions for turn in session["turns"]]
    return split, {"case": case, "memories": memories, "queries": questions}


def describe(case):
    counts = {}
    for query in case["queries"]:
        counts[query["category"]] = counts.get(query["category"], 0) + 1
    sessions = len({m["metadata"]["session"] for m in case["memories"]})
    return "{}: {} sessions, {} turns, {} questions ({})".format(
        case["case"], sessions, len(case["memories"]), len(case["queries"]),
        ", ".join("{} {}".format(name, counts[name]) for name in CATEGORIES if name in counts))


def main(argv):
    try:
        if len(argv) == 2 and argv[0] == "--check":
            split, case = parse(argv[1])
            print("{} [{}]".format(describe(case), split))
            return 0
        if argv:
            print(__doc__, file=sys.stderr)
            return 2
        splits = {"dev": [], "test": []}
        names = set()
        for path in sorted(glob.glob(os.path.join(SOURCES, "*.txt"))):
            split, case = parse(path)
            if case["case"] in names:
                raise Malformed("{}: case name {} used twice".format(path, case["case"]))
            names.add(case["case"])
            splits[split].append(case)
            print("{} [{}]".format(describe(case), split))
        for split, cases in splits.items():
            out = os.path.join(HERE, "..", "docs", "eval", "conversations-{}.jsonl".format(split))
            with open(out, "w", encoding="utf-8") as target:
                for case in cases:
                    target.write(json.dumps(case, ensure_ascii=False) + "\n")
            print("{}: {} cases, {} turns, {} questions".format(os.path.relpath(out), len(cases),
                  sum(len(c["memories"]) for c in cases), sum(len(c["queries"]) for c in cases)))
        return 0
    except Malformed as error:
        print("build_conversation_eval: " + str(error), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
