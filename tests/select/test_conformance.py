"""One suite that every registered policy (and every sdss rule) must pass."""

import numpy as np
import pytest

from pockettune.config import SelectConfig
from pockettune.select import POLICIES, Buffer
from pockettune.store import Store
from tests.conftest import make_turns, offer_all

VARIANTS = [{"policy": p} for p in POLICIES] + [
    {"policy": "sdss", "rule": "all"},
    {"policy": "sdss", "rule": "weighted"},
    {"policy": "sdss", "metrics": ["eoe", "idd"]},
    {"policy": "sdss", "domains": "fine"},
]
IDS = [
    "-".join(str(v) if not isinstance(v, list) else "+".join(v) for v in d.values())
    for d in VARIANTS
]


def kept(buf: Buffer) -> list[str]:
    return sorted(it.question for it in buf.items())


@pytest.mark.parametrize("kw", VARIANTS, ids=IDS)
def test_capacity_never_exceeded_and_accounting_holds(make_buffer, kw):
    buf = make_buffer(capacity=8, seed=3, **kw)
    turns = make_turns(120, seed=1)
    for i, admitted in enumerate(offer_all(buf, turns), 1):
        assert len(buf) <= 8
        assert len(buf) == min(i, 8) or admitted in (True, False)
    assert len(buf) == 8
    rows = buf.store.conn.execute("SELECT COUNT(*) FROM buffer").fetchone()[0]
    assert rows == 8 == sum(buf.domain_counts().values())
    c = buf.counts()
    assert c["seen"] == 120 and c["admitted"] - c["evicted"] == 8
    assert c["admitted"] + c["rejected"] == 120


@pytest.mark.parametrize("kw", VARIANTS, ids=IDS)
def test_deterministic_with_a_seed(make_buffer, kw):
    turns = make_turns(80, seed=2)
    a, b = make_buffer("a", capacity=6, seed=7, **kw), make_buffer("b", capacity=6, seed=7, **kw)
    offer_all(a, turns)
    offer_all(b, turns)
    assert kept(a) == kept(b)


@pytest.mark.parametrize("kw", VARIANTS, ids=IDS)
def test_state_survives_a_reopen(tmp_path, make_buffer, kw):
    turns = make_turns(90, seed=4)
    whole = make_buffer("whole", capacity=6, seed=5, **kw)
    offer_all(whole, turns)

    cfg = SelectConfig(capacity=6, seed=5, **kw)
    s = Store(tmp_path / "split.db")
    offer_all(Buffer(s, cfg), turns[:37])
    s.close()  # as if the process ended here
    s = Store(tmp_path / "split.db")
    reopened = Buffer(s, cfg)
    assert len(reopened) == 6
    offer_all(reopened, turns[37:])
    assert kept(reopened) == kept(whole)
    s.close()


@pytest.mark.parametrize("kw", VARIANTS, ids=IDS)
def test_live_idd_matches_definition(make_buffer, kw):
    buf = make_buffer(capacity=10, **kw)
    offer_all(buf, make_turns(60, seed=6))
    items = buf.items()
    for it in items:
        peers = [o for o in items if o.domain == it.domain and o.id != it.id]
        if not peers:
            assert it.idd == 1.0
            continue
        u = it.embedding / np.linalg.norm(it.embedding)
        sims = [float(u @ (o.embedding / np.linalg.norm(o.embedding))) for o in peers]
        assert it.idd == pytest.approx(1 - np.mean(sims), abs=1e-5)
