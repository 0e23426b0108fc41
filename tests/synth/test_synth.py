"""Parsing, the ROUGE-1 band, and the synthesizer with a deterministic fake LLM."""

from dataclasses import dataclass
from typing import Any

import pytest

from pockettune.annotate import simulated_annotator
from pockettune.models.tiny import tiny_tokenizer
from pockettune.synth import keep_pair, parse_pair, synthesize
from pockettune.synth.prompt import PREFILL, PROMPT_VERSION


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
    """Canned continuations in order: a deterministic stand-in for the LLM's generation
    (installed in place of ``generate_many``; the decoding loop has tests of its own)."""

    outputs: list[str]
    tokenizer: Any = None

    def __post_init__(self):
        self.tokenizer = tiny_tokenizer()
        self.model = self
        self.calls = 0

    def generate_many(self, model, tokenizer, prompts, *a, num_return_sequences=1, **kw):
        out = []
        for _ in range(len(prompts) * num_return_sequences):
            out.append(self.outputs[self.calls % len(self.outputs)])
            self.calls += 1
        return out


def test_synthesizer_keeps_good_pairs_and_links_them(tmp_path, monkeypatch):
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
    monkeypatch.setattr("pockettune.models.generate.generate_many", fake.generate_many)
    rep = synthesize(pt.store, fake, k=3, progress=False)
    assert (rep.generated, rep.parsed, rep.kept) == (3, 2, 1)
    assert dict(rep.rejected) == {"unparsable": 1, "off topic": 1}
    (row,) = pt.store.conn.execute(
        "SELECT annotation_id, question, prompt_version FROM synth"
    ).fetchall()
    assert (
        row[0] == 1
        and row[1] == "How long should sourdough bread proof?"
        and row[2] == PROMPT_VERSION
    )
    assert synthesize(pt.store, fake, k=3, progress=False).annotations == 0  # done once only
    pt.close()
