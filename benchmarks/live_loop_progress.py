"""A live-loop speaker's progress on disk, so a run stopped midway goes on where it stopped.

A speaker takes ~70 min on 2 cores and sessions end with their processes killed; without this
a speaker that did not finish in one sitting was lost. The speaker's folder
``<work>/<speaker[:8]>-<key>/`` keeps the server's home and ``progress.json`` (written
atomically after every message and round): messages sent, failed requests, rounds, the curve,
the adapters' records and every scored adapter's per-item scores. The key hashes the sizes
and config, so other sizes start a fresh folder. On a rerun the server opens the same home;
answers are counted from the home's annotations (its own record of what was answered). A kill
between a message's request and the progress write sends that one message again.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Progress:
    sent: int = 0
    """Messages of the stream whose request and questions are done."""
    failed: int = 0
    """Failed requests so far (the issue's bar is 0)."""
    rounds: int = 0
    """Training rounds the server finished (kept or not)."""
    seconds: float = 0.0
    """Wall time spent on this speaker in earlier sittings."""
    sittings: int = 0
    """How many runs worked on the speaker (1 = it ran in one go)."""
    curve: list[dict[str, Any]] = field(default_factory=list)
    """Held-out scores after each round (and for base at 0 messages)."""
    adapters: list[dict[str, Any]] = field(default_factory=list)
    """Per round: the version trained, the active one after it, the server's record, and the
    swap's paired test against the adapter it replaced."""
    scores: dict[str, dict[str, Any]] = field(default_factory=dict)
    """``"base"`` or an adapter version -> its held-out ``Scores`` (per item, as a dict)."""

    def score(self, key: Any) -> Any:
        """The stored ``Scores`` of ``key`` (None: base), or None when not scored yet."""
        from pockettune.eval.score import Scores

        d = self.scores.get(_key(key))
        return None if d is None else Scores(**d)

    def keep(self, key: Any, s: Any) -> None:
        self.scores[_key(key)] = dataclasses.asdict(s)

    def save(self, path: Path) -> None:
        from pockettune.store import atomic_write_text

        atomic_write_text(path, json.dumps(dataclasses.asdict(self)))

    @classmethod
    def load(cls, path: Path) -> Progress:
        """The saved progress, or a fresh one where none was saved (or it cannot be read)."""
        try:
            return cls(**json.loads(path.read_text()))
        except FileNotFoundError:
            return cls()
        except (ValueError, TypeError) as e:
            raise SystemExit(
                f"{path}: unreadable progress ({e}); delete its folder to rerun"
            ) from e


def _key(version: Any) -> str:
    return "base" if version is None else str(version)


def speaker_dir(work: Path, speaker: str, sizes: dict[str, Any], config: Any) -> Path:
    """The speaker's lasting folder for these sizes and this config."""
    key = json.dumps({"sizes": sizes, "config": config}, sort_keys=True, default=str)
    return work / f"{speaker[:8]}-{hashlib.sha256(key.encode()).hexdigest()[:10]}"
