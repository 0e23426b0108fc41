"""PII redaction, applied to every turn before it is embedded or stored.

Findings come from Microsoft Presidio's analyzer (``engine.py``: its recognizers, context
words and scores, run offline on a tokenizer-only NLP engine); each becomes a placeholder such
as ``[EMAIL]`` through Presidio's anonymizer, so the text stays usable for selection and
training. Overlaps are settled by category priority, then score; what a lower-priority finding
holds outside the winner's span is still redacted. Precision and recall per
category: ``benchmarks/results/privacy.md``.

    from pockettune.privacy import Redactor
    Redactor().redact("mail jane.doe@example.com")  # 'mail [EMAIL]'
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from .engine import ENTITY_OF, build_analyzer

ASCII_DIGITS = {
    c: str(unicodedata.decimal(chr(c)))
    for c in range(0x0660, 0x1100)
    if unicodedata.decimal(chr(c), None) is not None
}
"""Arabic, Persian, Indic, Thai, Lao, Tibetan and Myanmar digits as ASCII ones, one for one,
so that every number rule and ``phonenumbers`` read "+৮৮০ ১৬৭০ ৪১২৯৯৩" as they read
"+880 1670 412993" (fresh6 fixes); a span found in the copy is the same span here."""
CATEGORIES: tuple[str, ...] = tuple(ENTITY_OF)
"""Every redaction category, in priority order; the placeholder is ``[CATEGORY]``."""


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    category: str
    score: float = 1.0


class Redactor:
    """Finds PII spans and replaces them; the Presidio engine is built on first use. ``ner``
    (``privacy.ner``): ``"off"``, or a spaCy NER model that adds the names it finds."""

    def __init__(self, categories: Iterable[str] | None = None, ner: str = "off") -> None:
        from .ner import CHOICES

        if ner not in CHOICES:
            raise ValueError(f"ner: {ner!r}; known: {', '.join(CHOICES)}")
        self.ner = ner
        wanted = set(CATEGORIES if categories is None else categories)
        self.categories = [c for c in CATEGORIES if c in wanted]
        self._category_of = {ENTITY_OF[c]: c for c in self.categories}

    @cached_property
    def analyzer(self) -> Any:
        return build_analyzer(self.categories, self.ner)

    def find(self, text: str) -> list[Span]:
        """Non-overlapping findings, by position."""
        if not text.strip() or not self.categories:
            return []
        results = self.analyzer.analyze(
            text.translate(ASCII_DIGITS), language="en", entities=list(self._category_of)
        )
        rank = {c: i for i, c in enumerate(self.categories)}
        candidates = sorted(
            (Span(r.start, r.end, self._category_of[r.entity_type], r.score) for r in results),
            key=lambda s: (rank[s.category], -s.score, s.start - s.end),
        )
        taken = [False] * len(text)
        spans = []
        for s in candidates:
            for start, end in _free_parts(text, taken, s.start, s.end):
                spans.append(Span(start, end, s.category, s.score))
                taken[start:end] = [True] * (end - start)
        return sorted(spans, key=lambda s: s.start)

    def redact(self, text: str) -> str:
        spans = self.find(text)
        if not spans:
            return text
        from presidio_anonymizer import AnonymizerEngine
        from presidio_anonymizer.entities import OperatorConfig, RecognizerResult

        found = [RecognizerResult(s.category, s.start, s.end, s.score) for s in spans]
        ops = {
            s.category: OperatorConfig("replace", {"new_value": f"[{s.category.upper()}]"})
            for s in spans
        }
        return _anonymizer(AnonymizerEngine).anonymize(text, found, ops).text


def _free_parts(text: str, taken: list[bool], start: int, end: int) -> list[tuple[int, int]]:
    """The parts of [start, end) that no earlier (higher-priority) span took, trimmed, if
    they hold a digit: an address whose postcode was taken as a phone number still loses
    its house number."""
    if not any(taken[start:end]):
        return [(start, end)] if end > start else []
    parts, i = [], start
    while i < end:
        if taken[i]:
            i += 1
            continue
        j = i
        while j < end and not taken[j]:
            j += 1
        piece = text[i:j]
        lead = len(piece) - len(piece.lstrip(" \t\n,;:.-/"))
        trail = len(piece) - len(piece.rstrip(" \t\n,;:.-/"))
        if any(c.isdigit() for c in piece):
            parts.append((i + lead, j - trail))
        i = j
    return parts


_ANONYMIZER: list[Any] = []


def _anonymizer(cls: type) -> Any:
    if not _ANONYMIZER:
        _ANONYMIZER.append(cls())
    return _ANONYMIZER[0]


def redact_lines(lines: Iterable[str], redactor: Redactor | None = None) -> Iterator[str]:
    """``pockettune redact``: plain lines are redacted whole; a JSON object line has its
    ``text`` field redacted and is written back as JSON."""
    red = redactor or Redactor()
    for line in lines:
        line = line.rstrip("\n")
        if line.lstrip().startswith("{"):
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                obj = None
            if isinstance(obj, dict) and isinstance(obj.get("text"), str):
                obj["text"] = red.redact(obj["text"])
                yield json.dumps(obj, ensure_ascii=False)
                continue
        yield red.redact(line)
