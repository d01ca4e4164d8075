"""Documentation smoke test: runs the shell commands that README.md and docs/*.md show, and fails naming the
document and line of any command that fails. Driven by scripts/smoke-docs.sh; see docs/operations.md#documentation-smoke-test.

Every fenced block tagged bash, sh or shell is a command block and needs a marker on the line before it:

    <!-- smoke: run -->                                            run as shown
    <!-- smoke: run | script arguments: --memories 200 -->         run, these appended to each scripts/... command
    <!-- smoke: run | expect: "status":"created" -->               run; the block's output must contain the text
    <!-- smoke: start | ready: http://localhost:8000/health -->    start in the background; ready when the URL gives 200
    <!-- smoke: needs a Docker engine | reason: ... -->            not run, with the reason
    <!-- smoke: needs a model server | reason: ... -->             not run, with the reason
    <!-- smoke: skip | reason: ... -->                             not run, with the reason

run and start also take "timeout: SECONDS". Documents run in order, README.md first, then docs/*.md by name; each
block runs in its own bash in the repository root, one command after the other (a command is a line, with its
continuation lines), and stops at the first command that exits non-zero. Servers started by a start block keep
running until the whole run ends, as they would for a reader going through the documents.
"""

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

COMMAND_LANGUAGES = {"bash", "sh", "shell"}
SKIP_KINDS = {"needs a Docker engine", "needs a model server", "skip"}
RUN_KINDS = {"run", "start"}
DEFAULT_TIMEOUT_SECONDS = 600
SERVER_STOP_SECONDS = 20
DEFAULT_DATABASE = "athena_docs"
# Settings a developer may have exported that would make the documented commands behave differently than on a
# fresh machine; ATHENA_TEST_* only choose the test database of Maven runs and are kept.
FOREIGN_SETTINGS = re.compile(r"^(ATHENA_(?!TEST_)|LLAMACPP_|SPRING_|ANTHROPIC_|LLMLINGUA_|HF_|SERVER_PORT$|JAVA_OPTS$)")
MARKER = re.compile(r"^\s*<!--\s*smoke:(.*?)-->\s*$")
FENCE = re.compile(r"^(\s*)(```+|~~~+)\s*([\w+-]*)")
OUTPUT_TAIL_LINES = 40


class Problem(Exception):
    """A document's marker or block that cannot be used; the message names the document and line."""


@dataclass
class Marker:
    line: int
    kind: str
    options: dict


@dataclass
class Command:
    line: int
    text: str


@dataclass
class Block:
    document: str
    line: int
    language: str
    lines: list
    marker: Marker = None
    commands: list = field(default_factory=list)

    @property
    def where(self):
        return f"{self.document}:{self.line}"


def parse_marker(document, number, body):
    parts = [part.strip() for part in body.split("|")]
    kind = parts[0]
    if kind not in RUN_KINDS | SKIP_KINDS:
        raise Problem(f"{document}:{number}: unknown smoke marker '{kind}': expected one of "
                      f"{', '.join(sorted(RUN_KINDS | SKIP_KINDS))}")
    options = {}
    for part in parts[1:]:
        key, colon, value = part.partition(":")
        if not colon or not value.strip():
            raise Problem(f"{document}:{number}: smoke marker option '{part}' must be 'name: value'")
        options[key.strip()] = value.strip()
    allowed = {"run": {"script arguments", "expect", "timeout"}, "start": {"ready", "timeout"}}.get(kind, {"reason"})
    unknown = set(options) - allowed
    if unknown:
        raise Problem(f"{document}:{number}: smoke marker '{kind}' does not take {', '.join(sorted(unknown))} "
                      f"(it takes {', '.join(sorted(allowed))})")
    if kind in SKIP_KINDS and not options.get("reason"):
        raise Problem(f"{document}:{number}: smoke marker '{kind}' needs '| reason: ...' saying why it cannot run")
    if kind == "start" and not options.get("ready"):
        raise Problem(f"{document}:{number}: smoke marker 'start' needs '| ready: URL' (answers 200 once started)")
    if "timeout" in options and not options["timeout"].isdigit():
        raise Problem(f"{document}:{number}: smoke marker timeout must be whole seconds, was '{options['timeout']}'")
    return Marker(number, kind, options)


def read_blocks(root, document):
    """The document's fenced blocks with their markers; raises Problem for a marker that belongs to no block."""
    lines = (root / document).read_text(encoding="utf-8").splitlines()
    blocks, pending, fence, current = [], None, None, None
    for number, line in enumerate(lines, start=1):
        if fence is not None:
            if line.strip().startswith(fence) and line.strip().strip(fence[0]) == "":
                blocks.append(current)
                fence, current = None, None
            else:
                current.lines.append((number, line))
            continue
        opening = FENCE.match(line)
        if opening:
            fence = opening.group(2)
            current = Block(document, number, opening.group(3).lower(), [], pending)
            if pending is not None and current.language not in COMMAND_LANGUAGES:
                raise Problem(f"{document}:{pending.line}: smoke marker before a '{current.language or 'plain'}' "
                              f"block: only bash, sh and shell blocks are commands")
            pending = None
            continue
        marker = MARKER.match(line)
        if marker:
            if pending is not None:
                raise Problem(f"{document}:{pending.line}: smoke marker not followed by a code block")
            pending = parse_marker(document, number, marker.group(1).strip())
        elif line.strip() and pending is not None:
            raise Problem(f"{document}:{pending.line}: smoke marker not directly before a code block")
    if fence is not None:
        raise Problem(f"{document}:{current.line}: code block never closed")
    if pending is not None:
        raise Problem(f"{document}:{pending.line}: smoke marker not followed by a code block")
    return blocks


def is_complete(text):
    """True when bash can parse the text as it stands: no open quote, continuation or compound command."""
    return subprocess.run(["bash", "-n"], input=text, text=True, capture_output=True).returncode == 0


def split_commands(block):
    """The block's commands: each starts on a line and takes the following lines until bash can parse it."""
    commands, start, text = [], None, ""
    for number, line in block.lines:
        if start is None:
            if not line.strip() or line.strip().startswith("#"):
                continue
            start, text = number, line
        else:
            text += "\n" + line
        if not text.endswith("\\") and is_complete(text):
            commands.append(Command(start, text))
            start, text = None, ""
    if start is not None:
        raise Problem(f"{block.document}:{start}: the command starting here is incomplete (an open quote, a trailing "
                      f"backslash or a compound command without its end)")
    return commands


def comment_start(text):
    """Index of the trailing comment of a command's last line (outside quotes), or len(text)."""
    quote, escaped = None, False
    for index, char in enumerate(text):
        if escaped:
            escaped = False
        elif char == "\\" and quote != "'":
            escaped = True
        elif quote:
            if char == quote:
                quote = None
        elif char in "'\"":
            quote = char
        elif char == "#" and (index == 0 or text[index - 1] in " \t"):
            return index
    return len(text)


def runs_a_script(text):
    """True when the command's program (after any VAR=value words) is one of the repository's scripts."""
    for word in text.split():
        if re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", word):
            continue
        return bool(re.match(r"^(\./|\.\./)?scripts/", word))
    return False


def with_script_arguments(text, arguments):
    cut = comment_start(text)
    command, comment = text[:cut].rstrip(), text[cut:]
    background = command.endswith("&") and not command.endswith("&&")
    if background:
        command = command[:-1].rstrip()
    command += " " + arguments + (" &" if background else "")
    return command + ("   " + comment if comment else "")


def block_script(block, line_file):
    """The block as a bash script that records the line of each command before running it and stops at a failure."""
    arguments = block.marker.options.get("script arguments")
    parts = []
    for command in block.commands:
        text = command.text
        if arguments and runs_a_script(text):
            text = with_script_arguments(text, arguments)
        parts.append(f"echo {command.line} > {line_file}\n{text}\n"
                     f"__smoke_status=$?; [ \"$__smoke_status\" -eq 0 ] || exit \"$__smoke_status\"\n")
    return "".join(parts)


def smoke_environment(database):
    environment = {name: value for name, value in os.environ.items() if not FOREIGN_SETTINGS.match(name)}
    if database:
        # Databases of their own, so that a developer's `athena` never receives the documents' example memories;
        # scripts/run.sh (through ATHENA_DB_NAMES), bench.sh and eval-retrieval.sh --start create them as on a fresh
        # machine.
        environment["ATHENA_DB_NAMES"] = database
        environment["SPRING_DATASOURCE_URL"] = f"jdbc:postgresql://127.0.0.1:5432/{database}"
        environment["ATHENA_BENCH_DB"] = f"{database}_bench"
        environment["ATHENA_EVAL_DB"] = f"{database}_eval"
        # Up to four Athenas run at once here; each would keep its whole pool (16) open, which is most of
        # PostgreSQL's default 100 connections. Connections are still opened on demand up to the pool size.
        environment["SPRING_DATASOURCE_HIKARI_MINIMUM_IDLE"] = "2"
    # The run proves that the commands work, not how fast: the quick JIT alone costs a third less CPU for each of the
    # dozen JVMs started (Athena, Maven, the load generator), which keeps the run short on a 2-core CI machine.
    environment["JAVA_TOOL_OPTIONS"] = (environment.get("JAVA_TOOL_OPTIONS", "") + " -XX:TieredStopAtLevel=1").strip()
    return environment


def drop_databases(database):
    """Drops the smoke run's databases, so that the scripts create them again, as on a fresh machine."""
    if not shutil.which("dropdb"):
        return  # no PostgreSQL yet: scripts/setup-postgres.sh, which the commands run, installs it
    for name in (database, f"{database}_bench", f"{database}_eval"):
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "athena", "--if-exists", "--force", name],
                       env={**os.environ, "PGPASSWORD": "athena"}, capture_output=True)


def answers(url):
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


def tail(path):
    lines = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    return "\n".join("    " + line for line in lines[-OUTPUT_TAIL_LINES:])


class Runner:

    def __init__(self, root, environment, work):
        self.root, self.environment, self.work = root, environment, work
        self.servers = []
        self.failures = []

    def log_file(self, block, suffix="log"):
        return self.work / f"{block.document.replace('/', '_')}-{block.line}.{suffix}"

    def fail(self, block, line, message, log=None):
        self.failures.append(f"{block.document}:{line}")
        print(f"FAILED {block.document}:{line}: {message}", flush=True)
        if log is not None:
            print(tail(log), flush=True)

    def run(self, block):
        log, line_file, script_file = self.log_file(block), self.log_file(block, "line"), self.log_file(block, "sh")
        script_file.write_text(block_script(block, line_file), encoding="utf-8")
        limit = int(block.marker.options.get("timeout", DEFAULT_TIMEOUT_SECONDS))
        started = time.monotonic()
        with open(log, "w", encoding="utf-8") as output:
            process = subprocess.Popen(["bash", str(script_file)], cwd=self.root, env=self.environment,
                                       stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT,
                                       start_new_session=True)
            try:
                status = process.wait(timeout=limit)
            except subprocess.TimeoutExpired:
                self.fail(block, failed_line(line_file, block), f"still running after {limit} s", log)
                return
            finally:
                # Anything the block left running in the background ends with it.
                stop_group(process)
        elapsed = time.monotonic() - started
        line = failed_line(line_file, block)
        if status != 0:
            self.fail(block, line, f"exit {status}: {command_at(block, line)}", log)
            return
        expected = block.marker.options.get("expect")
        if expected and expected not in log.read_text(encoding="utf-8", errors="replace"):
            self.fail(block, block.line, f"the output does not contain {expected}", log)
            return
        print(f"ok     {block.where}  {elapsed:.1f} s", flush=True)

    def start(self, block):
        ready = block.marker.options["ready"]
        if answers(ready):
            self.fail(block, block.line, f"{ready} answers before the block ran: something else holds the port "
                                         f"the documents use; stop it and run again")
            return
        log, line_file, script_file = self.log_file(block), self.log_file(block, "line"), self.log_file(block, "sh")
        script_file.write_text(block_script(block, line_file), encoding="utf-8")
        limit = int(block.marker.options.get("timeout", DEFAULT_TIMEOUT_SECONDS))
        started = time.monotonic()
        output = open(log, "w", encoding="utf-8")
        process = subprocess.Popen(["bash", str(script_file)], cwd=self.root, env=self.environment,
                                   stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        self.servers.append((process, output))
        while not answers(ready):
            if process.poll() is not None and not group_alive(process):
                self.fail(block, failed_line(line_file, block), f"exited (status {process.returncode}) before "
                                                                f"{ready} answered", log)
                return
            if time.monotonic() - started > limit:
                self.fail(block, failed_line(line_file, block), f"{ready} did not answer 200 within {limit} s", log)
                return
            time.sleep(0.5)
        print(f"ok     {block.where}  started, {ready} answered after {time.monotonic() - started:.1f} s", flush=True)

    def stop_servers(self):
        for process, output in reversed(self.servers):
            stop_group(process)
            output.close()
        self.servers = []


def group_alive(process):
    try:
        os.killpg(process.pid, 0)
        return True
    except (ProcessLookupError, PermissionError):
        return False


def stop_group(process):
    """Stops the block's whole process group: SIGTERM, then SIGKILL after SERVER_STOP_SECONDS."""
    if not group_alive(process):
        process.poll()
        return
    os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + SERVER_STOP_SECONDS
    while group_alive(process) and time.monotonic() < deadline:
        process.poll()
        time.sleep(0.2)
    if group_alive(process):
        os.killpg(process.pid, signal.SIGKILL)
    try:
        process.wait(timeout=SERVER_STOP_SECONDS)
    except subprocess.TimeoutExpired:
        pass


def failed_line(line_file, block):
    try:
        return int(Path(line_file).read_text().strip())
    except (OSError, ValueError):
        return block.line


def command_at(block, line):
    command = next((c for c in block.commands if c.line == line), None)
    return command.text.splitlines()[0].strip() if command else "(the block)"


def documents(root, chosen):
    if chosen:
        missing = [name for name in chosen if not (root / name).is_file()]
        if missing:
            raise SystemExit(f"docs smoke: no such document: {', '.join(missing)}")
        return chosen
    found = ["README.md"] if (root / "README.md").is_file() else []
    return found + sorted(str(path.relative_to(root)) for path in (root / "docs").glob("*.md"))


def main(argv=None):
    parser = argparse.ArgumentParser(prog="smoke-docs.sh", description=__doc__.split("\n\n")[0])
    parser.add_argument("documents", nargs="*", help="documents to run, relative to the root (default README.md and docs/*.md)")
    parser.add_argument("--check", action="store_true", help="only check that every command block is marked; run nothing")
    parser.add_argument("--root", default=str(Path(__file__).resolve().parent.parent), help="the repository root")
    parser.add_argument("--database", default=DEFAULT_DATABASE,
                        help="database the documents' Athena uses, NAME_bench and NAME_eval the benchmark's and the evaluation's; all three "
                             "are dropped first (default %(default)s; 'none': leave the environment's)")
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()

    blocks, problems = [], []
    for document in documents(root, args.documents):
        try:
            document_blocks = read_blocks(root, document)
        except Problem as problem:
            problems.append(str(problem))
            continue
        for block in document_blocks:
            if block.language not in COMMAND_LANGUAGES:
                continue
            if block.marker is None:
                problems.append(f"{block.where}: command block without a smoke marker: mark it run or start, or "
                                f"say why it cannot run (needs a Docker engine, needs a model server, skip)")
                continue
            try:
                if block.marker.kind in RUN_KINDS:
                    block.commands = split_commands(block)
            except Problem as problem:
                problems.append(str(problem))
                continue
            blocks.append(block)
    for problem in problems:
        print(f"FAILED {problem}", flush=True)
    if problems:
        print(f"docs smoke: {len(problems)} document problem(s); nothing was run", flush=True)
        return 1

    runnable = [block for block in blocks if block.marker.kind in RUN_KINDS]
    marked = [block for block in blocks if block.marker.kind in SKIP_KINDS]
    for block in marked:
        print(f"marked {block.where}  {block.marker.kind}: {block.marker.options['reason']}", flush=True)
    if args.check:
        print(f"docs smoke: {len(runnable)} command blocks to run, {len(marked)} marked as not runnable", flush=True)
        return 0

    database = None if args.database == "none" else args.database
    if database:
        drop_databases(database)
    work = Path(tempfile.mkdtemp(prefix="docs-smoke-"))
    runner = Runner(root, smoke_environment(database), work)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.monotonic()
    try:
        for block in runnable:
            print(f"...    {block.where}  {block.marker.kind}", flush=True)
            if block.marker.kind == "start":
                runner.start(block)
            else:
                runner.run(block)
    finally:
        runner.stop_servers()
    elapsed = time.monotonic() - started
    print(f"docs smoke: {len(runnable)} command blocks run, {len(marked)} marked as not runnable, "
          f"{len(runner.failures)} failed, in {elapsed:.0f} s (logs: {work})", flush=True)
    if runner.failures:
        print(f"docs smoke: failed: {', '.join(runner.failures)}", flush=True)
        return 1
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
