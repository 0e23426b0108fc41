"""The fast decoding loop against transformers' generate(): same greedy tokens, rows that
finish leave the batch without changing the others, samples independent of batching."""

import pytest
import torch

from pockettune.config import ModelConfig
from pockettune.models import load_model
from pockettune.models.decode import Decoding, _banned, decode_batch
from pockettune.models.generate import generate_many

TEXTS = ["hello there", "a longer prompt, with padding needed", "x", "what is a cat?"]


@pytest.fixture(scope="module")
def lm():
    return load_model(ModelConfig(path="tiny"))


def _hf_tokens(model, prompts, n, eos, pad, **kw):
    """Reference: generate() per prompt (no padding at all), cut at the first EOS."""
    out = []
    for p in prompts:
        ids = torch.tensor([p])
        with torch.inference_mode():
            gen = model.generate(
                input_ids=ids,
                attention_mask=torch.ones_like(ids),
                max_new_tokens=n,
                do_sample=False,
                eos_token_id=eos,
                pad_token_id=pad,
                **kw,
            )[0, len(p) :].tolist()
        out.append(gen[: gen.index(eos)] if eos in gen else gen)
    return out


def test_greedy_matches_generate_including_rows_that_stop_early(lm):
    tok = lm.tokenizer
    prompts = [tok(t)["input_ids"] for t in TEXTS]
    free = decode_batch(lm.model, prompts, 12, set(), tok.pad_token_id)
    # Make a token the tiny model really emits the EOS, so some rows finish mid-batch.
    eos = free[0][3]
    ref = _hf_tokens(lm.model, prompts, 12, eos, tok.pad_token_id)
    got = decode_batch(lm.model, prompts, 12, {eos}, tok.pad_token_id)
    assert got == ref
    assert any(len(r) < 12 for r in got) and any(len(r) == 12 for r in got)


def test_repetition_penalty_matches_generate(lm):
    tok = lm.tokenizer
    prompts = [tok(t)["input_ids"] for t in TEXTS]
    never = len(tok) + 1  # an EOS no row emits
    got = decode_batch(
        lm.model, prompts, 16, set(), tok.pad_token_id, Decoding(repetition_penalty=5.0)
    )
    ref = _hf_tokens(lm.model, prompts, 16, never, tok.pad_token_id, repetition_penalty=5.0)
    assert got == ref != decode_batch(lm.model, prompts, 16, set(), tok.pad_token_id)


def test_no_repeat_ngram_holds_within_the_reply(lm):
    """Unlike generate()'s option, the n-gram ban looks at the reply only: the prompt's
    chat-template tokens repeat by design and must not ban anything."""
    tok = lm.tokenizer
    prompts = [tok(t)["input_ids"] for t in TEXTS]
    plain = decode_batch(lm.model, prompts, 24, set(), tok.pad_token_id)
    got = decode_batch(lm.model, prompts, 24, set(), tok.pad_token_id, Decoding(no_repeat_ngram=2))
    assert got != plain
    for r in got:
        grams = [tuple(r[i : i + 2]) for i in range(len(r) - 1)]
        assert len(grams) == len(set(grams))


def test_fast_and_reference_engines_agree_on_text(lm):
    tok = lm.tokenizer
    prompts = [tok(t)["input_ids"] for t in TEXTS]
    fast = generate_many(lm.model, tok, prompts, max_new_tokens=8, batch_size=3)
    ref = generate_many(lm.model, tok, prompts, max_new_tokens=8, batch_size=3, engine="hf")
    assert fast == ref


def test_samples_do_not_depend_on_the_batch(lm):
    tok = lm.tokenizer
    prompts = [tok(t)["input_ids"] for t in TEXTS]
    kw = dict(max_new_tokens=8, do_sample=True, temperature=0.9, top_p=0.9, seed=5)
    whole = generate_many(lm.model, tok, prompts, batch_size=4, num_return_sequences=2, **kw)
    split = generate_many(lm.model, tok, prompts, batch_size=2, num_return_sequences=2, **kw)
    again = generate_many(lm.model, tok, prompts, batch_size=4, num_return_sequences=2, **kw)
    other = generate_many(
        lm.model, tok, prompts, batch_size=4, num_return_sequences=2, **{**kw, "seed": 6}
    )
    assert whole == split == again and whole != other
    assert whole[0] != whole[1]  # two samples of one prompt differ


def test_banned_tokens_complete_earlier_ngrams():
    assert _banned([1, 2, 3, 1, 2], 3) == [3]
    assert _banned([1, 2, 3], 3) == []
    assert sorted(_banned([4, 4, 5], 1)) == [4, 4, 5]


def test_then_forces_tokens_after_the_first_trigger(lm):
    from pockettune.models.decode import Then

    tok = lm.tokenizer
    prompts = [tok(t)["input_ids"] for t in TEXTS]
    free = decode_batch(lm.model, prompts, 10, set(), tok.pad_token_id)
    trigger = free[0][2]
    got = decode_batch(
        lm.model, prompts, 10, set(), tok.pad_token_id, then=Then(frozenset({trigger}), (7, 9))
    )
    first = got[0].index(trigger)
    assert got[0][: first + 3] == free[0][: first + 1] + [7, 9]
    for row, plain in zip(got, free):
        if trigger not in plain:
            assert row == plain  # rows that never emit the trigger are untouched


def test_then_replaces_an_early_eos(lm):
    from pockettune.models.decode import Then

    tok = lm.tokenizer
    prompts = [tok(t)["input_ids"] for t in TEXTS]
    d = Decoding(repetition_penalty=5.0)  # the random tiny model then varies its tokens
    free = decode_batch(lm.model, prompts, 12, set(), tok.pad_token_id, d)
    # a row and a token it first emits after step 1: that token becomes the EOS
    row, at = next(
        (r, i)
        for r, toks in enumerate(free)
        for i in range(1, len(toks))
        if toks[i] not in toks[:i]
    )
    eos = free[row][at]
    ended = decode_batch(lm.model, prompts, 12, {eos}, tok.pad_token_id, d)
    assert ended[row] == free[row][:at]  # without the constraint the row stops at its EOS
    then = Then(frozenset({len(tok) + 5}), (7,), on_eos=(11, 7))
    got = decode_batch(lm.model, prompts, 12, {eos}, tok.pad_token_id, d, then=then)
    assert got[row][: at + 2] == free[row][:at] + [11, 7] and len(got[row]) > at + 2


def test_a_shared_prefix_is_prefilled_once_with_the_same_tokens(lm):
    from pockettune.models import decode

    tok = lm.tokenizer
    head = tok("You are a helpful assistant. Answer briefly, please: ")["input_ids"]
    prompts = [head + tok(t)["input_ids"] for t in TEXTS]
    assert decode._shared_prefix(prompts) >= decode.MIN_SHARED
    ref = _hf_tokens(lm.model, prompts, 10, len(tok) + 1, tok.pad_token_id)
    assert decode_batch(lm.model, prompts, 10, set(), tok.pad_token_id) == ref
    assert decode._shared_prefix([[1, 2, 3]] * 2) == 0  # too short to split
    assert decode._shared_prefix([head + [5], head]) == len(head) - 1  # each keeps a token
