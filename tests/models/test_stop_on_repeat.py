"""Decoding.stop_on_repeat: a greedy reply ends where the model starts to loop, instead of the
n-gram ban rewording the loop until the token limit (issue #39: adapter replies were 27% word
salad with the ban alone)."""

import pytest
import torch

from pockettune.config import ModelConfig
from pockettune.models import load_model
from pockettune.models.decode import Decoding, decode_batch
from pockettune.models.sampling import STOP_MIN, Chooser, TokenKinds, loop_cut, token_kinds
from pockettune.models.stream import chat_decoding, decode, prefill

TEXTS = ["hello there", "a longer prompt, with padding needed", "x", "what is a cat?"]


@pytest.fixture(scope="module")
def lm():
    return load_model(ModelConfig(path="tiny"))


def test_the_chooser_stops_a_row_whose_first_choice_repeats():
    reply = [7, 8, 1, 2, 3, 1, 2]  # 3 would repeat the 3-gram (1, 2, 3)
    logits = torch.tensor([[0.0, 0.0, 1.0, 5.0, 2.0, 0.0, 0.0, 0.0, 0.0]])
    ban = Chooser(Decoding(no_repeat_ngram=3), [[]], 9, [0])
    assert ban.choose(logits, [reply]).tolist() == [4] and ban.stopped == [False]
    stop = Chooser(Decoding(no_repeat_ngram=3, stop_on_repeat=1), [[]], 9, [0])
    stop.choose(logits, [reply])
    assert stop.stopped == [True]
    twice = Chooser(Decoding(no_repeat_ngram=3, stop_on_repeat=2), [[]], 9, [0])
    twice.choose(logits, [reply])
    assert twice.stopped == [False]
    twice.choose(logits, [reply])
    assert twice.stopped == [True]
    ok = logits.clone()
    ok[0, 3] = 0.0  # the first choice (4) repeats nothing: no stop
    fresh = Chooser(Decoding(no_repeat_ngram=3, stop_on_repeat=1), [[]], 9, [0])
    fresh.choose(ok, [reply])
    assert fresh.stopped == [False]
    short = Chooser(Decoding(no_repeat_ngram=3, stop_on_repeat=1), [[]], 9, [0])
    short.choose(logits, [reply[2:]])  # a stop would leave under STOP_MIN tokens: the ban acts
    assert short.stopped == [False]


def test_a_looping_reply_ends_before_its_loop(lm):
    """Up to the stop the reply is the ban's (the same choices); the ban alone rewords the
    loop up to the token limit, the stop ends the reply there."""
    tok, n, new = lm.tokenizer, 2, 24
    prompts = [tok(t)["input_ids"] for t in TEXTS]
    banned = decode_batch(lm.model, prompts, new, set(), tok.pad_token_id,
                          Decoding(no_repeat_ngram=n))  # fmt: skip
    got = decode_batch(lm.model, prompts, new, set(), tok.pad_token_id,
                       Decoding(no_repeat_ngram=n, stop_on_repeat=1))  # fmt: skip
    for b, g in zip(banned, got):
        assert len(b) == new  # the ban alone never ends a row (no EOS here)
        assert g == b[: len(g)] and len(g) >= STOP_MIN
    assert all(len(g) < new for g in got)
    # the model's own next choice after the kept reply repeats a 2-gram of it (or its cut tail)
    with torch.inference_mode():
        for p, b, g in zip(prompts, banned, got):
            seq = b[: len(g) + n - 1]
            first = int(lm.model(input_ids=torch.tensor([p + seq])).logits[0, -1].argmax())
            assert (seq[-1], first) in set(zip(seq, seq[1:]))


def test_a_stopped_reply_ends_at_a_sentence_end_just_before_the_repeat():
    d = Decoding(no_repeat_ngram=3, stop_on_repeat=1)  # 2 tokens began the repeat
    dot = TokenKinds(ends=frozenset({9}), blank=frozenset({0}))
    assert loop_cut([1, 2, 3, 4, 9, 5, 6, 7], d, dot) == 5  # "... party. I'm go" -> "... party."
    assert loop_cut([1, 2, 3, 4, 5, 6, 7, 8], d, dot) == 6  # no sentence end: the 2 tokens go
    assert loop_cut([9, 1, 2, 3, 4, 5, 6, 7, 8, 1], d, dot) == 8  # too far back: not cut there
    assert loop_cut([1, 2, 9, 4, 5, 6, 7, 8], d, dot) == 6  # a cut there keeps < STOP_MIN
    assert loop_cut([0, 0, 1, 2, 9, 4, 5, 6], d, dot) == 6  # blank tokens show nothing
    assert loop_cut([1, 2, 3, 4, 9, 5, 6, 7], Decoding(no_repeat_ngram=3), dot) == 8  # no stop


def test_a_stop_never_leaves_a_reply_without_text():
    reply = [0, 0, 0, 0, 0, 1, 2, 3, 1, 2]  # blank tokens, then a loop begins
    logits = torch.tensor([[0.0, 0.0, 1.0, 5.0, 2.0]])
    d = Decoding(no_repeat_ngram=3, stop_on_repeat=1)
    blank = TokenKinds(blank=frozenset({0}))
    c = Chooser(d, [[]], 5, [0], blank)
    c.choose(logits, [reply])
    assert c.stopped == [False]  # 3 tokens would show text: the ban acts instead
    c.choose(logits, [[4, *reply]])
    assert c.stopped == [True]


def test_token_kinds_of_a_tokenizer(lm):
    tok = lm.tokenizer
    kinds = token_kinds(tok)
    assert kinds.ends and kinds.blank
    assert all(
        "\n" in t or t.rstrip()[-1:] in ".!?" for t in tok.batch_decode([[i] for i in kinds.ends])
    )
    assert all(not t.strip() for t in tok.batch_decode([[i] for i in kinds.blank]))


def test_the_streamed_reply_is_the_batched_one(lm):
    tok = lm.tokenizer
    d = Decoding(no_repeat_ngram=2, stop_on_repeat=1)
    kinds = token_kinds(tok)
    for text in TEXTS:
        ids = tok(text)["input_ids"]
        batched = decode_batch(lm.model, [ids], 24, set(), tok.pad_token_id, d, kinds=kinds)[0]
        pre = prefill(lm.model, ids)
        streamed = "".join(decode(lm.model, tok, pre, 24, decoding=d))
        assert pre.generated == batched
        assert streamed == tok.decode(batched, skip_special_tokens=True)


def test_chat_replies_stop_on_a_repeat():
    """Chat, serve and reply_many (benchmarks/replies.py) decode greedy replies alike."""
    assert chat_decoding().stops == 2
    assert chat_decoding(0.7).stops == 0  # sampled replies keep the ban only
