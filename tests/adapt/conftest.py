"""An echo backend for synthesis: each annotation's look-alikes are its own words with a
twist, so pairs pass the ROUGE-1 band deterministically (the tiny model's samples never
parse). Fakes beat mocks: the whole synthesis stage runs, only generation is replaced."""

from __future__ import annotations

import pytest


def echo_generate_many(model, tokenizer, prompts, *a, num_return_sequences=1, **kw):
    out = []
    for ids in prompts:
        last = tokenizer.decode(ids).split("<|im_start|>user\n")[-1]  # the annotation's pair
        q, _, ans = last.split("<|im_end|>")[0].removeprefix("Question: ").partition("\nAnswer: ")
        out += [f" {q} then {j}?\nAnswer: {ans} sure" for j in range(num_return_sequences)]
    return out


@pytest.fixture
def echo_synth(monkeypatch):
    """Synthesis writes echo pairs instead of sampling the model."""
    monkeypatch.setattr("pockettune.models.generate.generate_many", echo_generate_many)
