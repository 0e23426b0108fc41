"""LoRA rounds on the tiny model: packing, adapters, manifests, interruption, resume, disk full."""

import errno
import json

import pytest

from pockettune import Personalizer, PockettuneError, Turn
from pockettune.annotate import simulated_annotator
from pockettune.train import pack_examples
from pockettune.train.data import IGNORE, Example


@pytest.fixture
def pt(tmp_path):
    p = Personalizer.open(
        tmp_path / "h",
        preset="tiny",
        overrides=[
            "train.epochs=3",
            "train.pack_tokens=128",
            "train.rows_per_step=1",
            "train.max_example_tokens=96",
            "train.checkpoint_every=2",
        ],
    )
    for i in range(8):
        p.observe_one(
            Turn(
                f"what should I cook tonight {i}",
                reference=f"pasta with tomato and basil, number {i}",
            )
        )
    p.annotate(simulated_annotator, show_replies=False)
    yield p
    p.close()


def test_packing_fills_rows_without_padding_and_restarts_positions():
    exs = [Example(list(range(n)), [IGNORE] * (n - 2) + [1, 2], "annotation") for n in (5, 7, 3, 9)]
    rows = pack_examples(exs, 12, seed=0)
    assert sorted(len(r["input_ids"]) for r in rows) == [12, 12]
    for r in rows:
        assert len(r["input_ids"]) == len(r["labels"]) == len(r["position_ids"])
        assert r["position_ids"].count(0) == 2  # two examples per row, each from position 0


def test_round_writes_a_verified_adapter_and_loss_falls(pt):
    rep = pt.train(progress=False)
    assert rep.version == 1 and rep.examples == {"annotation": 8} and not rep.interrupted
    assert rep.final_loss < rep.first_loss
    folder = pt.adapters.path(1)
    manifest = json.loads((folder / "manifest.json").read_text())
    assert {"adapter_model.safetensors", "adapter_config.json", "loss.csv"} <= set(
        manifest["files"]
    )
    assert manifest["base_fingerprint"] == pt.lm.fingerprint and manifest["n_annotations"] == 8
    cfg = json.loads((folder / "adapter_config.json").read_text())
    assert not cfg["base_model_name_or_path"].startswith("/")  # no local paths inside
    assert pt.adapters.active() == 1
    assert pt.reply_many([("what should I cook tonight 1", "")], 4)  # the adapter answers


def test_corrupted_missing_or_foreign_adapter_is_refused(pt):
    pt.train(progress=False)
    folder = pt.adapters.path(1)
    weights = folder / "adapter_model.safetensors"
    data = bytearray(weights.read_bytes())
    data[len(data) // 2] ^= 0xFF
    weights.write_bytes(bytes(data))
    with pytest.raises(PockettuneError, match="corrupted"):
        pt.use_adapter(1)
    weights.unlink()
    with pytest.raises(PockettuneError, match="missing"):
        pt.use_adapter(1)
    with pytest.raises(PockettuneError, match="another base model"):
        pt.adapters.load(pt.lm.model, 1, "some-other-model")


def test_interrupt_checkpoints_and_resume_finishes_identically(pt, monkeypatch, tmp_path):
    import pockettune.train.lora as lora

    real = lora.collate
    calls = {"n": 0}

    def flaky(rows, pad):
        calls["n"] += 1
        if calls["n"] == 4:
            raise KeyboardInterrupt  # Ctrl-C during step 4
        return real(rows, pad)

    monkeypatch.setattr(lora, "collate", flaky)
    rep = pt.train(progress=False)
    assert (
        rep.interrupted and rep.steps == 3 and rep.version is None and pt.adapters.active() is None
    )
    monkeypatch.setattr(lora, "collate", real)
    resumed = pt.train(resume=True, progress=False)
    assert resumed.resumed_at == 3 and resumed.version == 1
    with pytest.raises(PockettuneError, match="nothing to resume"):
        pt.train(resume=True, progress=False)
    straight = pt.train(progress=False)  # the same round without interruption
    a = json.loads((pt.adapters.path(1) / "manifest.json").read_text())["final_loss"]
    b = json.loads((pt.adapters.path(2) / "manifest.json").read_text())["final_loss"]
    assert a == pytest.approx(b, rel=1e-4) and straight.version == 2


def test_disk_full_during_save_keeps_the_previous_adapter(pt, monkeypatch):
    pt.train(progress=False)
    import pockettune.train.adapters as adapters

    def full(folder, info):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(adapters, "write_manifest", full)
    with pytest.raises(PockettuneError, match="No space left on device.*v1 stays active"):
        pt.train(progress=False)
    assert pt.adapters.active() == 1 and [r["version"] for r in pt.adapters.list()] == [1]
    assert not [p for p in pt.home.adapters.iterdir() if p.name.startswith(".")]  # no debris
    pt.use_adapter(1)  # still loads


def test_rollback_and_base(pt):
    pt.train(progress=False)
    pt.train(progress=False)
    assert pt.adapters.active() == 2
    assert pt.adapters.rollback(pt.lm.fingerprint) == 1
    pt.adapters.activate(None)
    assert pt.adapters.active() is None
    with pytest.raises(PockettuneError, match="no adapter v9"):
        pt.adapters.activate(9)


def test_nothing_to_train(tmp_path):
    with (
        Personalizer.open(tmp_path / "e", preset="tiny") as p,
        pytest.raises(PockettuneError, match="annotate"),
    ):
        p.train(progress=False)
