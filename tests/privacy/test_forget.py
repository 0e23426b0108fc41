import time

import pytest

from pockettune import Personalizer, PockettuneError, Turn
from pockettune.annotate import simulated_annotator


def raw_db(home) -> bytes:
    return b"".join(p.read_bytes() for p in home.iterdir() if p.name.startswith("pockettune.db"))


@pytest.fixture
def pt(tmp_path):
    p = Personalizer.open(tmp_path / "h", preset="tiny", overrides=["train.epochs=1"])
    topics = [
        "zanzibar holiday plans",
        "my doctor and the fever",
        "bank loan rates",
        "guitar chords",
    ]
    for i, t in enumerate(topics):
        p.observe_one(Turn(f"{t} question {i}", reference=f"{t} answer {i}"))
    p.annotate(simulated_annotator, show_replies=False)
    yield p
    p.close()


def test_forget_a_turn_leaves_no_trace_and_stales_adapters(pt):
    pt.train(progress=False)
    target = next(i for i in pt.buffer.items() if "zanzibar" in i.question)
    assert b"zanzibar" in raw_db(pt.home.root)
    rep = pt.forget(turn=target.id)
    assert (rep.turns, rep.annotations, rep.stale_adapters) == (1, 1, [1])
    assert b"zanzibar" not in raw_db(pt.home.root)  # not in pages, free pages or the WAL
    assert len(pt.buffer) == 3 and all("zanzibar" not in i.question for i in pt.buffer.items())
    assert "forgotten" in pt.adapters.list()[0]["stale"]
    assert pt.store.integrity_ok()


def test_forget_by_domain_time_and_everything(pt):
    health = [i for i in pt.buffer.items() if i.domain == "health"]
    assert pt.forget(domain="health").turns == len(health) >= 1
    assert pt.forget(since=time.time() + 3600).turns == 0
    pt.train(progress=False)
    rep = pt.forget(everything=True, purge_adapters=True)
    assert len(pt.buffer) == 0 and rep.purged_adapters == [1]
    assert pt.adapters.list() == [] and pt.adapters.active() is None
    assert not pt.adapters.path(1).exists()
    with pytest.raises(PockettuneError, match="forget what"):
        pt.forget()


def test_retention_limits_apply_on_open(tmp_path, pt):
    home = pt.home.root
    pt.close()
    with Personalizer.open(home, overrides=["privacy.max_annotations=2"]) as p:
        assert p.store.conn.execute("SELECT COUNT(*) FROM annotations").fetchone()[0] == 2
    with Personalizer.open(home, overrides=["privacy.max_age_days=0.00001"]) as p:
        time.sleep(1.0)
    with Personalizer.open(home) as p:  # the saved config keeps the limit: old data goes
        assert len(p.buffer) == 0
