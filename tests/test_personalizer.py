"""The facade on the tiny model: observe, ingest, resume, config persistence."""

import json

import pytest

from pockettune import Config, Personalizer, PockettuneError, Turn


@pytest.fixture
def chat_file(tmp_path):
    p = tmp_path / "chats.jsonl"
    lines = [
        json.dumps({"question": f"question {i} about money and the bank", "response": f"r{i}"})
        for i in range(30)
    ]
    p.write_text("\n".join(lines) + "\n")
    return p


def open_tiny(home, *overrides):
    return Personalizer.open(home, preset="tiny", overrides=list(overrides))


def test_observe_one_stores_scores_and_domain(tmp_path):
    with open_tiny(tmp_path / "h") as pt:
        d = pt.observe_one(Turn("my headache and fever got worse", reference="ok"))
        assert d.admit
        (it,) = pt.buffer.items()
        assert it.domain == "health" and it.eoe > 0 and it.dss > 0 and it.idd == 1.0
        assert it.embedding.shape == (64,) and it.reference == "ok"


def test_selection_by_surprise_measures_the_model_at_each_turn(tmp_path, chat_file):
    from pockettune.models.surprise import surprise_many

    with open_tiny(tmp_path / "s", "select.metrics=[eoe,dss,idd,sur]", "select.capacity=4") as pt:
        pt.ingest(chat_file, progress=False)
        assert pt.buffer.counts()["seen"] == 30 and len(pt.buffer) == 4
        rows = pt.store.conn.execute("SELECT question, meta FROM buffer").fetchall()
        kept = {r[0]: json.loads(r[1])["_sur"] for r in rows}
        want = surprise_many(pt.lm.model, pt.lm.tokenizer, list(kept))
        assert list(kept.values()) == pytest.approx(list(want), abs=1e-4)
        d = pt.observe_one(Turn("my headache and fever got worse"))  # the chat path too
        assert d.reason


def test_ingest_resumes_where_it_stopped(tmp_path, chat_file):
    with open_tiny(tmp_path / "a") as pt:
        first = pt.ingest(chat_file, limit=12, progress=False)
        assert first.offered == 12
    with open_tiny(tmp_path / "a") as pt:  # a new process, same home
        rest = pt.ingest(chat_file, progress=False)
        assert rest.resumed_from == 12 and rest.offered == 18
        resumed = sorted(i.question for i in pt.buffer.items())
    with open_tiny(tmp_path / "b") as pt:
        pt.ingest(chat_file, progress=False)
        assert sorted(i.question for i in pt.buffer.items()) == resumed
        assert pt.ingest(chat_file, progress=False).offered == 0  # nothing new


def test_home_remembers_its_config_and_refuses_a_silent_policy_switch(tmp_path, chat_file):
    with open_tiny(tmp_path / "h", "select.capacity=5") as pt:
        pt.ingest(chat_file, progress=False)
    with Personalizer.open(tmp_path / "h") as pt:
        assert pt.config.select.capacity == 5 and pt.config.model.path == "tiny"
    with pytest.raises(PockettuneError, match="select.policy=random"):
        Personalizer.open(tmp_path / "h", overrides=["select.policy=fifo"])


def test_bad_file_loses_nothing(tmp_path, chat_file):
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b'{"question": "x"}\n\xff\xfe\n')
    with open_tiny(tmp_path / "h") as pt:
        pt.ingest(chat_file, progress=False)
        before = [i.id for i in pt.buffer.items()]
        with pytest.raises(PockettuneError, match="bad.jsonl:2: not UTF-8"):
            pt.ingest(bad, progress=False)
        assert [i.id for i in pt.buffer.items()] == before
        assert pt.store.integrity_ok()


def test_config_overrides_and_validation():
    cfg = Config.load("tiny", ["select.capacity=16", "select.metrics=[eoe,idd]"])
    assert cfg.select.capacity == 16 and cfg.select.metrics == ["eoe", "idd"]
    for bad, msg in [
        ("select.capacity=0", "positive"),
        ("select.rule=best", "majority"),
        ("select.nope=1", "unknown config key select.nope"),
        ("capacity", "key=value"),
    ]:
        with pytest.raises(PockettuneError, match=msg):
            Config.load(None, [bad])
    with pytest.raises(PockettuneError, match="no preset"):
        Config.load("nonexistent")
