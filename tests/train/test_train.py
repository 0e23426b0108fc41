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


def test_min_steps_repeats_the_data_up_to_a_floor_and_never_cuts():
    from pockettune.config import TrainConfig
    from pockettune.train.data import batch_schedule

    exs = [Example([i] * 10, [1] * 10, "annotation") for i in range(6)]  # 2 rows of 30 tokens
    base = dict(pack_tokens=30, rows_per_step=1, max_example_tokens=30)
    assert len(batch_schedule(exs, TrainConfig(epochs=2, **base))) == 4
    floor = batch_schedule(exs, TrainConfig(epochs=2, min_steps=7, **base))
    assert len(floor) == 7  # 3.5 epochs of the same rows
    tokens = [t for b in floor for r in b for t in r["input_ids"]]
    assert len(tokens) == 7 * 30 and set(tokens) == set(range(6))  # the same examples, repeated
    assert len(batch_schedule(exs, TrainConfig(epochs=2, min_steps=3, **base))) == 4
    with pytest.raises(PockettuneError, match="min_steps"):
        TrainConfig(min_steps=-1)


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
    import pockettune.train.step as step

    real = step.row_batch
    calls = {"n": 0}

    def flaky(row, pad, *rest):
        calls["n"] += 1
        if calls["n"] == 4:
            raise KeyboardInterrupt  # Ctrl-C during step 4
        return real(row, pad, *rest)

    monkeypatch.setattr(step, "row_batch", flaky)
    rep = pt.train(progress=False)
    assert (
        rep.interrupted and rep.steps == 3 and rep.version is None and pt.adapters.active() is None
    )
    monkeypatch.setattr(step, "row_batch", real)
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


def test_rows_in_pieces_give_the_step_of_rows_together():
    """accumulate() runs a step's rows piece by piece (a quarter of the activation memory at
    the defaults); its gradient must equal that of the rows as one batch, token-weighted."""
    import torch
    from peft import LoraConfig, get_peft_model

    from pockettune.models.tiny import tiny_model
    from pockettune.train.data import collate
    from pockettune.train.loss import response_loss
    from pockettune.train.step import accumulate

    lm = tiny_model()
    torch.manual_seed(0)
    model = get_peft_model(lm.model, LoraConfig(r=4, lora_alpha=8, target_modules=["q_proj"]))
    with torch.no_grad():  # B = 0 at init would make every LoRA-A gradient zero
        for n, p in model.named_parameters():
            if "lora_B" in n:
                p.normal_(0, 0.1)
    model.eval()  # no dropout: every way must see the same function
    g = torch.Generator().manual_seed(1)
    rows = []
    for lengths in (((40, 7), (12, 5)), ((25, 19), (30, 3), (9, 4))):  # packed examples
        row = {"input_ids": [], "labels": [], "position_ids": []}
        for n, resp in lengths:  # different response counts, so the weighting matters
            ids = torch.randint(3, 60, (n,), generator=g).tolist()
            row["input_ids"] += ids
            row["labels"] += [IGNORE] * (n - resp) + ids[n - resp :]
            row["position_ids"] += list(range(n))
        rows.append(row)
    params = [p for p in model.parameters() if p.requires_grad]
    response_loss(model, collate(rows, 0)).backward()
    together = [p.grad.clone() for p in params]
    with torch.no_grad():
        want = float(response_loss(model, collate(rows, 0)))
    for piece in (1000, 40):  # whole rows, then cut at example boundaries
        model.zero_grad(set_to_none=True)
        loss, tokens = accumulate(model, rows, 0, piece)
        assert tokens == 7 + 5 + 19 + 3 + 4
        for a, b in zip(together, [p.grad for p in params], strict=True):
            assert torch.allclose(a, b, atol=1e-6, rtol=1e-4)
        assert loss == pytest.approx(want, rel=1e-5)


def test_pieces_cut_only_at_example_starts():
    from pockettune.train.step import pieces

    row = {"input_ids": list(range(10)), "position_ids": [0, 1, 2, 0, 1, 0, 1, 2, 3, 0]}
    cut = pieces(row, 5)
    assert [p["position_ids"] for p in cut] == [[0, 1, 2, 0, 1], [0, 1, 2, 3, 0]]
    assert sum((p["input_ids"] for p in cut), []) == row["input_ids"]
    assert pieces(row, 2)[0]["position_ids"] == [0, 1, 2]  # a long example stays whole
    assert pieces(row, 100) == [row]


def test_packed_examples_do_not_see_each_other():
    """A packed row must score each example as if it were alone (block-diagonal attention);
    a cache passed to the mask builder once made transformers drop the packing silently."""
    import torch

    from pockettune.models.tiny import tiny_model
    from pockettune.train.data import collate
    from pockettune.train.loss import response_loss_sum

    class Wrapped:  # the PEFT model's accessor, on a plain model
        def __init__(self, m):
            self.m = m

        def get_base_model(self):
            return self.m

    model = Wrapped(tiny_model().model.eval())
    g = torch.Generator().manual_seed(2)
    exs = []
    for n, resp in ((30, 6), (20, 9)):
        ids = torch.randint(3, 60, (n,), generator=g).tolist()
        exs.append(
            {
                "input_ids": ids,
                "labels": [IGNORE] * (n - resp) + ids[n - resp :],
                "position_ids": list(range(n)),
            }
        )
    packed = {k: exs[0][k] + exs[1][k] for k in exs[0]}
    with torch.no_grad():
        alone = sum(float(response_loss_sum(model, collate([e], 0))) for e in exs)
        together = float(response_loss_sum(model, collate([packed], 0)))
    assert together == pytest.approx(alone, rel=1e-5)


@pytest.mark.parametrize("precision", ["fp32", "bf16"])
def test_a_round_in_either_precision_learns_and_leaves_the_base_weights_fp32(pt, precision):
    import torch

    base = {n: p.detach().clone() for n, p in pt.lm.model.named_parameters()}
    rep = pt.train(progress=False, precision=precision)
    assert rep.precision == precision and rep.final_loss < rep.first_loss
    for n, p in pt.lm.model.named_parameters():
        assert p.dtype == torch.float32 and torch.equal(p, base[n]), n


def test_piece_tokens_sets_the_forward_size_and_defaults_by_arithmetic(pt, monkeypatch):
    """0: the example cap in fp32; in bf16 larger pieces, padded to a multiple of tokens."""
    import pockettune.train.step as step
    from pockettune.config import TrainConfig

    seen = []
    real = step.accumulate

    def spy(model, rows, pad, piece, share, multiple):
        seen.append((piece, multiple))
        return real(model, rows, pad, piece, share, multiple)

    monkeypatch.setattr(step, "accumulate", spy)
    pt.train(progress=False, max_steps=1, precision="fp32")
    pt.train(progress=False, max_steps=1, precision="fp32", piece_tokens=96)
    pt.train(progress=False, max_steps=1, precision="bf16")
    pt.train(progress=False, max_steps=1, precision="bf16", piece_tokens=96)
    cap = pt.config.train.max_example_tokens
    bf16 = step.BF16_MULTIPLE
    assert seen == [(cap, 1), (96, 1), (step.BF16_PIECE, bf16), (96, bf16)]
    with pytest.raises(PockettuneError, match="piece_tokens"):
        TrainConfig(piece_tokens=-1)


def test_top_layers_adapts_only_the_last_layers_and_still_learns(pt):
    from safetensors.torch import load_file

    n = pt.lm.model.config.num_hidden_layers
    rep = pt.train(progress=False, top_layers=1)
    assert rep.final_loss < rep.first_loss
    keys = load_file(str(pt.adapters.path(rep.version) / "adapter_model.safetensors"))
    assert keys and all(f"layers.{n - 1}." in k for k in keys)
    assert pt.reply_many([("what should I cook tonight 1", "")], 4)  # it loads and answers
    with pytest.raises(PockettuneError, match="top_layers"):
        pt.train(progress=False, top_layers=n + 1)
    with pytest.raises(PockettuneError, match="top_layers"):
        from pockettune.config import TrainConfig

        TrainConfig(top_layers=-1)
