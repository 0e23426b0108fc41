"""Shared-prefix rows (train/prefix.py): same losses and gradients as the plain rows."""

import pytest

from pockettune.train.data import IGNORE
from pockettune.train.prefix import MIN_SHARED, row_batch, saved_tokens, share_prefix


def _row(examples):
    """A packed row from (prompt ids, response ids) pairs."""
    row = {"input_ids": [], "labels": [], "position_ids": []}
    for prompt, resp in examples:
        row["input_ids"] += prompt + resp
        row["labels"] += [IGNORE] * len(prompt) + resp
        row["position_ids"] += list(range(len(prompt) + len(resp)))
    return row


HEAD = list(range(3, 15))  # 12 tokens every prompt starts with (like a chat template)


def test_the_common_prompt_is_written_once_and_stops_before_any_label():
    row = _row([(HEAD + [20, 21], [30, 31]), (HEAD + [22], [32]), (HEAD + [20, 23, 24], [33])])
    out = share_prefix(row)
    assert out["input_ids"][:12] == HEAD and out["segment"][:12] == [0] * 12
    assert out["input_ids"][12:] == [20, 21, 30, 31, 22, 32, 20, 23, 24, 33]
    assert out["segment"][12:] == [1, 1, 1, 1, 2, 2, 3, 3, 3, 3]
    # positions go on after the prefix, as in each example alone
    assert out["position_ids"] == list(range(12)) + [12, 13, 14, 15, 12, 13, 12, 13, 14, 15]
    assert out["labels"] == [IGNORE] * 14 + [30, 31, IGNORE, 32, IGNORE, IGNORE, IGNORE, 33]
    assert saved_tokens([row]) == 24
    # the second prompt is HEAD alone: the prefix stops one before its answer, so the shared
    # prefix's last position predicts nothing that is scored
    short = share_prefix(_row([(HEAD + [20, 21], [30]), (HEAD, [31, 32])]))
    assert short["segment"] == [0] * 11 + [1] * 4 + [2] * 3
    assert short["labels"][11:] == [IGNORE] * 3 + [30, IGNORE, 31, 32]


def test_rows_with_nothing_worth_sharing_stay_as_they_are():
    one = _row([(HEAD + [20], [30])])
    assert share_prefix(one) is one
    few = _row([(HEAD[: MIN_SHARED - 1] + [20], [30]), (HEAD[: MIN_SHARED - 1] + [21], [31])])
    assert share_prefix(few) is few
    assert "attention_mask" not in row_batch(few, 0)


@pytest.mark.parametrize("precision", ["fp32", "bf16"])
def test_a_shared_prefix_step_has_the_gradient_of_the_plain_step(precision):
    """Also padded to a multiple of 16 tokens, as bf16 pieces are (train/step.BF16_MULTIPLE),
    and in bf16 as training runs it: the whole residual stream bf16, no autocast."""
    import torch
    from peft import LoraConfig, get_peft_model

    from pockettune.models.tiny import tiny_model
    from pockettune.train.step import accumulate, train_arithmetic

    lm = tiny_model()
    torch.manual_seed(0)
    targets = ["q_proj", "k_proj", "v_proj", "o_proj", "down_proj"]
    model = get_peft_model(lm.model, LoraConfig(r=4, lora_alpha=8, target_modules=targets))
    with torch.no_grad():  # B = 0 at init would make every LoRA-A gradient zero
        for n, p in model.named_parameters():
            if "lora_B" in n:
                p.normal_(0, 0.1)
    model.eval()
    g = torch.Generator().manual_seed(3)

    def ids(n):
        return torch.randint(3, 60, (n,), generator=g).tolist()

    rows = [
        _row([(HEAD + ids(n), ids(r)) for n, r in ((9, 6), (3, 11), (14, 2))]),
        _row([(HEAD + ids(n), ids(r)) for n, r in ((5, 4), (20, 7))]),
        _row([(HEAD + ids(4), ids(5))]),  # alone in its row: nothing to share
    ]
    assert saved_tokens(rows) == 12 * 2 + 12 * 1
    params = [p for p in model.parameters() if p.requires_grad]
    got = {}
    with train_arithmetic(model, precision):
        assert model.get_base_model().get_decoder().layers[0].mlp.up_proj.weight.dtype == (
            torch.bfloat16 if precision == "bf16" else torch.float32
        )
        for share in (False, True):
            for multiple in (1, 16):
                model.zero_grad(set_to_none=True)
                loss, tokens = accumulate(model, rows, 0, 1000, share, multiple)
                got[share, multiple] = (loss, tokens, [p.grad.clone() for p in params])
    l0, t0, g0 = got[False, 1]
    tol = 1e-5 if precision == "fp32" else 2e-2
    for key, (l1, t1, g1) in got.items():
        assert t1 == t0 == 6 + 11 + 2 + 4 + 7 + 5, key  # padding scores nothing
        assert l1 == pytest.approx(l0, rel=tol), key
        scale = max(float(a.abs().max()) for a in g0)
        assert scale > 0
        for a, b in zip(g0, g1, strict=True):
            assert torch.allclose(a, b, atol=tol * scale, rtol=tol), key


def test_padding_adds_a_block_of_its_own_to_a_multiple():
    row = _row([(HEAD + [20, 21], [30, 31]), (HEAD + [22], [32])])
    shared = row_batch(row, 0, share=True, multiple=8)
    n = len(share_prefix(row)["input_ids"])  # 12 + 4 + 2 = 18 -> 24
    assert n == 18 and shared["input_ids"].shape == (1, 24)
    assert shared["input_ids"][0, n:].tolist() == [0] * 6
    assert shared["labels"][0, n:].tolist() == [IGNORE] * 6
    mask = shared["attention_mask"][0, 0]
    assert not mask[n:, 12:n].any() and not mask[12:n, n:].any()  # apart from the examples
    plain = row_batch(row, 0, share=False, multiple=8)  # 30 -> 32: positions restart at 0
    assert plain["position_ids"][0, 30:].tolist() == [0, 1] and "attention_mask" not in plain
    assert row_batch(row, 0, share=False, multiple=1)["input_ids"].shape == (1, 30)
