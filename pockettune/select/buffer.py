"""The selection buffer: fixed capacity x dominant-domain grouping x replacement policy.

Usage::

    buf = Buffer(store, SelectConfig(capacity=64, policy="sdss"))
    cand = buf.score_one(turn, embedding, n_tokens)   # EOE, DSS, IDD and the domain
    decision = buf.offer_one(cand)                     # one SQLite transaction

While the buffer has room every turn enters (paper); once full the policy decides. Every
offer, admitted or not, commits the buffer rows, the policy's state, the counters and the
ingest position together, so a process killed at any point reopens to a consistent buffer
that continues exactly as an uninterrupted run would.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..config import SelectConfig
from ..errors import PockettuneError
from ..faults import point as fault
from ..store import Store
from ..turn import Turn
from .candidate import Candidate
from .items import BufferItem, kept_items
from .lexicon import load_lexicon
from .metrics import (
    Coverage,
    DomainSpecificScore,
    EntropyOfEmbedding,
    InDomainDissimilarity,
    Surprise,
)
from .policies import Decision, make_policy
from .state import BufferState


@dataclass
class Progress:
    """An ingest position committed with the offer: ``done`` records of ``path`` are in."""

    key: str
    path: str
    done: int


class NeedsEmbedding(Exception):
    """An offer without an embedding was admitted (another process changed the buffer since
    the preview): the transaction rolled back; embed the turn and offer it again."""


class Buffer:
    def __init__(self, store: Store, cfg: SelectConfig) -> None:
        self.store, self.cfg = store, cfg
        self.lexicon = load_lexicon(cfg.domains)
        self.eoe = EntropyOfEmbedding(cfg.eoe_bins, cfg.eoe_length_norm)
        self.dss = DomainSpecificScore(self.lexicon)
        self.idd = InDomainDissimilarity()
        self.cov = Coverage()
        self.sur = Surprise()
        self.last_timing: dict[str, float] = {}
        self.domain_weight: Callable[[str], float] | None = None
        """Scales a turn's DSS by its domain (the profile's interests); None: unweighted."""
        self.on_commit: Callable[[Any, Candidate], None] | None = None
        """Called inside each offer's transaction (the profile is written there)."""
        self._load()

    # ---- persistence -------------------------------------------------------------------
    def reload(self) -> None:
        """Rebuild the in-memory state from the store (after a rollback or a forget)."""
        self._load()

    def _load(self) -> None:
        meta = {k: self.store.get_meta(f"select.{k}") for k in ("policy", "domains", "capacity")}
        rows = self.store.conn.execute(
            "SELECT id, seq, domain, eoe, dss, n_tokens, embedding, meta, question, context"
            " FROM buffer"
            " ORDER BY seq"
        ).fetchall()
        if rows:
            self._check_compatible(meta, len(rows))
        self._version = self.store.get_meta("select.version", 0)
        """Bumped by every committed change; another process's change shows as a mismatch."""
        self.state = BufferState(self.cfg.capacity)
        self.state.n_seen = int(self.store.get_meta("select.n_seen", 0))
        self.policy = make_policy(self.cfg)
        self.policy.set_state(self.store.get_meta("select.policy_state", {}))
        for r in rows:
            meta = json.loads(r["meta"])
            slot = meta.get("_slot")
            if slot is None or slot >= self.cfg.capacity or self.state.occupied[slot]:
                slot = self.state.free_slot()
            emb = np.frombuffer(r["embedding"], dtype="<f4")
            cand = Candidate(Turn(r["question"], r["context"]), emb, r["n_tokens"])
            cand.domain, cand.scores = r["domain"], {"eoe": r["eoe"], "dss": r["dss"]}
            if (sur := meta.get("_sur")) is not None:
                cand.scores["sur"] = float(sur)
            self.state.put(slot, cand, r["id"], r["seq"])
            self.policy.inserted(slot, self.state)

    def _check_compatible(self, meta: dict[str, Any], n: int) -> None:
        for key, want in (("policy", self.cfg.policy), ("domains", self.cfg.domains)):
            if meta[key] is not None and meta[key] != want:
                raise PockettuneError(
                    f"the buffer holds {n} turns chosen with select.{key}={meta[key]}; "
                    f"run `pockettune buffer --clear` or use another home to switch to {want}"
                )
        if n > self.cfg.capacity:
            raise PockettuneError(
                f"the buffer holds {n} turns, more than select.capacity={self.cfg.capacity}"
            )

    # ---- the streaming API -------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.state)

    def room(self) -> int:
        """Free slots: while there is room every turn but a near-duplicate enters."""
        return self.cfg.capacity - len(self.state)

    def decides_unembedded(self) -> bool:
        """Whether the policy decides on arrival and words alone (``random``, ``fifo``,
        ``tokens``; the near-duplicate gate reads words), so only admitted turns need an
        embedding: a caller may preview, then embed and score only what enters."""
        return not self.policy.needs_embedding

    def preview_one(self, turn: Turn) -> Decision:
        """The decision :meth:`offer_one` would take for ``turn`` now, changing nothing (the
        policy's generator is put back). Only for a policy that :meth:`decides_unembedded`."""
        saved = self.policy.get_state()
        self.state.n_seen += 1
        try:
            return self._decide(Candidate(turn, np.zeros(0, np.float32), 0))
        finally:
            self.state.n_seen -= 1
            self.policy.set_state(saved)

    def word_scored(self, turn: Turn) -> Candidate:
        """A turn the buffer rejects, scored without an embedding: its domain (the profile
        counts it) and DSS; no EOE, IDD or embedding, which only kept turns need."""
        cand = Candidate(turn, np.zeros(0, np.float32), 0)
        cand.scores["dss"] = self.dss.score(cand, np.zeros(0))  # also sets cand.domain
        return cand

    def score_one(
        self, turn: Turn, embedding: np.ndarray, n_tokens: int, surprise: float | None = None
    ) -> Candidate:
        """Compute domain, EOE, DSS and IDD for one embedded turn (and its surprise, which
        ``select.metrics=[..., sur]`` needs measured by the caller); writes nothing."""
        t0 = time.perf_counter()
        cand = Candidate(turn, embedding, n_tokens, surprise=surprise)
        if self.state.dim and cand.unit.size != self.state.dim:
            raise PockettuneError(
                f"embedding size {cand.unit.size} differs from the buffer's {self.state.dim}: "
                "the model changed; clear the buffer or use another home"
            )
        cand.scores["dss"] = self.dss.score(cand, np.zeros(0))  # also sets cand.domain
        if self.domain_weight is not None:
            cand.scores["dss"] *= self.domain_weight(cand.domain)
        cand.scores["eoe"] = self.eoe.score(cand, np.zeros(0))
        if "sur" in self.cfg.metrics:
            cand.scores["sur"] = self.sur.score(cand, np.zeros(0))
        self._score_against_buffer(cand)
        self.last_timing = {"score_s": time.perf_counter() - t0}
        return cand

    def _score_against_buffer(self, cand: Candidate) -> None:
        """The scores that depend on what the buffer holds (IDD, and coverage when a policy
        votes with it): computed when scoring, and again if another process changed the
        buffer before the offer commits."""
        cand.scores["idd"] = self.idd.score(cand, self.state.same_domain_units(cand.domain))
        if "cov" in self.cfg.metrics:
            cand.scores["cov"] = self.cov.score(cand, self.state.kept_units())

    def offer_one(self, cand: Candidate, progress: Progress | None = None) -> Decision:
        """Admit, replace or reject ``cand``: one transaction, whatever the outcome.

        The decision is taken inside the write transaction, on the state as committed: if
        another process (a chat beside an ingest) changed the buffer since we last looked,
        we reload first, so no update is lost and capacity holds across processes.
        """
        t0 = time.perf_counter()
        try:
            with self.store.transaction() as c:
                if self.store.get_meta("select.version", 0) != self._version:
                    self._load()
                    self._score_against_buffer(cand)
                st = self.state
                st.n_seen += 1
                decision = self._decide(cand)
                if decision.admit and cand.embedding.size == 0:
                    raise NeedsEmbedding(cand.turn.question[:40])
                if decision.admit and decision.evict is None:
                    slot = st.free_slot()
                else:
                    slot = decision.evict if decision.evict is not None else -1
                t1 = time.perf_counter()
                new_id = self._commit(c, cand, decision, slot, progress)
        except BaseException:
            self._load()  # the transaction rolled back: drop the in-memory changes too
            raise
        fault("ingest.after_commit")
        self._version += 1
        if decision.evict is not None:
            st.remove(decision.evict)
            self.policy.removed(decision.evict, st)
        if decision.admit:
            st.put(slot, cand, new_id, st.n_seen)
            self.policy.inserted(slot, st)
        t2 = time.perf_counter()
        self.last_timing.update(decide_s=t1 - t0, commit_s=t2 - t1)
        return decision

    def _decide(self, cand: Candidate) -> Decision:
        """The gate, then room, then the policy (``state.n_seen`` already counts ``cand``)."""
        st = self.state
        dup = st.near_duplicate(cand.turn.question, self.cfg.dedup) if self.cfg.dedup > 0 else None
        if dup is not None:
            return Decision(False, None, f"near-duplicate of item {st.item_id[dup]}")
        if not st.full:
            return Decision(True, None, "buffer has room")
        return self.policy.choose(cand, st)

    def _commit(
        self, c: Any, cand: Candidate, d: Decision, slot: int, progress: Progress | None
    ) -> int:
        st, t = self.state, cand.turn
        new_id = -1
        if d.evict is not None:
            c.execute("DELETE FROM buffer WHERE id=?", (int(st.item_id[d.evict]),))
            Store.log(c, "evict", int(st.item_id[d.evict]), reason=d.reason)
        if d.admit:
            meta = dict(t.meta, _slot=slot)
            if "sur" in cand.scores:
                meta["_sur"] = cand.scores["sur"]
            cur = c.execute(
                "INSERT INTO buffer (seq, arrived_at, question, context, reply, reference,"
                " source, speaker, meta, domain, n_tokens, eoe, dss, idd, embedding)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    st.n_seen,
                    time.time(),
                    t.question,
                    t.context,
                    t.reply,
                    t.reference,
                    t.source,
                    t.speaker,
                    json.dumps(meta),
                    cand.domain,
                    cand.n_tokens,
                    cand.scores["eoe"],
                    cand.scores["dss"],
                    cand.scores["idd"],
                    cand.embedding.astype("<f4").tobytes(),
                ),
            )
            new_id = int(cur.lastrowid or -1)
            Store.log(c, "insert", new_id, domain=cand.domain, reason=d.reason)
        counts = self.store.get_meta("select.counts", {})
        for key, hit in (
            ("admitted", d.admit),
            ("evicted", d.evict is not None),
            ("rejected", not d.admit),
        ):
            counts[key] = counts.get(key, 0) + int(hit)
        for key, value in (
            ("n_seen", st.n_seen),
            ("policy_state", self.policy.get_state()),
            ("counts", counts),
            ("policy", self.cfg.policy),
            ("domains", self.cfg.domains),
            ("capacity", self.cfg.capacity),
            ("version", self._version + 1),
        ):
            Store.set_meta(c, f"select.{key}", value)
        if progress is not None:
            c.execute(
                "INSERT OR REPLACE INTO ingest_progress VALUES (?,?,?,?)",
                (progress.key, progress.path, progress.done, time.time()),
            )
        if self.on_commit is not None:
            self.on_commit(c, cand)
        fault("ingest.before_commit")
        return new_id

    def clear(self, reason: str = "clear") -> int:
        """Empty the buffer (after a hand-off to annotation, or on request); returns how many."""
        n = len(self)
        with self.store.transaction() as c:
            c.execute("DELETE FROM buffer")
            for key in ("n_seen", "policy_state", "policy", "domains", "capacity"):
                c.execute("DELETE FROM meta WHERE key=?", (f"select.{key}",))
            Store.set_meta(c, "select.version", self._version + 1)
            Store.log(c, "clear", None, reason=reason, removed=n)
        self._load()
        return n

    # ---- reading -----------------------------------------------------------------------
    def items(self) -> list[BufferItem]:
        """Kept turns in arrival order, with IDD as it stands now."""
        return kept_items(self.store, self.state)

    def why_kept(self) -> dict[int, str]:
        """Each kept item's admission reason, as its insert event recorded it."""
        rows = self.store.conn.execute(
            "SELECT item_id, detail FROM events WHERE kind='insert' AND item_id IN"
            " (SELECT id FROM buffer)"
        )
        return {int(r[0]): json.loads(r[1]).get("reason", "") for r in rows}

    def domain_counts(self) -> dict[str, int]:
        return {
            d: len(s) for d, s in sorted(self.state.by_domain.items(), key=lambda x: -len(x[1]))
        }

    def counts(self) -> dict[str, int]:
        c = dict(self.store.get_meta("select.counts", {}))
        c["seen"] = self.state.n_seen
        return c
