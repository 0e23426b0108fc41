"""Crash tests: an ingest killed with SIGKILL at hundreds of random points.

After every kill the store passes SQLite's integrity check and the buffer's invariants hold;
rerunning the same command converges to exactly the buffer of an uninterrupted run. The child
is the real CLI (`pockettune ingest`) with the model-free hash embedder, so a cycle costs a
fraction of a second and hundreds fit in CI.
"""

import json
import math
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

KILLS_PER_POLICY = 100
STREAM = 30_000
"""Long enough that every kill lands mid-ingest (the hash embedder does ~1,000 turns/s)."""


def ingest(home, data, policy, wait=True):
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
        "select.capacity=12",
        f"select.policy={policy}",
        "select.seed=3",
        "ingest.batch_size=4",
    ]
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if wait:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err.decode()[-2000:]
    return p


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
def test_sigkill_at_random_points_converges(tmp_path, stream, policy):
    whole = tmp_path / "whole"
    ingest(whole, stream, policy)
    expected = kept(whole)
    assert len(expected) == 12

    home = tmp_path / "killed"
    rng = random.Random(policy)
    kills = 0
    for _ in range(KILLS_PER_POLICY):
        p = ingest(home, stream, policy, wait=False)
        time.sleep(rng.uniform(0.05, 0.9))
        if p.poll() is None:
            os.kill(p.pid, signal.SIGKILL)
            kills += 1
        p.wait()
        if (home / "pockettune.db").exists():
            check_invariants(home)
    ingest(home, stream, policy)  # finish what is left
    check_invariants(home)
    assert kills >= KILLS_PER_POLICY * 0.8  # most runs really were killed mid-way
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
