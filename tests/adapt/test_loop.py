"""The adaptation loop on the tiny model: decide, train with replay, verify, swap; chat
feedback; a background trainer whose adapter the chat picks up."""

import json

import pytest

from pockettune.adapt import heldout, loop
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


def test_a_round_synthesizes_trains_on_pairs_verifies_and_is_remembered(tmp_path, echo_synth):
    with tiny(tmp_path, "synth.k=2") as pt:
        fill(pt)
        rep = pt.adapt(progress=False)
        trainable, held = loop.annotation_split(pt.store, pt.config.adapt.heldout)
        assert rep.plan.train and rep.version == 1 and held
        assert not set(rep.trained_on) & set(held)  # held-out annotations are never trained on
        rec = rep.record
        # every annotation was synthesized in the round (held-out ones too), as `synth` does
        assert rec.synth_annotations == 12 and rec.synth_generated == 24 and rec.synth_kept > 0
        pairs = pt.store.conn.execute("SELECT annotation_id FROM synth").fetchall()
        trained_pairs = sum(r[0] in set(rep.trained_on) for r in pairs)
        assert 0 < trained_pairs < len(pairs)  # held-out annotations' pairs stay out
        manifest = json.loads((pt.adapters.path(1) / "manifest.json").read_text())
        assert rec.synth_pairs == manifest["n_synth"] == trained_pairs
        assert rec.annotations == manifest["n_annotations"] == len(rep.trained_on)
        assert not set(manifest["annotation_ids"]) & set(held)
        assert rec.steps == manifest["steps"] > 0 and rec.heldout == len(held)
        assert set(rec.seconds) == {"synth", "train", "verify"}
        stored = pt.adapters.round_info(1)
        assert stored == rec.to_dict() and stored["verdict"] == rep.verdict
        assert rep.heldout_before is not None and rep.heldout_after is not None
        note = pt.adapters.list()[-1]["note"]
        assert "held-out loss" in note and (rep.activated == note.startswith("activated"))
        text = rep.summary()
        assert all(f"\n  {s}" in text for s in ("synth ", "train ", "verify "))
        assert pt.store.get_meta("adapt.stage")["stage"] == "done"
        assert pt.store.get_meta("adapt.last_round")["record"] == stored
        again = pt.adapt(progress=False)
        assert not again.plan.train and again.version is None
        assert "won't train: no new annotations" in pt.status()["adapt"]
        kinds = [
            r[0] for r in pt.store.conn.execute("SELECT kind FROM events WHERE kind LIKE 'adapt%'")
        ]
        assert kinds.count("adapt") == 2 and kinds.count("adapt.round") == 1


@pytest.mark.parametrize("replay", [1.0, 0.0])
def test_later_rounds_replay_earlier_annotations(tmp_path, replay):
    with tiny(
        tmp_path, f"adapt.replay={replay}", "adapt.verify=false", "adapt.retrain_all=0"
    ) as pt:
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


def test_small_data_rounds_retrain_on_everything_even_after_a_round_kept_aside(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(heldout, "unit_losses_of", losses(lambda n: [1.0] * n, lambda n: [2.0] * n))
    with tiny(tmp_path) as pt:
        fill(pt, annotate=10)
        first = pt.adapt(progress=False)
        assert first.version and not first.activated  # kept aside: what it learned must not be lost
        fill(pt, n=40, annotate=8, start=100)
        rep = pt.adapt(force=True, progress=False)
        trainable, _ = loop.annotation_split(pt.store, pt.config.adapt.heldout)
        assert rep.plan.mode == "fresh" and rep.plan.lr_scale == 1.0
        assert set(first.trained_on) < set(rep.trained_on) == set(trainable)
        assert "a fresh adapter on all" in rep.plan.explain()
        manifest = json.loads((pt.adapters.path(rep.version) / "manifest.json").read_text())
        assert manifest["init_from"] is None


def losses(current, new):
    """A stand-in for scoring held-out items: per-item losses by model (None: base)."""
    return lambda pt, ids, v, with_synth=False: (new if v else current)(len(ids))


def test_an_adapter_that_is_significantly_worse_is_kept_aside(tmp_path, monkeypatch):
    monkeypatch.setattr(heldout, "unit_losses_of", losses(lambda n: [1.0] * n, lambda n: [2.0] * n))
    with tiny(tmp_path) as pt:
        fill(pt)
        rep = pt.adapt(progress=False)
        assert rep.version and not rep.activated and rep.record.rule == "worse"
        assert pt.adapters.active() is None
        assert pt.adapters.list()[-1]["note"].startswith("kept aside: significantly worse")


def noise(n):
    """Per-item differences around zero whose mean is below it (the old rule swapped on it)."""
    return [3.0 + (-0.3 if i % 2 == 0 else 0.28) for i in range(n)]


def test_noise_does_not_swap_once_there_is_evidence_enough(tmp_path, monkeypatch):
    def by_version(pt, ids, v, with_synth=False):  # v2 (the incremental round's) is noise
        return noise(len(ids)) if v == 2 else [3.0] * len(ids)

    monkeypatch.setattr(heldout, "unit_losses_of", by_version)
    with tiny(tmp_path, "adapt.verify_min_items=2", "adapt.retrain_all=0") as pt:
        fill(pt, n=40, annotate=20)
        first = pt.adapt(progress=False)  # trained on every annotation: not worse is enough
        assert first.activated and first.record.rule == "superset"
        fill(pt, n=40, annotate=10, start=100)
        rep = pt.adapt(force=True, progress=False)  # incremental: new ones + a replay sample
        assert rep.plan.mode == "incremental" and rep.swap.n >= 2
        assert rep.heldout_after < rep.heldout_before  # lower mean...
        assert not rep.activated and rep.record.rule == "not_better"  # ...is not evidence
        assert "not significantly better" in pt.adapters.list()[-1]["note"]
        assert pt.adapters.active() == first.version


def test_a_retrain_on_every_annotation_replaces_the_model_unless_worse(tmp_path, monkeypatch):
    monkeypatch.setattr(heldout, "unit_losses_of", losses(lambda n: [3.0] * n, noise))
    with tiny(tmp_path, "adapt.verify_min_items=2") as pt:
        fill(pt, n=40, annotate=20)
        pt.adapt(progress=False)
        fill(pt, n=40, annotate=10, start=100)
        rep = pt.adapt(force=True, progress=False)
        assert rep.plan.mode == "fresh" and rep.swap.n >= 2
        assert rep.activated and rep.record.rule == "superset"
        assert "trained on all the annotations and not worse on average" in rep.verdict


def test_with_too_little_evidence_a_first_adapter_that_is_not_worse_is_used(tmp_path, monkeypatch):
    monkeypatch.setattr(heldout, "unit_losses_of", losses(lambda n: [3.0] * n, noise))
    with tiny(tmp_path) as pt:  # adapt.verify_min_items=8: more than are held out
        fill(pt)
        rep = pt.adapt(progress=False)
        assert 2 <= rep.swap.n < 8 and rep.activated and rep.record.rule == "little_evidence"
        assert pt.adapters.active() == rep.version


def test_held_out_items_the_adapter_in_use_learned_from_are_not_compared(tmp_path):
    with tiny(tmp_path) as pt:
        fill(pt)
        _, held = loop.annotation_split(pt.store, pt.config.adapt.heldout)
        pt.train(progress=False, max_steps=1)  # `pockettune train`: every annotation
        v = pt.adapters.active()
        assert set(held) <= {r[0] for r in pt.store.conn.execute(
            "SELECT annotation_id FROM adapter_annotations WHERE version=?", (v,))}  # fmt: skip
        assert heldout.verifiable(pt.store, held, v) == []
        assert heldout.verifiable(pt.store, held, None) == held


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


def test_with_verify_synth_an_annotation_and_its_pairs_are_one_item(tmp_path, echo_synth):
    from pockettune.eval.score import reference_nll

    with tiny(tmp_path, "synth.k=2") as pt:
        fill(pt, annotate=3)
        pt.synthesize(progress=False)
        ids = [1, 2]
        alone = heldout.unit_losses_of(pt, ids, None)
        with_pairs = heldout.unit_losses_of(pt, ids, None, with_synth=True)
        rows = pt.store.conn.execute(
            "SELECT question, response FROM synth WHERE annotation_id=1 ORDER BY id"
        ).fetchall()
        assert len(rows) == 2 and len(alone) == len(with_pairs) == 2
        pairs = reference_nll(pt.use_adapter(None), pt.lm.tokenizer,
                              [Turn(q, reference=a) for q, a in rows], 256)  # fmt: skip
        assert with_pairs[0] == pytest.approx((alone[0] + sum(pairs)) / 3)
