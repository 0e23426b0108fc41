"""One prefill per evaluated item: the reference NLL scored on the reply's own prefill equals
a separate pass's, and the replies are the ones decoding alone gives."""

import pytest

from pockettune.config import ModelConfig
from pockettune.eval import score
from pockettune.eval.score import _shared_references, reference_nll, score_turns
from pockettune.models import load_model
from pockettune.models.generate import prompt_ids
from pockettune.turn import Turn

TURNS = [
    Turn("hello there", reference="hi! how are you doing today?"),
    Turn("what is a cat?", context="we were talking about pets", reference="a small animal"),
    Turn("x", reference="y"),
    Turn("a longer prompt, with padding needed " * 3, reference="ok " * 20),
    # prompt + reference past nll_tokens: the NLL cuts the prompt, so it is scored apart
    Turn("long " * 60, reference="an answer that is not short at all " * 3),
    Turn("tell me more", reference="sure, more and more"),
]


@pytest.fixture(scope="module")
def lm():
    return load_model(ModelConfig(path="tiny"))


@pytest.fixture
def nll_calls(monkeypatch):
    """How many items each separate reference-NLL pass scored."""
    calls: list[int] = []
    real = score.reference_nll
    monkeypatch.setattr(
        score,
        "reference_nll",
        lambda m, t, turns, n: calls.append(len(turns)) or real(m, t, turns, n),
    )
    return calls


@pytest.mark.parametrize("batch_size", [128, 2])
def test_shared_prefill_gives_the_separate_pass_numbers(lm, batch_size, nll_calls):
    tok = lm.tokenizer
    kw = dict(max_new_tokens=8, batch_size=batch_size, semantic=False, nll_tokens=256)
    shared = score_turns(lm.model, tok, TURNS, rouge_items=5, shared_prefill=True, **kw)
    assert nll_calls == [2]  # the over-long item and the one not answered: all others shared
    apart = score_turns(lm.model, tok, TURNS, rouge_items=5, shared_prefill=False, **kw)
    assert shared.replies == apart.replies
    assert shared.nll == pytest.approx(apart.nll, abs=1e-4)
    assert apart.nll == pytest.approx(reference_nll(lm.model, tok, TURNS, 256), abs=1e-6)


def test_only_items_whose_nll_prompt_is_the_replys_are_shared(lm):
    tok = lm.tokenizer
    prompts = [prompt_ids(tok, t.question, t.context, 512) for t in TURNS]
    refs = _shared_references(tok, TURNS, prompts, 256)
    assert sorted(refs) == [0, 1, 2, 3, 5]
    eos = tok.eos_token_id
    assert refs[0] == tok(TURNS[0].reference, add_special_tokens=False)["input_ids"] + [eos]


def test_bf16_replies_keep_the_fp32_nll_apart(lm, monkeypatch, nll_calls):
    """The NLL is the fp32 metric: a bf16 generation must not score it."""
    monkeypatch.setattr("pockettune.models.precision.native_bf16", lambda: True)
    score_turns(
        lm.model, lm.tokenizer, TURNS[:3], 4, semantic=False, precision="auto", shared_prefill=True
    )
    assert nll_calls == [3]


@pytest.mark.parametrize("shared_kv", [True, False])
def test_continuations_over_a_shared_prefix_cache(lm, shared_kv):
    """Prompts with a long common prefix (a system prompt) decode over the cascade cache:
    the continuation NLL there equals a full forward pass's, and decoding is unchanged."""
    import torch
    import torch.nn.functional as F

    from pockettune.models.decode import decode_batch
    from pockettune.models.teacher import continuation_nll

    tok = lm.tokenizer
    head = tok("a system prompt that every row shares, long enough")["input_ids"]
    prompts = [head + tok(t)["input_ids"] for t in ("hi", "what is it?", "go on then")]
    conts = [tok(t)["input_ids"] for t in ("yes", "a thing of some length", "no")]
    got: list[float] = []

    def hook(cache, logits, mask, pos):
        got.extend(continuation_nll(lm.model, cache, logits, mask, pos, conts, tok.pad_token_id))

    eos, pad = {tok.eos_token_id}, tok.pad_token_id
    with_hook = decode_batch(lm.model, prompts, 6, eos, pad, shared_kv=shared_kv, on_prefill=hook)
    assert with_hook == decode_batch(lm.model, prompts, 6, eos, pad, shared_kv=shared_kv)
    for p, c, nll in zip(prompts, conts, got):
        with torch.inference_mode():
            logits = lm.model(input_ids=torch.tensor([p + c])).logits[0, len(p) - 1 : -1]
        assert nll == pytest.approx(F.cross_entropy(logits, torch.tensor(c)).item(), abs=1e-4)


@pytest.mark.parametrize("rows", [1, 7])
def test_lm_head_in_blocks_gives_the_one_pass_numbers(lm, monkeypatch, rows):
    """The LM head scores references a few positions at a time (memory: 49k-wide logits);
    every item's NLL is the one-pass number, on both paths that use it."""
    from pockettune.models import teacher

    whole_nll = reference_nll(lm.model, lm.tokenizer, TURNS, 256)
    whole = score_turns(lm.model, lm.tokenizer, TURNS, semantic=False, shared_prefill=True)
    monkeypatch.setattr(teacher, "HEAD_ROWS", rows)
    assert reference_nll(lm.model, lm.tokenizer, TURNS, 256) == pytest.approx(whole_nll, abs=1e-6)
    blocks = score_turns(lm.model, lm.tokenizer, TURNS, semantic=False, shared_prefill=True)
    assert blocks.nll == pytest.approx(whole.nll, abs=1e-6)
    assert blocks.replies == whole.replies
