"""Streaming a conversation source into the buffer, resumably.

    Ingester(config, store, observer).ingest("chats.jsonl")

Sources: a file (``read_turns``), ``chitchat[:SPEAKER]``, ``llm-logs[:PATH]``. The position is
committed with every buffer update, so after a crash or Ctrl-C the same call continues where
it stopped (``restart`` starts over).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import Config
from ..select import Progress
from ..select.observe import batched
from ..store import Store
from ..turn import Turn
from .chitchat import read_chitchat
from .readers import ReadReport, read_turns


@dataclass
class IngestReport:
    """What an ingest did: turns offered, admitted, and what the reader skipped."""

    source: str
    offered: int = 0
    admitted: int = 0
    resumed_from: int = 0
    read: ReadReport = field(default_factory=ReadReport)
    seconds: float = 0.0

    own_replies: int | None = None
    """Own replies stored as annotations (None: ``own_replies`` was off)."""

    def summary(self) -> str:
        head = f"{self.source}: {self.offered} turns offered, {self.admitted} admitted"
        if self.resumed_from:
            head += f" (resumed after {self.resumed_from})"
        if self.own_replies is not None:
            head += f", {self.own_replies} own replies stored as annotations"
        return f"{head}; {self.read.summary()}; {self.seconds:.1f}s"


class Ingester:
    def __init__(self, config: Config, store: Store, observer: Any, profile: Any = None) -> None:
        """``profile``: the ProfileKeeper, told when own replies became annotations."""
        self.config, self.store, self.observer, self.profile = config, store, observer, profile

    def ingest(
        self,
        source: str | Path,
        fmt: str | None = None,
        speaker: str | None = None,
        limit: int | None = None,
        restart: bool = False,
        progress: bool = True,
        own_replies: bool | None = None,
    ) -> IngestReport:
        """Stream a conversation file (or ``chitchat`` with a speaker) into the buffer.

        Resumable: the position is committed with every buffer update, so after a crash or
        Ctrl-C the same command continues where it stopped (``restart`` starts over).
        ``own_replies`` (None: ``ingest.own_replies``) stores each turn's own reply as an
        annotation (ingest/own_replies.py).
        """
        import contextlib
        import time

        from tqdm import tqdm

        from .own_replies import OwnReplies, check_source

        t0 = time.perf_counter()
        src = str(source)
        report = IngestReport(src)
        if src == "chitchat" or src.startswith("chitchat:"):
            speaker = speaker or src.partition(":")[2]
            if not speaker:
                from .chitchat import chitchat_speakers

                speaker = chitchat_speakers(1000)[0][0]
            key, stream = f"chitchat:{speaker}", read_chitchat(speaker)
            report.source = key
        elif src == "llm-logs" or src.startswith("llm-logs:"):
            from .llm_logs import default_logs_path, read_llm_logs

            path = Path(src.partition(":")[2] or default_logs_path()).expanduser().resolve()
            key, report.source = f"llm-logs:{path}", f"llm logs {path}"
            stream = self._clipped(read_llm_logs(path), report)
        else:
            path = Path(source).expanduser().resolve()
            key = str(path)
            stream = read_turns(path, fmt, self.config.ingest.max_chars, report.read)
        own = None
        if self.config.ingest.own_replies if own_replies is None else own_replies:
            check_source(key)
            own = OwnReplies(self.observer.buffer, key, self.config.annotate.max_chars)
        done = 0 if restart else self._progress(key)
        report.resumed_from = done
        bar = tqdm(desc="ingest", unit="turn", disable=not progress, total=limit)
        numbered = (
            (turn, Progress(key, src, i)) for i, turn in self._numbered(stream, done, limit)
        )
        with own if own is not None else contextlib.nullcontext():
            for batch in batched(numbered, self.config.ingest.batch_size):
                report.admitted += sum(d.admit for d in self.observer.offer_batch(batch))
                report.offered += len(batch)
                bar.update(len(batch))
        bar.close()
        if own is not None:
            report.own_replies = own.count
            self._after_own_replies()
        report.seconds = time.perf_counter() - t0
        return report

    def _after_own_replies(self) -> None:
        """Retention limits hold for the new annotations too; the profile absorbs their words."""
        from ..privacy.forget import enforce_retention

        p = self.config.privacy
        if (p.max_age_days or p.max_annotations) and enforce_retention(
            self.store, p.max_age_days, p.max_annotations
        ):
            self.observer.buffer.reload()
            if self.profile is not None:
                self.profile.reload()
        if self.profile is not None:
            self.profile.absorb_annotations()

    def _clipped(
        self, stream: Iterator[tuple[int, Turn]], report: IngestReport
    ) -> Iterator[tuple[int, Turn]]:
        """Cut overlong messages and skip empty ones, as the file readers do."""
        from .readers import _clip

        for n, turn in stream:
            report.read.truncated += _clip(turn, self.config.ingest.max_chars)
            report.read.read += 1
            yield n, turn

    @staticmethod
    def _numbered(
        stream: Iterator[tuple[int, Turn]], done: int, limit: int | None
    ) -> Iterator[tuple[int, Turn]]:
        for i, (_, turn) in enumerate(stream, 1):
            if i > done:
                yield i, turn
            if limit is not None and i >= done + limit:
                return

    def _progress(self, key: str) -> int:
        row = self.store.conn.execute(
            "SELECT done FROM ingest_progress WHERE source_key=?", (key,)
        ).fetchone()
        return int(row[0]) if row else 0
