"""Observing turns: redact, embed once with the base model, score, offer to the buffer.

Where the policy decides on arrival and words alone (the default ``random``), a full buffer's
decision is previewed first and only admitted turns are embedded and scored: with a 32-slot
buffer most of a long stream is rejected, and its embeddings were never read.

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
from ..errors import PockettuneError
from ..turn import Turn
from .buffer import Buffer, NeedsEmbedding, Progress
from .policies import Decision


class Observer:
    def __init__(
        self,
        config: Config,
        buffer: Buffer,
        embedder: Callable[[], Any],
        redactor: Callable[[], Any],
        base_only: Callable[[], Any],
        tokenizer: Callable[[], Any] = lambda: None,
        surprise: Callable[[list[Turn]], Any] | None = None,
    ) -> None:
        self.config, self.buffer = config, buffer
        self._embedder, self._redactor, self._base_only = embedder, redactor, base_only
        self._tokenizer, self._surprise = tokenizer, surprise
        """``surprise``: the model's surprise at (redacted) turns, for ``select.metrics=sur``."""
        self.last_domain: str = ""
        self.last_embedding: Any = None
        """The dominant domain and embedding of the last turn observed (for feedback on it)."""

    def observe_one(
        self, turn: Turn, embedding: Any = None, n_tokens: int | None = None
    ) -> Decision:
        """Redact, embed, score and offer one turn to the buffer. ``embedding`` (with
        ``n_tokens``) is the redacted turn's, already taken from a reply's prefill
        (:meth:`embed_turns` form); then no forward pass is run here."""
        if embedding is None:
            return self.offer_batch([(turn, None)])[0]
        turn = self.redacted(turn)
        sur = self.surprises([turn])[0]
        return self._offered(self.buffer.score_one(turn, embedding, int(n_tokens or 1), sur), None)

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
        """Redact and offer turns in order. Where the policy decides without embeddings
        (``select.lazy_embed`` and ``random``/``fifo``/``tokens``) and the buffer is full, a
        turn is embedded and scored only if it enters: the same decisions and kept rows as
        embedding every turn, for a forward pass per admitted turn only."""
        batch = [(self.redacted(t), p) for t, p in batch]
        lazy = self.config.select.lazy_embed and self.buffer.decides_unembedded()
        if not lazy or self.buffer.room() >= len(batch):  # all but duplicates enter
            return self._offer_embedded(batch)
        return [self._offer_lazily(t, p) for t, p in batch]

    def _offer_lazily(self, turn: Turn, prog: Progress | None) -> Decision:
        if not self.buffer.preview_one(turn).admit:
            try:
                return self._offered(self.buffer.word_scored(turn), prog)
            except NeedsEmbedding:  # another process changed the buffer: now it enters
                pass
        return self._offer_embedded([(turn, prog)])[0]

    def _offered(self, cand: Any, prog: Progress | None) -> Decision:
        decision = self.buffer.offer_one(cand, prog)
        self.last_domain, self.last_embedding = cand.domain, cand.embedding
        return decision

    def _offer_embedded(self, batch: list[tuple[Turn, Progress | None]]) -> list[Decision]:
        """Embed and score every (redacted) turn of ``batch``, then offer each in order."""
        embs, ntoks = self.embed_turns([t for t, _ in batch])
        surs = self.surprises([t for t, _ in batch])
        out = []
        for (turn, prog), e, n, sur in zip(batch, embs, ntoks, surs):
            out.append(self._offered(self.buffer.score_one(turn, e, n, sur), prog))
        return out

    def surprises(self, turns: list[Turn]) -> list[float | None]:
        """The model's surprise at each turn where selection votes with it (one forward pass
        with the LM head a turn), else None: nothing is run."""
        if "sur" not in self.config.select.metrics:
            return [None] * len(turns)
        if self._surprise is None:
            raise PockettuneError("select.metrics has 'sur' but no surprise scorer was given")
        return [float(v) for v in self._surprise(turns)]

    def embed_turns(self, turns: list[Turn]) -> tuple[Any, list[int]]:
        """Selection embeddings of (redacted) turns, with the base model: of their reply
        prompts (``model.embed_input=prompt``, what a reply's prefill sees) or their text."""
        m = self.config.model
        with self._base_only():  # selection always embeds with the base model
            if m.embed_input == "prompt" and m.embedder == "llm":
                from ..models.generate import prompt_ids

                tok = self._tokenizer()
                ids = [prompt_ids(tok, t.question, t.context, m.max_tokens) for t in turns]
                return self._embedder().embed_ids(ids)
            cut = self.config.ingest.max_chars
            return self._embedder().embed_many([t.scored_text()[-cut:] for t in turns])


def batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """Consecutive lists of ``size`` items (the last may be shorter)."""
    it = iter(items)
    while batch := list(itertools.islice(it, size)):
        yield batch
