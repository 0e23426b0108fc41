"""Redaction engine start-up (issue #41: "engine start-up <= 2 s"), cold, in fresh processes.

    python benchmarks/redact_startup.py                   # this checkout; 5 runs
    python benchmarks/redact_startup.py --old 06a0290     # and the redactor at that commit
    python benchmarks/redact_startup.py --old 06a0290 --new 1234abc   # two commits, not this tree
    python benchmarks/redact_startup.py --runs 7 --out redact-startup-x

Each run is a new Python process that imports ``pockettune.privacy``, builds the engine
(``Redactor().analyzer``) and redacts one message, the way ``pockettune redact`` and the
ingest path start; the figure is the median over runs of the process's wall time from its
start to the first redacted message, interpreter start-up included (and its exit: spawn to
exit is what is timed), with the minimum beside it; the redactors' runs alternate, so that a
load that comes and goes weighs on each alike. ``--old REV`` measures
the redactor of that commit the same way (its ``pockettune/`` extracted with ``git archive``
to a temporary folder, put first on ``PYTHONPATH``); ``--new REV`` does the same in place of
this working tree (which may hold others' uncommitted edits). Also measured: the median ms per
message of the project dev set (``data/pii_dev.jsonl``) after the build, in one more process
each, and ``pockettune --help``. Writes results/redact-startup.{md,json} (or ``--out``).
Run it alone on the machine (``flock /tmp/pockettune-cpu.lock ...``): timings, not a test.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from privacy import machine  # benchmarks/privacy.py: one machine line for both
from results_io import save_results

HERE = Path(__file__).parent
ROOT = HERE.parent
FIRST = "warm up: Anna at anna@example.com, +44 20 7946 0958"

COLD = f"""
import json, time
t0 = time.perf_counter()
from pockettune.privacy import Redactor
t1 = time.perf_counter()
red = Redactor()
red.analyzer
t2 = time.perf_counter()
red.redact({FIRST!r})
t3 = time.perf_counter()
print(json.dumps({{"import_s": t1 - t0, "build_s": t2 - t1, "first_s": t3 - t2,
                  "in_process_s": t3 - t0}}))
"""

PER_MESSAGE = f"""
import json, statistics, sys, time
from pockettune.privacy import Redactor
red = Redactor()
red.redact({FIRST!r})
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
ms = []
for text in texts:
    t = time.perf_counter()
    red.redact(text)
    ms.append((time.perf_counter() - t) * 1000)
print(json.dumps({{"messages": len(ms), "ms_median": statistics.median(ms)}}))
"""


def git(*args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=True
    ).stdout.strip()


def run_python(code: str, path: Path, *args: str) -> tuple[dict, float]:
    """(what the child printed as JSON, its wall time from spawn to exit in seconds)."""
    env = os.environ | {"PYTHONPATH": os.pathsep.join([str(path), str(ROOT)])}
    t = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tempfile.gettempdir(),
        check=True,
    )
    wall = time.perf_counter() - t
    return json.loads(out.stdout.strip().splitlines()[-1]), wall


def measure_all(paths: dict[str, Path], runs: int) -> dict[str, dict]:
    """Each variant's cold runs, alternated (run 1 of each, then run 2 of each, ...), so
    that a load that comes and goes on the machine weighs on all of them alike."""
    cold: dict[str, list[tuple[dict, float]]] = {name: [] for name in paths}
    for _ in range(runs):
        for name, path in paths.items():
            cold[name].append(run_python(COLD, path))
    return {name: summarize(cold[name], path) for name, path in paths.items()}


def summarize(cold: list[tuple[dict, float]], path: Path) -> dict:
    walls = [w for _, w in cold]
    per_msg, _ = run_python(PER_MESSAGE, path, str(HERE / "data" / "pii_dev.jsonl"))
    return {
        "wall_s": walls,
        "wall_s_median": statistics.median(walls),
        "wall_s_min": min(walls),
        **{
            f"{k}_median": statistics.median(c[k] for c, _ in cold)
            for k in ("import_s", "build_s", "first_s", "in_process_s")
        },
        "dev_messages": per_msg["messages"],
        "ms_per_message_median": per_msg["ms_median"],
    }


def help_seconds(runs: int) -> float:
    exe = Path(sys.executable).with_name("pockettune")
    cmd = [str(exe), "--help"] if exe.exists() else [sys.executable, "-m", "pockettune.cli"]
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([*cmd], capture_output=True, check=True, cwd=ROOT)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main(argv: list[str]) -> None:
    runs = int(argv[argv.index("--runs") + 1]) if "--runs" in argv else 5
    out = argv[argv.index("--out") + 1] if "--out" in argv else "redact-startup"
    old = argv[argv.index("--old") + 1] if "--old" in argv else None
    new = argv[argv.index("--new") + 1] if "--new" in argv else None
    head = git("rev-parse", "--short", "HEAD")
    edited = bool(git("status", "--porcelain", "pockettune/privacy"))
    here = f"{head}" + (" + uncommitted pockettune/privacy/ edits" if edited else "")
    paths: dict[str, Path] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for label, rev in (("before", old), ("after", new)):
            if rev:
                sha = git("rev-parse", "--short", rev)
                tree = Path(tmp) / sha
                tree.mkdir()
                archive = subprocess.run(
                    ["git", "-C", str(ROOT), "archive", sha, "pockettune"],
                    capture_output=True,
                    check=True,
                ).stdout
                subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
                paths[f"{label} ({sha})"] = tree
        if not new:
            paths[f"this checkout ({here})"] = ROOT
        variants = measure_all(paths, runs)
    help_s = help_seconds(runs)
    command = " ".join(["python benchmarks/redact_startup.py", *argv])
    lines = [
        "# Redaction engine start-up, cold (issue #41)",
        "",
        f"Command: `{command}`; run from checkout {here}. Machine: {machine()}.",
        "",
        f"Each figure is the median of {runs} fresh processes: `import pockettune.privacy`, "
        "`Redactor().analyzer` (the Presidio engine with every category), one redacted message; "
        "the redactors' runs alternate. "
        "Wall: process spawn to exit, interpreter start included. ms/message: the median over "
        "the project dev set (data/pii_dev.jsonl) after the build, in one more process.",
        "",
        "| redactor | wall s (median) | wall s (min) | runs | import s | build s "
        "| first message s | ms/message |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, r in variants.items():
        lines.append(
            f"| {name} | {r['wall_s_median']:.2f} | {r['wall_s_min']:.2f} | "
            f"{', '.join(f'{w:.2f}' for w in r['wall_s'])} | {r['import_s_median']:.3f} | "
            f"{r['build_s_median']:.3f} | {r['first_s_median']:.3f} | "
            f"{r['ms_per_message_median']:.2f} |"
        )
    lines += ["", f"`pockettune --help`: {help_s:.2f} s (median of {runs})."]
    info = {
        "command": command,
        "machine": machine(),
        "checkout": here,
        "runs": runs,
        "variants": variants,
        "help_s_median": help_s,
    }
    save_results(HERE / "results" / out, info, lines)


if __name__ == "__main__":
    main(sys.argv[1:])
