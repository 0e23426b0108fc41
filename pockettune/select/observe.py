"""Observing turns: redact, embed once with the base model, score, offer to the buffer.

observer = Observer(config, buffer, embedder=lambda: pt.embedder, redactor=...,
                    base_only=replies.base_only)
observer.observe_one(Turn("How do I reset my router?"))
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ..config import Config
from ..turn import Turn
from .buffer import Buffer, Progress
from .policies import Decision


class Observer:
    def __init__(
        self,
        config: Config,
        buffer: Buffer,
        embedder: Callable[[], Any],
        redactor: Callable[[], Any],
        base_only: Callable[[], Any],
    ) -> None:
        self.config, self.buffer = config, buffer
        self._embedder, self._redactor, self._base_only = embedder, redactor, base_only
        self.last_domain: str = ""
        self.last_embedding: Any = None
        """The dominant domain and embedding of the last turn observed (for feedback on it)."""

    def observe_one(self, turn: Turn) -> Decision:
        """Embed, score and offer one turn to the buffer."""
        return self.offer_batch([(turn, None)])[0]

    def observe_many(self, turns: Iterable[Turn]) -> list[Decision]:
        """Like ``observe_one`` for each turn, embedding ``ingest.batch_size`` at a time."""
        pairs = ((t, None) for t in turns)
        return [
            d
            for batch in batched(pairs, self.config.ingest.batch_size)
            for d in self.offer_batch(batch)
        ]

    def redacted(self, turn: Turn) -> Turn:
        """The turn as it may be embedded and stored: PII replaced by placeholders."""
        redactor = self._redactor()
        if redactor is None:
            return turn
        r = redactor.redact
        return dataclasses.replace(
            turn,
            question=r(turn.question),
            context=r(turn.context),
            reply=r(turn.reply),
            reference=r(turn.reference),
        )

    def offer_batch(self, batch: list[tuple[Turn, Progress | None]]) -> list[Decision]:
        batch = [(self.redacted(t), p) for t, p in batch]
        cut = self.config.ingest.max_chars
        texts = [t.scored_text()[-cut:] for t, _ in batch]
        with self._base_only():  # selection always embeds with the base model
            embs, ntoks = self._embedder().embed_many(texts)
        out = []
        for (turn, prog), e, n in zip(batch, embs, ntoks):
            cand = self.buffer.score_one(turn, e, n)
            out.append(self.buffer.offer_one(cand, prog))
            self.last_domain, self.last_embedding = cand.domain, cand.embedding
        return out


def batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """Consecutive lists of ``size`` items (the last may be shorter)."""
    it = iter(items)
    while batch := list(itertools.islice(it, size)):
        yield batch
