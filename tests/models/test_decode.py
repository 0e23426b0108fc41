"""The fast decoding loop against transformers' generate(): same greedy tokens, rows that
finish leave the batch without changing the others, samples independent of batching."""

import pytest
import torch

from pockettune.config import ModelConfig
from pockettune.models import load_model
from pockettune.models.decode import Decoding, decode_batch
from pockettune.models.generate import generate_many
from pockettune.models.sampling import banned_tokens

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
    assert banned_tokens([1, 2, 3, 1, 2], 3) == [3]
    assert banned_tokens([1, 2, 3], 3) == []
    assert sorted(banned_tokens([4, 4, 5], 1)) == [4, 4, 5]


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


def test_end_line_ends_a_row_at_its_answers_first_line_end(lm):
    """With ``end_line``, a trigger token after the forced tokens and a chosen one ends the
    row (the token kept); up to there the row is what it was without."""
    from pockettune.models.decode import Then

    tok = lm.tokenizer
    prompts = [tok(t)["input_ids"] for t in TEXTS]
    d = Decoding(repetition_penalty=5.0)  # the random tiny model then varies its tokens
    free = decode_batch(lm.model, prompts, 16, set(), tok.pad_token_id, d)
    a, forced = free[0][1], (7, 9)
    full = decode_batch(
        lm.model, prompts, 16, set(), tok.pad_token_id, d, then=Then(frozenset({a}), forced)
    )
    start = full[0].index(a) + 1 + len(forced)  # row 0's first chosen token after forcing
    # a second trigger row 0 writes only after its answer began: the line end to stop at
    end = next(i for i in range(start + 1, len(full[0])) if full[0][i] not in full[0][:i])
    trig = frozenset({a, full[0][end]})
    assert full[0][start] not in trig
    plain = decode_batch(lm.model, prompts, 16, set(), tok.pad_token_id, d, then=Then(trig, forced))
    got = decode_batch(
        lm.model, prompts, 16, set(), tok.pad_token_id, d, then=Then(trig, forced, end_line=True)
    )
    assert plain[0] == full[0]
    assert got[0] == full[0][: end + 1] and len(got[0]) < len(full[0])
    for row, ref in zip(got, plain):
        assert ref[: len(row)] == row  # every row is its unstopped self, cut


def test_a_shared_prefix_is_prefilled_once_with_the_same_tokens(lm):
    from pockettune.models import prefill

    tok = lm.tokenizer
    head = tok("You are a helpful assistant. Answer briefly, please: ")["input_ids"]
    prompts = [head + tok(t)["input_ids"] for t in TEXTS]
    assert prefill.shared_prefix(prompts) >= prefill.MIN_SHARED
    ref = _hf_tokens(lm.model, prompts, 10, len(tok) + 1, tok.pad_token_id)
    assert decode_batch(lm.model, prompts, 10, set(), tok.pad_token_id) == ref
    assert prefill.shared_prefix([[1, 2, 3]] * 2) == 0  # too short to split
    assert prefill.shared_prefix([head + [5], head]) == len(head) - 1  # each keeps a token


@pytest.mark.parametrize("with_prefix", [False, True])
def test_blocked_prefill_and_grouped_row_removal_keep_the_tokens(lm, monkeypatch, with_prefix):
    """Prompts prefilled in blocks (each padded to its own width, then stacked) and ended
    rows that leave the batch in groups decode exactly as one prompt at a time."""
    from pockettune.models import decode, prefill

    tok = lm.tokenizer
    head = tok("You are a helpful assistant. Answer briefly, please: ")["input_ids"]
    texts = TEXTS + ["one more", "and a rather longer one, to pad the others a lot", "b", "ok?"]
    prompts = [(head if with_prefix else []) + tok(t)["input_ids"] for t in texts]
    free = decode_batch(lm.model, prompts, 12, set(), tok.pad_token_id)
    eos = free[0][3]
    ref = _hf_tokens(lm.model, prompts, 12, eos, tok.pad_token_id)
    assert sum(len(r) < 12 for r in ref) >= 2  # rows end mid-batch, so removal is exercised
    monkeypatch.setattr(prefill, "PREFILL_ROWS", 3)  # 8 prompts: blocks of 3, 3 and 2
    monkeypatch.setattr(decode, "COMPACT_EVERY", 2)  # ended rows wait for company
    assert decode_batch(lm.model, prompts, 12, {eos}, tok.pad_token_id) == ref


@pytest.mark.parametrize("with_prefix", [False, True])
def test_a_blocked_prefill_gives_the_logits_of_one_block(lm, monkeypatch, with_prefix):
    """The stacked cache holds each row's keys where the mask says: the next step's logits
    equal those after one block (the tiny model's tokens alone barely depend on attention)."""
    from pockettune.models import prefill

    tok, pad = lm.tokenizer, lm.tokenizer.pad_token_id
    head = tok("You are a helpful assistant. Answer briefly, please: ")["input_ids"]
    texts = TEXTS + ["one more", "and a rather longer one, to pad the others a lot", "b", "ok?"]
    prompts = [(head if with_prefix else []) + tok(t)["input_ids"] for t in texts]

    def next_logits(rows_per_block):
        monkeypatch.setattr(prefill, "PREFILL_ROWS", rows_per_block)
        with torch.inference_mode():
            cache, logits, mask, pos = prefill.prefill_batch(lm.model, prompts, pad, 1, 4)
            nxt = prefill.forward(
                lm.model,
                cache,
                input_ids=logits.argmax(-1, keepdim=True),
                attention_mask=torch.cat([mask, mask.new_ones(len(prompts), 1)], 1),
                position_ids=pos[:, -1:] + 1,
            ).logits[:, -1]
        return logits, nxt

    one, blocked = next_logits(100), next_logits(3)
    torch.testing.assert_close(blocked[0], one[0], rtol=1e-4, atol=1e-5)
    torch.testing.assert_close(blocked[1], one[1], rtol=1e-4, atol=1e-5)


def test_batches_hold_at_most_the_kv_budget_and_every_prompt_once(monkeypatch):
    from pockettune.models import generate

    monkeypatch.setattr(generate, "KV_BUDGET", 100)
    prompts = [[1] * n for n in (2, 3, 3, 5, 8, 20, 200)]
    order = sorted(range(len(prompts)), key=lambda i: len(prompts[i]))
    got = generate._batches(order, prompts, rows=4, copies=2, new=6)
    assert [i for b in got for i in b] == order
    for b in got:
        assert len(b) <= 4
        if len(b) > 1:  # rows x copies x (longest prompt + reply) within the budget
            assert len(b) * 2 * (max(len(prompts[i]) for i in b) + 6) <= 100
    assert got[-1] == [6]  # a prompt over the budget alone still gets its batch
    assert got[0] == [0, 1, 2, 3]  # short prompts fill a batch up to ``rows``


@pytest.mark.parametrize("scale", [0.05, 1.0, 8.0])
def test_the_nucleus_from_topk_is_that_of_the_full_sort(monkeypatch, scale):
    """Peaked and flat rows (a flat one needs the first guess grown): the same kept
    probabilities in the same places as sorting the whole vocabulary."""
    from pockettune.models import sampling

    monkeypatch.setattr(sampling, "NUCLEUS_FIRST", 16)
    torch.manual_seed(0)
    probs = (torch.randn(5, 3000) * scale).softmax(-1)
    sorted_p, idx = probs.sort(-1, descending=True)
    drop = sorted_p.cumsum(-1) - sorted_p > 0.9
    ref = probs.scatter(-1, idx, sorted_p.masked_fill(drop, 0.0))
    assert torch.equal(sampling.nucleus(probs, 0.9), ref)
