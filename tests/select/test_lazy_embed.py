"""Deciding before embedding (select.lazy_embed): the same buffer, fewer forward passes."""

from __future__ import annotations

import contextlib
import json

import numpy as np
import pytest

from pockettune.config import Config
from pockettune.select import Buffer
from pockettune.select.buffer import NeedsEmbedding
from pockettune.select.observe import Observer
from pockettune.store import Store
from pockettune.turn import Turn

from ..conftest import fake_embedding, make_turns


class CountingEmbedder:
    """fake_embedding per text, counting the texts it was asked to embed."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def embed_many(self, texts: list[str]) -> tuple[np.ndarray, list[int]]:
        self.texts += texts
        return np.stack([fake_embedding(t) for t in texts]), [len(t.split()) for t in texts]


def observe(tmp_path, name: str, policy: str, lazy: bool, turns: list[Turn]):
    cfg = Config.load(
        None,
        [
            "model.embedder=hash",
            f"select.policy={policy}",
            "select.capacity=8",
            f"select.lazy_embed={str(lazy).lower()}",
            "ingest.batch_size=4",
        ],
    )
    store = Store(tmp_path / f"{name}.db")
    buf = Buffer(store, cfg.select)
    emb = CountingEmbedder()
    obs = Observer(cfg, buf, lambda: emb, lambda: None, contextlib.nullcontext)
    decisions = obs.observe_many(turns)
    return store, buf, emb, decisions


def snapshot(store: Store) -> dict:
    """Everything selection wrote: kept rows (not their wall-clock arrival), events, meta."""
    rows = [
        {k: r[k] for k in dict(r) if k != "arrived_at"}
        for r in store.conn.execute("SELECT * FROM buffer ORDER BY id")
    ]
    events = [
        (r["kind"], r["item_id"], json.loads(r["detail"]))
        for r in store.conn.execute("SELECT kind, item_id, detail FROM events ORDER BY id")
    ]
    meta = {
        r[0]: r[1]
        for r in store.conn.execute("SELECT key, value FROM meta WHERE key LIKE 'select.%'")
    }
    return {"rows": rows, "events": events, "meta": meta}


def stream() -> list[Turn]:
    turns = make_turns(80, seed=3)
    # near-duplicates of earlier turns, after the buffer has filled: the gate must hold too
    return turns[:40] + [Turn(turns[i].question.upper() + "!") for i in (2, 5, 30)] + turns[40:]


@pytest.mark.parametrize("policy", ["random", "fifo", "tokens"])
def test_lazy_embedding_keeps_every_decision_and_row_bit_for_bit(tmp_path, policy):
    turns = stream()
    s1, _, eager_emb, eager = observe(tmp_path, "eager", policy, False, turns)
    s2, _, lazy_emb, lazy = observe(tmp_path, "lazy", policy, True, turns)
    assert lazy == eager
    assert snapshot(s2) == snapshot(s1)
    assert len(eager_emb.texts) == len(turns)
    admitted = sum(d.admit for d in eager)
    if policy == "fifo":  # fifo admits every turn: nothing to save, nothing lost
        assert len(lazy_emb.texts) == len(turns)
    else:  # the fill (batches with room) plus one pass per admitted turn after it
        assert len(lazy_emb.texts) <= admitted + 8
        assert len(lazy_emb.texts) < len(turns) / 2
    s1.close()
    s2.close()


def test_policies_that_read_embeddings_embed_every_turn(tmp_path):
    turns = stream()
    s, buf, emb, _ = observe(tmp_path, "sdss", "sdss", True, turns)
    assert not buf.decides_unembedded()
    assert len(emb.texts) == len(turns)
    s.close()


def test_an_unembedded_offer_that_would_enter_rolls_back(tmp_path):
    """The safety net under a stale preview: nothing is written, the state is as before."""
    turns = make_turns(30, seed=1)
    s, buf, _, _ = observe(tmp_path, "net", "fifo", True, turns[:20])  # full; fifo admits all
    before = snapshot(s)
    with pytest.raises(NeedsEmbedding):
        buf.offer_one(buf.word_scored(turns[25]))
    assert snapshot(s) == before
    assert buf.state.n_seen == 20
    s.close()


def test_a_stale_preview_still_embeds_the_admitted_turn(tmp_path, monkeypatch):
    turns = make_turns(30, seed=1)
    s, buf, emb, _ = observe(tmp_path, "stale", "fifo", True, turns[:20])
    cfg = Config.load(None, ["model.embedder=hash", "select.policy=fifo", "select.capacity=8"])
    obs = Observer(cfg, buf, lambda: emb, lambda: None, contextlib.nullcontext)
    # as if another process's offer had changed the buffer after our preview rejected it
    monkeypatch.setattr(buf, "preview_one", lambda turn: type("D", (), {"admit": False})())
    n = len(emb.texts)
    (d,) = obs.offer_batch([(turns[25], None)])
    assert d.admit and len(emb.texts) == n + 1
    kept = s.conn.execute("SELECT embedding FROM buffer WHERE question=?", (turns[25].question,))
    assert np.frombuffer(kept.fetchone()[0], "<f4").size == 16
    s.close()
