"""The adaptation loop on the tiny model: decide, train with replay, verify, swap; chat
feedback; a background trainer whose adapter the chat picks up."""

import json

import pytest

from pockettune.adapt import loop
from pockettune.adapt.background import spawn
from pockettune.annotate import simulated_annotator
from pockettune.chat import ChatSession
from pockettune.personalizer import Personalizer
from pockettune.turn import Turn

TOPICS = ["cooking pasta for dinner", "my car needs new tires", "college exams and homework"]


def tiny(home, *over):
    base = ["select.capacity=24", "synth.k=0", "adapt.min_new=4", "train.epochs=1"]
    return Personalizer.open(home, preset="tiny", overrides=base + list(over))


def fill(pt, n=40, annotate=12, start=0):
    pt.observe_many(
        Turn(f"{TOPICS[i % 3]} {i}", reply="ok", reference=f"yeah {i} lol")
        for i in range(start, start + n)
    )
    pt.annotate(simulated_annotator, limit=annotate, show_replies=False)


def test_a_round_trains_on_new_data_verifies_and_is_remembered(tmp_path):
    with tiny(tmp_path) as pt:
        fill(pt)
        rep = pt.adapt(progress=False)
        _, held = loop.annotation_split(pt.store, pt.config.adapt.heldout)
        assert rep.plan.train and rep.version == 1 and held
        assert not set(rep.trained_on) & set(held)  # held-out annotations are never trained on
        assert rep.heldout_before is not None and rep.heldout_after is not None
        note = pt.adapters.list()[-1]["note"]
        assert "held-out loss" in note and (rep.activated == ("activated" in note))
        again = pt.adapt(progress=False)
        assert not again.plan.train and again.version is None
        assert "won't train: no new annotations" in pt.status()["adapt"]
        kinds = [
            r[0] for r in pt.store.conn.execute("SELECT kind FROM events WHERE kind LIKE 'adapt%'")
        ]
        assert kinds.count("adapt") == 2 and kinds.count("adapt.round") == 1


@pytest.mark.parametrize("replay", [1.0, 0.0])
def test_later_rounds_replay_earlier_annotations(tmp_path, replay):
    with tiny(tmp_path, f"adapt.replay={replay}", "adapt.verify=false") as pt:
        fill(pt, annotate=10)
        first = set(pt.adapt(progress=False).trained_on)
        fill(pt, n=40, annotate=8, start=100)
        rep = pt.adapt(force=True, progress=False)
        assert rep.plan.mode == "incremental"
        old = set(rep.trained_on) & first
        assert (len(old) > 0) == (replay > 0)
        assert rep.plan.replay == len(old)
        manifest = json.loads((pt.adapters.path(rep.version) / "manifest.json").read_text())
        assert manifest["init_from"] == pt.store.get_meta("adapt.last_round")["version"] - 1


def test_an_adapter_that_is_not_better_is_kept_aside(tmp_path, monkeypatch):
    monkeypatch.setattr(loop, "_heldout_nll", lambda pt, ids, v: 2.0 if v else 1.0)
    with tiny(tmp_path) as pt:
        fill(pt)
        rep = pt.adapt(progress=False)
        assert rep.version and not rep.activated
        assert pt.adapters.active() is None
        assert "kept aside" in pt.adapters.list()[-1]["note"]


def test_chat_feedback_and_a_background_round_swapped_in(tmp_path):
    with tiny(tmp_path, "chat.max_new_tokens=4") as pt:
        fill(pt, annotate=3)
        said = []
        out = lambda *a, **k: said.append(" ".join(map(str, a)))  # noqa: E731
        chat = ChatSession(pt, adapt=False)
        chat.reply("how do I cook rice?", out=out)
        for cmd in ("/good", "/rate 2", "/edit boil it lol", "/rate x", "/retry"):
            assert chat.command(cmd, out=out)
        kinds = [r[0] for r in pt.store.conn.execute("SELECT kind FROM feedback ORDER BY id")]
        assert kinds == ["accept", "rating", "edit", "regenerate"]
        assert any("usage: /rate" in s for s in said)
        assert not chat.command("/quit", out=out)
        fill(pt, n=20, annotate=8, start=200)
        # a detached `pockettune adapt`, as the chat starts it (unverified: always swapped in)
        proc = spawn(pt.home.root, ["adapt.verify=false"])
        assert proc.wait(timeout=300) == 0
        assert pt.adapters.active() == 1 and pt.adapter_version is None
        chat.reply("and pasta?", out=out)
        assert pt.adapter_version == 1
        assert any("now answering with adapter v1" in s for s in said)
