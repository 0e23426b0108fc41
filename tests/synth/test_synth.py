"""Parsing, the ROUGE-1 band, and the synthesizer with a deterministic fake LLM."""

from dataclasses import dataclass
from typing import Any

import pytest

from pockettune.annotate import simulated_annotator
from pockettune.models.tiny import tiny_tokenizer
from pockettune.synth import keep_pair, parse_pair, synthesize
from pockettune.synth.prompt import PREFILL


@pytest.mark.parametrize(
    "text, pair",
    [
        (
            "Question: Why is the sky blue?\nAnswer: Rayleigh scattering.",
            ("Why is the sky blue?", "Rayleigh scattering."),
        ),
        ("question: why? answer: because", ("why?", "because")),
        ("**Question:** A?\n**Answer:** B.", ("A?", "B.")),
        ("Q: one\nA: two\nQuestion: three\nAnswer: four", ("one", "two")),
        ("Question: no answer here", None),
        ("just some text", None),
    ],
)
def test_parse_pair(text, pair):
    assert parse_pair(text) == pair


def test_rouge_band_and_duplicates():
    orig = ("How do I bake sourdough bread?", "Feed the starter, mix, proof overnight, bake hot.")
    seen: set[str] = set()
    assert keep_pair(
        ("How long should sourdough bread proof?", "Proof the bread overnight, then bake it hot."),
        orig,
        seen,
    )[0]
    ok, score, why = keep_pair(orig, orig, seen)
    assert not ok and why == "duplicate" and score == pytest.approx(1.0)
    ok, _, why = keep_pair(("What is the capital of Peru?", "Lima."), orig, seen)
    assert not ok and why == "off topic"
    ok, _, why = keep_pair(
        (
            "How do I bake sourdough bread at home?",
            "Feed the starter, mix, proof overnight, bake hot.",
        ),
        orig,
        seen,
    )
    assert not ok and why == "copy"
    ok, _, why = keep_pair(("how long should sourdough   bread proof?", "x y"), orig, seen)
    assert not ok and why == "duplicate"


@dataclass
class FakeLM:
    """Generates canned continuations in order: a deterministic stand-in for the LLM."""

    outputs: list[str]
    tokenizer: Any = None

    def __post_init__(self):
        self.tokenizer = tiny_tokenizer()
        self.model = self
        self.calls = 0

    def __call__(self, **kw):  # the shared-prefill forward pass: nothing to cache here
        return None

    def generate(self, input_ids, attention_mask, max_new_tokens, num_return_sequences=1, **kw):
        import torch

        rows = []
        for row in input_ids:
            for _ in range(num_return_sequences):
                text = self.outputs[self.calls % len(self.outputs)]
                self.calls += 1
                new = self.tokenizer(text, add_special_tokens=False)["input_ids"]
                rows.append(row.tolist() + new)
        width = max(map(len, rows))
        return torch.tensor([r + [self.tokenizer.pad_token_id] * (width - len(r)) for r in rows])


def test_synthesizer_keeps_good_pairs_and_links_them(tmp_path):
    from pockettune import Personalizer, Turn

    pt = Personalizer.open(tmp_path / "h", preset="tiny")
    pt.observe_one(
        Turn(
            "How do I bake sourdough bread?",
            reference="Feed the starter, mix, proof overnight, bake hot.",
        )
    )
    assert pt.annotate(simulated_annotator, show_replies=False) == {"saved": 1, "skipped": 0}
    assert PREFILL == "Question:"
    fake = FakeLM(
        [
            " How long should sourdough bread proof?\nAnswer: Proof the bread overnight, then bake it hot.",
            " garbage without format",
            " What is the capital of Peru?\nAnswer: Lima.",
        ]
    )
    rep = synthesize(pt.store, fake, k=3, progress=False)
    assert (rep.generated, rep.parsed, rep.kept) == (3, 2, 1)
    assert dict(rep.rejected) == {"unparsable": 1, "off topic": 1}
    (row,) = pt.store.conn.execute(
        "SELECT annotation_id, question, prompt_version FROM synth"
    ).fetchall()
    assert row[0] == 1 and row[1] == "How long should sourdough bread proof?" and row[2] == "v1"
    assert synthesize(pt.store, fake, k=3, progress=False).annotations == 0  # done once only
    pt.close()
