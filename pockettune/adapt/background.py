"""Training in the background: a detached ``pockettune adapt`` process, one at a time.

Chat never waits for it: the trainer writes a new adapter version and (if verified better)
flips the active pointer in one committed row; the chat notices before its next reply and
loads it. An exclusive lock on ``<home>/adapt.lock`` keeps a second trainer from starting.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any


@contextlib.contextmanager
def training_lock(home: Path) -> Iterator[bool]:
    """Yields True when this process holds the trainer lock, False when another one does."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory locks
        yield True
        return
    with open(home / "adapt.lock", "a+b") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True


_SPAWNED: dict[Path, list[Any]] = {}
"""Rounds this process started, by home: a round counts as running from its spawn, before the
child has imported enough to take the lock (otherwise a status poll right after the spawn
reads "not running", and a second answer in that window spawns a second trainer)."""


def training_now(home: Path) -> bool:
    procs = _SPAWNED.get(Path(home).resolve(), [])
    procs[:] = [p for p in procs if p.poll() is None]
    if procs:
        return True
    with training_lock(home) as mine:
        return not mine


def spawn(home: Path, overrides: list[str] | None = None) -> Any:
    """Start ``pockettune adapt`` detached from this terminal; its log goes to runs/."""
    (home / "runs").mkdir(parents=True, exist_ok=True)
    log = home / "runs" / f"adapt-{time.strftime('%Y%m%d-%H%M%S')}.log"
    cmd = [sys.executable, "-m", "pockettune", "adapt", "--home", str(home), "-q"]
    with open(log, "ab") as out:
        proc = subprocess.Popen(
            cmd + list(overrides or []),
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # survives the chat's Ctrl-C
        )
    _SPAWNED.setdefault(Path(home).resolve(), []).append(proc)
    return proc


def start_background(home: Path, overrides: list[str] | None = None) -> Any:
    """``spawn`` unless a round is already running (then None)."""
    return None if training_now(home) else spawn(home, overrides)


def start_if_planned(pt: Any) -> tuple[Any, Any]:
    """Ask the policy now (after an answer or feedback); when it says train and no round is
    running, start one in the background, as ``chat`` and ``serve`` do. Returns (the plan,
    the process or None)."""
    from .loop import plan

    p = plan(pt)
    proc = spawn(pt.home.root) if p.train and not training_now(pt.home.root) else None
    return p, proc


def adapt_unless_running(pt: Any, force: bool = False, progress: bool = True) -> Any:
    """One adaptation round here, holding the trainer lock; None if another process holds it."""
    from .loop import adapt

    with training_lock(pt.home.root) as mine:
        return adapt(pt, force, progress) if mine else None
