"""The embedder on the tiny random Llama: shapes, pooling, padding invariance, offline mode."""

import os

import numpy as np

from pockettune.config import ModelConfig
from pockettune.models import load_model, make_embedder


def test_embeddings_do_not_depend_on_batch_padding():
    lm = load_model(ModelConfig(path="tiny"))
    emb = make_embedder(ModelConfig(path="tiny"), lm.model, lm.tokenizer)
    alone, n1 = emb.embed_many(["short"])
    batch, n2 = emb.embed_many(["short", "a much longer text that forces left padding"])
    assert alone.shape == (1, 64) and batch.shape == (2, 64)
    assert n1 == [5] and n2[0] == 5 and n2[1] > 5
    np.testing.assert_allclose(alone[0], batch[0], atol=1e-4)


def test_mean_pooling_differs_from_last_token_and_inputs_are_cut():
    lm = load_model(ModelConfig(path="tiny"))
    last = make_embedder(ModelConfig(path="tiny"), lm.model, lm.tokenizer)
    mean = make_embedder(
        ModelConfig(path="tiny", pooling="mean", max_tokens=8), lm.model, lm.tokenizer
    )
    a, _ = last.embed_many(["hello world, how are you"])
    b, n = mean.embed_many(["hello world, how are you"])
    assert not np.allclose(a, b) and n == [8]


def test_offline_mode_is_forced():
    assert os.environ["HF_HUB_OFFLINE"] == "1" and os.environ["TRANSFORMERS_OFFLINE"] == "1"


def test_shared_prefill_gives_the_same_greedy_output_as_plain_generation():
    from pockettune.models.generate import generate_many

    lm = load_model(ModelConfig(path="tiny"))
    tok = lm.tokenizer
    prompts = [tok(t)["input_ids"] for t in ("hello there", "a longer prompt, with padding needed")]
    one = generate_many(lm.model, tok, prompts, max_new_tokens=6)
    three = generate_many(lm.model, tok, prompts, max_new_tokens=6, num_return_sequences=3)
    assert three == [one[0]] * 3 + [one[1]] * 3
