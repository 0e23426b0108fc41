"""Crash tests: an ingest SIGKILLed at hundreds of chosen points of progress.

The child is the real CLI (`pockettune ingest`) with the model-free hash embedder. It kills
itself at the N-th hit of a fault point (`POCKETTUNE_FAULT=ingest.before_commit:N`, see
`pockettune/faults.py`): inside an offer's transaction or right after its commit. The test
picks the points and the turns, so every run really is killed and the figures do not depend
on how fast the machine is. After every kill the store passes SQLite's integrity check, the
buffer's invariants hold and the committed position is exactly the one expected; rerunning
the same command converges to exactly the buffer of an uninterrupted run.
`POCKETTUNE_STRESS=1 pytest -s tests/privacy/test_crash.py` raises the kills (README,
Development).
"""

import json
import math
import os
import random
import signal
import sqlite3
import subprocess
import sys

import pytest

STRESS = os.environ.get("POCKETTUNE_STRESS") == "1"
KILLS_PER_POLICY = 300 if STRESS else 120
STREAM = 3_000
POINTS = ("ingest.before_commit", "ingest.after_commit")


def ingest(home, data, policy, wait=True, fault=None):
    cmd = [
        sys.executable,
        "-m",
        "pockettune",
        "ingest",
        str(data),
        "-q",
        "--home",
        str(home),
        "model.embedder=hash",
        # Redaction has tests of its own; Presidio's start-up (seconds) in each of hundreds of
        # children would dominate this test without touching what it checks.
        "privacy.redact=false",
        "select.capacity=12",
        f"select.policy={policy}",
        "select.seed=3",
        "ingest.batch_size=4",
    ]
    env = dict(os.environ)
    env.pop("POCKETTUNE_FAULT", None)
    if fault:
        env["POCKETTUNE_FAULT"] = fault
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    if wait:
        _, err = p.communicate(timeout=600)  # a hang guard only
        assert p.returncode == (-signal.SIGKILL if fault else 0), err.decode()[-2000:]
    return p


def done_of(home):
    if not (home / "pockettune.db").exists():
        return 0
    db = sqlite3.connect(home / "pockettune.db")
    row = db.execute("SELECT done FROM ingest_progress").fetchone()
    db.close()
    return row[0] if row else 0


def check_invariants(home):
    db = sqlite3.connect(home / "pockettune.db")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rows = db.execute("SELECT domain, eoe, dss, idd, embedding FROM buffer").fetchall()
    assert len(rows) <= 12
    meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
    counts = json.loads(meta.get("select.counts", "{}"))
    assert counts.get("admitted", 0) - counts.get("evicted", 0) == len(rows)
    assert counts.get("admitted", 0) + counts.get("rejected", 0) == int(
        meta.get("select.n_seen", "0")
    )
    for dom, eoe, dss, idd, emb in rows:
        assert dom and all(math.isfinite(v) for v in (eoe, dss, idd)) and len(emb) == 256 * 4
    done = db.execute("SELECT done FROM ingest_progress").fetchone()
    assert (done[0] if done else 0) == int(
        meta.get("select.n_seen", "0")
    )  # position and buffer agree
    db.close()
    return len(rows)


def kept(home):
    db = sqlite3.connect(home / "pockettune.db")
    out = sorted(r[0] for r in db.execute("SELECT question FROM buffer"))
    db.close()
    return out


@pytest.fixture(scope="module")
def stream(tmp_path_factory):
    words = [
        "bank",
        "money",
        "doctor",
        "sleep",
        "school",
        "music",
        "dance",
        "family",
        "car",
        "phone",
        "church",
        "war",
        "happy",
        "sad",
        "garden",
        "dinner",
        "friends",
        "office",
        "travel",
        "beach",
        "computer",
        "game",
        "movie",
        "book",
    ]
    rng = random.Random(0)
    path = tmp_path_factory.mktemp("data") / "stream.jsonl"
    with path.open("w") as f:
        for i in range(STREAM):
            q = " ".join(rng.choices(words, k=rng.randint(3, 14))) + f" #{i}"
            f.write(json.dumps({"question": q, "response": f"r{i}"}) + "\n")
    return path


@pytest.mark.slow
@pytest.mark.parametrize("policy", ["sdss", "random"])
def test_sigkill_at_chosen_points_converges(tmp_path, stream, policy):
    whole = tmp_path / "whole"
    ingest(whole, stream, policy)
    expected = kept(whole)
    assert len(expected) == 12

    home = tmp_path / "killed"
    rng = random.Random(policy)
    # where each kill lands: turn positions spread over the whole stream (repeats allowed:
    # a kill at the first offer after a resume), each at one of the points, all points used
    at = sorted(rng.randrange(STREAM - 1) for _ in range(KILLS_PER_POLICY))
    points = [POINTS[i % len(POINTS)] for i in range(KILLS_PER_POLICY)]
    rng.shuffle(points)
    kills = dict.fromkeys(POINTS, 0)
    for pos, point in zip(at, points):
        done = done_of(home)
        n = max(pos, done) - done + 1  # the n-th offer of this run handles turn done + n
        ingest(home, stream, policy, fault=f"{point}:{n}")  # asserts it died by SIGKILL
        kills[point] += 1
        check_invariants(home)
        # the killed offer rolled back (before its commit) or stayed (after): nothing else
        assert done_of(home) == done + n - (point == "ingest.before_commit")
    ingest(home, stream, policy)  # finish what is left
    check_invariants(home)
    assert done_of(home) == STREAM
    print(f"ingest {policy}: {sum(kills.values())} kills over {STREAM} turns, per point {kills}")
    assert min(kills.values()) >= KILLS_PER_POLICY // len(POINTS)
    assert kept(home) == expected


def test_two_processes_writing_at_once(tmp_path, stream):
    """An ingest and a second writer at the same time: no lock error, nothing lost, capacity holds."""
    home = tmp_path / "h"
    ingest(home, stream, "sdss")  # creates the home and its config
    other = tmp_path / "other.jsonl"
    other.write_text(
        "".join(
            json.dumps({"question": f"chat message {i} about the weather and rain"}) + "\n"
            for i in range(300)
        )
    )
    a = ingest(home, stream, "sdss", wait=False)  # already done: resumes at the end, exits
    b = subprocess.Popen(
        [sys.executable, "-m", "pockettune", "ingest", str(other), "-q", "--home", str(home)],
        stderr=subprocess.PIPE,
    )
    other2 = tmp_path / "other2.jsonl"
    other2.write_text(other.read_text())
    cmd = [sys.executable, "-m", "pockettune", "ingest", str(other2), "-q", "--home", str(home)]
    c = subprocess.Popen(cmd, stderr=subprocess.PIPE)
    for p in (a, b, c):
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, (err or b"").decode()[-2000:]
        assert b"locked" not in (err or b"")
    n = check_invariants_any(home)
    assert n == 12


def check_invariants_any(home):
    db = sqlite3.connect(home / "pockettune.db")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
    counts = json.loads(meta["select.counts"])
    rows = db.execute("SELECT COUNT(*) FROM buffer").fetchone()[0]
    assert counts["admitted"] - counts["evicted"] == rows <= 12
    assert counts["admitted"] + counts["rejected"] == int(meta["select.n_seen"]) == STREAM + 600
    db.close()
    return rows
