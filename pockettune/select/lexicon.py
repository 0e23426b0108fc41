"""Domain lexicons for the domain-specific score (DSS).

The paper's lexicon files are not public. We use the 194 categories of Empath (Fast et al.,
CHI 2016; the PyPI package ``empath``, MIT), read offline from its ``data/categories.tsv``.
With 194 fine domains a 64-item buffer is spread thin (most domains hold one item or none,
so in-domain competition and IDD mean little), so by default the categories are grouped into
the 12 coarse domains of ``COARSE`` below, a hand grouping by topic that we own and document.
``select.domains=fine`` keeps the 194. Multi-word Empath entries (``last_straw``) are skipped.
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..errors import PockettuneError

GENERAL = "general"
"""The domain of a text with no lexicon hit."""

COARSE: dict[str, tuple[str, ...]] = {
    "work": (
        "office",
        "occupation",
        "blue_collar_job",
        "white_collar_job",
        "business",
        "meeting",
        "work",
        "negotiate",
        "leader",
        "achievement",
        "competing",
    ),
    "money": (
        "money",
        "banking",
        "wealthy",
        "poor",
        "economics",
        "payment",
        "real_estate",
        "valuable",
        "gain",
        "shopping",
    ),
    "health": (
        "medical_emergency",
        "health",
        "sleep",
        "healing",
        "injury",
        "pain",
        "hygiene",
        "body",
        "exercise",
        "cold",
        "smell",
        "hearing",
    ),
    "joy": (
        "cheerfulness",
        "optimism",
        "joy",
        "positive_emotion",
        "contentment",
        "affection",
        "love",
        "zest",
        "pride",
        "surprise",
        "anticipation",
        "fun",
        "celebration",
        "warmth",
        "sympathy",
        "trust",
        "politeness",
        "independence",
        "heroic",
    ),
    "distress": (
        "hate",
        "aggression",
        "envy",
        "nervousness",
        "suffering",
        "fear",
        "irritability",
        "exasperation",
        "confusion",
        "sadness",
        "disgust",
        "rage",
        "shame",
        "torment",
        "anger",
        "negative_emotion",
        "disappointment",
        "timidity",
        "horror",
        "weakness",
        "neglect",
        "ridicule",
        "emotional",
        "swearing_terms",
        "deception",
        "ugliness",
    ),
    "people": (
        "help",
        "family",
        "wedding",
        "friends",
        "children",
        "youth",
        "childish",
        "party",
        "giving",
        "feminine",
        "masculine",
        "attractive",
        "sexual",
        "lust",
        "appearance",
        "beauty",
        "dominant_personality",
        "dominant_heirarchical",
        "anonymity",
        "hipster",
    ),
    "home": (
        "domestic_work",
        "home",
        "furniture",
        "cleaning",
        "cooking",
        "eating",
        "restaurant",
        "alcohol",
        "liquid",
        "fabric",
        "clothing",
        "fashion",
        "pet",
        "animal",
        "plant",
        "farming",
        "rural",
        "urban",
        "weather",
        "morning",
        "night",
        "water",
        "fire",
        "air",
        "sound",
        "noise",
        "shape_and_size",
        "breaking",
        "toy",
    ),
    "leisure": (
        "dance",
        "leisure",
        "play",
        "music",
        "musical",
        "art",
        "reading",
        "writing",
        "sports",
        "swimming",
        "hiking",
        "beach",
        "vacation",
        "tourism",
        "traveling",
        "air_travel",
        "sailing",
        "ship",
        "ocean",
        "superhero",
        "monster",
        "magic",
        "legend",
        "exotic",
        "movement",
        "fight",
        "strength",
    ),
    "learning": (
        "school",
        "college",
        "science",
        "philosophy",
        "ancient",
        "medieval",
        "journalism",
        "order",
        "speaking",
        "listen",
        "communication",
    ),
    "tech": (
        "computer",
        "programming",
        "internet",
        "technology",
        "tool",
        "vehicle",
        "car",
        "driving",
        "phone",
        "messaging",
        "social_media",
    ),
    "society": (
        "government",
        "politics",
        "law",
        "crime",
        "prison",
        "stealing",
        "kill",
        "violence",
        "war",
        "military",
        "terrorism",
        "weapon",
        "dispute",
        "power",
        "royalty",
    ),
    "belief": ("religion", "worship", "divine", "death"),
}

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


def words_of(text: str) -> list[str]:
    """Lower-case word tokens, the unit the lexicons count."""
    return _WORD.findall(text.lower())


@dataclass(frozen=True)
class Lexicon:
    """Domains and, for every known word, the domains that list it."""

    domains: tuple[str, ...]
    index: dict[str, tuple[int, ...]]

    def ratios(self, words: list[str]) -> np.ndarray:
        """r_j = |{w in T : w in L_j}| / N for every domain j (method.md, DSS)."""
        r = np.zeros(len(self.domains), dtype=np.float64)
        if not words:
            return r
        for w in words:
            for j in self.index.get(w, ()):
                r[j] += 1.0
        return r / len(words)

    def dominant(self, r: np.ndarray) -> str:
        """argmax_j r_j; ties go to the first domain; no hit at all is ``general``."""
        return self.domains[int(r.argmax())] if r.size and r.max() > 0 else GENERAL


def empath_categories() -> dict[str, list[str]]:
    """The 194 Empath categories with their single-word entries, read offline."""
    spec = importlib.util.find_spec("empath")
    if spec is None or not spec.submodule_search_locations:
        raise PockettuneError("the lexicon needs the 'empath' package: pip install empath==0.89")
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "categories.tsv"
    cats: dict[str, list[str]] = {}
    # Every line is one category (the published code kept only the last line: defect 4).
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.strip().split("\t")
        if len(cols) > 1:
            cats[cols[0]] = [w for w in cols[1:] if w and "_" not in w and " " not in w]
    return cats


@lru_cache(maxsize=4)
def load_lexicon(granularity: str = "coarse") -> Lexicon:
    cats = empath_categories()
    if granularity == "fine":
        groups = {name: (name,) for name in cats}
    else:
        groups = COARSE
        missing = set(cats) - {c for cs in COARSE.values() for c in cs}
        assert not missing, f"empath categories without a coarse domain: {sorted(missing)}"
    domains = tuple(groups)
    index: dict[str, set[int]] = {}
    for j, name in enumerate(domains):
        for cat in groups[name]:
            for w in cats.get(cat, ()):
                index.setdefault(w, set()).add(j)
    return Lexicon(domains, {w: tuple(sorted(js)) for w, js in index.items()})
