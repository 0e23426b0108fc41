"""End to end on the real SmolLM2-135M-Instruct (the embedded GGUF) and real conversations."""

import sqlite3

import numpy as np
import pytest

from pockettune import Personalizer
from tests.conftest import SHARED_DATA as SHARED

pytestmark = pytest.mark.slow


def test_ingest_a_real_users_chitchat_stream(tmp_path):
    home = tmp_path / "home"
    with Personalizer.open(home, overrides=["select.capacity=16"]) as pt:
        rep = pt.ingest("chitchat", limit=120, progress=False)
        assert rep.offered == 120 and pt.lm.name == "SmolLM2-135M-Instruct"
        items = pt.buffer.items()
    assert len(items) == 16
    db = sqlite3.connect(home / "pockettune.db")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rows = db.execute(
        "SELECT question, reference, domain, eoe, dss, idd, n_tokens, embedding, speaker FROM buffer"
    ).fetchall()
    assert len(rows) == 16
    for q, ref, dom, eoe, dss, idd, n, emb, spk in rows:
        assert q and ref and spk and dom
        assert np.frombuffer(emb, dtype="<f4").shape == (576,)  # SmolLM2's hidden size
        assert eoe > 0 and 0 <= dss <= 1 and 0 <= idd <= 2 and 0 < n <= 512
    assert len({r[2] for r in rows}) >= 3  # a real stream spans several domains
    seen = db.execute("SELECT value FROM meta WHERE key='select.n_seen'").fetchone()[0]
    assert seen == "120"


def test_train_the_real_model_and_reload_the_adapter(tmp_path):
    """A few LoRA steps on SmolLM2: the training references become more likely, the adapter
    reloads in a fresh process-like Personalizer and answers."""
    from pockettune.annotate import simulated_annotator
    from pockettune.eval.score import reference_nll
    from pockettune.turn import Turn

    home = tmp_path / "home"
    overrides = [
        "select.capacity=8",
        "synth.k=0",
        "train.epochs=3",
        "train.rows_per_step=1",
        "train.pack_tokens=256",
        "train.max_example_tokens=256",
    ]
    alpaca = SHARED / "alpaca" / "alpaca_5000.json"
    if not alpaca.exists():
        pytest.skip("shared data not present")
    with Personalizer.open(home, overrides=overrides) as pt:
        pt.ingest(alpaca, limit=40, progress=False)
        assert pt.annotate(simulated_annotator, show_replies=False)["saved"] == 8
        items = [
            Turn(r["question"], context=r["context"], reference=r["response"])
            for r in pt.store.conn.execute("SELECT question, context, response FROM annotations")
        ]
        before = np.mean(reference_nll(pt.lm.model, pt.lm.tokenizer, items))
        rep = pt.train(progress=False)
        assert rep.version == 1 and rep.steps >= 3
        after = np.mean(reference_nll(pt.use_adapter(1), pt.lm.tokenizer, items))
        assert after < before - 0.05, (before, after)
    with Personalizer.open(home) as pt:
        assert pt.adapters.active() == 1
        (reply,) = pt.reply_many([(items[0].question, "")], max_new_tokens=16)
        assert reply.strip()


def test_continuous_adaptation_on_a_real_user(tmp_path):
    """A chitchat speaker's stream in two windows on SmolLM2: the profile learns their
    interests and style, the policy trains when enough is annotated, the new adapter is
    verified on held-out annotations and the user's personal prompt is used in replies."""
    from pockettune.annotate import simulated_annotator
    from pockettune.ingest import chitchat_speakers, read_chitchat
    from pockettune.profile import Feedback

    speaker = chitchat_speakers(1000)[0][0]
    turns = [t for _, t in read_chitchat(speaker)][:60]
    over = ["select.capacity=16", "synth.k=0", "adapt.min_new=6", "train.epochs=1",
            "profile.interest_weight=0.5", "privacy.redact=false"]  # fmt: skip
    with Personalizer.open(tmp_path, overrides=over) as pt:
        pt.observe_many(turns[:30])
        pt.annotate(simulated_annotator, limit=5, show_replies=False)
        assert not pt.adapt(progress=False).plan.train  # too few yet: waits
        pt.feedback(Feedback("edit", turns[0].question, "hm", edited=turns[0].reference))
        pt.observe_many(turns[30:])
        pt.annotate(simulated_annotator, limit=8, show_replies=False)
        rep = pt.adapt(progress=False)
        assert rep.plan.train and rep.version == 1
        assert np.isfinite(rep.heldout_before) and np.isfinite(rep.heldout_after)
        assert pt.profile.n_turns == 60 and pt.profile.n_written >= 13
        summary = pt.profile.summary()
        assert "talks about" in summary and "words" in summary
        (ids,) = pt.prompts([(turns[-1].question, "")])
        text = pt.lm.tokenizer.decode(ids)
        assert summary in text
        responses = [r[0] for r in pt.store.conn.execute("SELECT response FROM annotations")]
        assert sum(r.strip()[:15] in text for r in responses if r.strip()) >= 1  # examples shown
        (reply,) = pt.reply_many([(turns[-1].question, "")], max_new_tokens=12)
        assert reply.strip()
