"""Property-based tests (Hypothesis): readers never crash on any bytes, and the buffer keeps its
invariants for any stream."""

import json
import tempfile
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pockettune.config import SelectConfig
from pockettune.errors import InputError
from pockettune.ingest import ReadReport, read_turns
from pockettune.select import Buffer
from pockettune.store import Store
from pockettune.turn import Turn

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(data=st.binary(max_size=2000), ext=st.sampled_from(["jsonl", "json", "csv", "txt"]))
def test_any_bytes_give_turns_or_one_clear_error(data, ext):
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / f"f.{ext}"
        p.write_bytes(data)
        try:
            turns = list(read_turns(p, max_chars=500, report=ReadReport()))
        except InputError as e:
            assert str(e).startswith(str(p)) and "\n" not in str(e)
            return
        for _, t in turns:
            assert t.question.strip() and len(t.question) <= 500


record = st.fixed_dictionaries(
    {"question": st.text(max_size=80)},
    optional={
        "response": st.text(max_size=80),
        "history": st.lists(st.text(max_size=20), max_size=3),
        "extra": st.one_of(st.integers(), st.none(), st.text(max_size=5)),
    },
)


@SETTINGS
@given(records=st.lists(record, min_size=1, max_size=20))
def test_jsonl_records_round_trip(records):
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "r.jsonl"
        p.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        expected = [r["question"] for r in records if r["question"].strip()]
        try:
            got = [t.question for _, t in read_turns(p)]
        except InputError:
            assert not expected  # only a file with no usable record is an error
            return
        assert got == expected


@SETTINGS
@given(
    texts=st.lists(
        st.text(alphabet="abcdefghij bank money doctor music ", min_size=1, max_size=40),
        min_size=1,
        max_size=60,
    ),
    capacity=st.integers(1, 8),
    policy=st.sampled_from(["sdss", "random", "fifo", "kcenter"]),
    seed=st.integers(0, 3),
)
def test_buffer_invariants_for_any_stream(texts, capacity, policy, seed):
    rng = np.random.default_rng(seed)
    with tempfile.TemporaryDirectory() as d:
        store = Store(Path(d) / "b.db")
        # dedup=0: the paper's rule that every turn enters while there is room (the duplicate
        # gate has tests of its own)
        buf = Buffer(store, SelectConfig(capacity=capacity, policy=policy, seed=seed, dedup=0.0))
        for i, text in enumerate(texts):
            emb = (
                rng.normal(size=8).astype(np.float32) if i % 5 else np.zeros(8, np.float32)
            )  # some zero vectors
            buf.offer_one(buf.score_one(Turn(text or "x"), emb, max(1, len(text.split()))))
            assert len(buf) == min(i + 1, capacity)
        items = buf.items()
        assert len(items) == len(buf) == sum(buf.domain_counts().values())
        assert all(0.0 <= it.idd <= 2.0 + 1e-6 and np.isfinite(it.eoe) for it in items)
        c = buf.counts()
        assert c["admitted"] - c["evicted"] == len(items) and c["seen"] == len(texts)
        store.close()
