"""The model's surprise at a message, on the tiny random Llama: it is the model's own NLL."""

import numpy as np

from pockettune.config import ModelConfig
from pockettune.models import load_model
from pockettune.models.surprise import surprise_many, surprise_text


def reference_nll(lm, text: str) -> float:
    """Mean next-token NLL from the full logits, the plain way."""
    import torch
    import torch.nn.functional as F

    ids = lm.tokenizer(text, return_tensors="pt", add_special_tokens=False)["input_ids"]
    with torch.inference_mode():
        logits = lm.model(input_ids=ids, use_cache=False).logits[0, :-1]
    return float(F.cross_entropy(logits.float(), ids[0, 1:]))


def test_surprise_is_the_models_mean_nll_whatever_the_batch():
    lm = load_model(ModelConfig(path="tiny"))
    texts = ["hello world, how are you", "a much longer message that pads the other rows out"]
    alone = [surprise_many(lm.model, lm.tokenizer, [t])[0] for t in texts]
    together = surprise_many(lm.model, lm.tokenizer, texts)
    np.testing.assert_allclose(together, alone, atol=1e-4)
    np.testing.assert_allclose(alone, [reference_nll(lm, t) for t in texts], atol=1e-4)
    assert min(alone) > 0


def test_head_runs_in_chunks_without_changing_the_result(monkeypatch):
    import pockettune.models.surprise as sur

    lm = load_model(ModelConfig(path="tiny"))
    texts = ["one two three four five six", "seven eight"]
    whole = surprise_many(lm.model, lm.tokenizer, texts)
    monkeypatch.setattr(sur, "HEAD_CHUNK", 3)
    np.testing.assert_allclose(surprise_many(lm.model, lm.tokenizer, texts), whole, atol=1e-5)


def test_a_one_token_message_is_never_surprising():
    lm = load_model(ModelConfig(path="tiny"))
    n = len(lm.tokenizer("a", add_special_tokens=False)["input_ids"])
    assert n == 1
    got = surprise_many(lm.model, lm.tokenizer, ["a", "a longer message here"])
    assert got[0] == 0.0 and got[1] > 0


def test_surprise_text_is_the_users_side():
    assert surprise_text("q?", "ctx") == "ctx\nq?" and surprise_text("q?") == "q?"
