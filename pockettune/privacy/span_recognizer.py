"""The shape the hand-written recognizers share: a function from text to spans.

Presidio asks every recognizer for ``__init__``, ``load`` and ``analyze``. Ours differ only in
the entity, a name, a default score and explanation, what ``load`` warms, and the function that
finds spans, so a subclass names those and implements ``spans``; this base turns the spans into
``RecognizerResult``s carrying the explanation and metadata Presidio's own recognizers carry
(``redact --explain`` and the decision log read them the same way).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from presidio_analyzer import AnalysisExplanation, LocalRecognizer, RecognizerResult

# (start, end), (start, end, score) or (start, end, score, why)
Span = tuple[int, int] | tuple[int, int, float] | tuple[int, int, float, str]


def result(entity: str, start: int, end: int, score: float, why: str, rec: Any) -> RecognizerResult:
    """A result with the recognizer's name and id, as Presidio's pattern recognizers give."""
    return RecognizerResult(
        entity,
        start,
        end,
        score,
        analysis_explanation=AnalysisExplanation(
            type(rec).__name__, score, textual_explanation=why
        ),
        recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: rec.name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: rec.id,
        },
    )


class SpanRecognizer(LocalRecognizer):
    """Subclasses set ``ENTITY``, ``NAME``, ``SCORE`` and ``WHY`` and implement ``spans``; a
    span may carry its own score and explanation, which win over the class's."""

    ENTITY = ""
    NAME = ""
    SCORE = 0.6
    WHY = ""

    def __init__(self, entity: str | None = None, name: str | None = None) -> None:
        self.entity = entity or self.ENTITY  # set first: Presidio's __init__ calls load()
        super().__init__(
            supported_entities=[self.entity], name=name or self.NAME or type(self).__name__
        )

    def load(self) -> None:
        self.warm()

    def warm(self) -> None:
        """Load what ``spans`` needs (lexicons, patterns) when the engine is built, so the
        first message does not pay for it."""

    def spans(self, text: str) -> Iterable[Span]:
        raise NotImplementedError

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list:
        out = []
        for start, end, *rest in self.spans(text):
            score = rest[0] if rest else self.SCORE
            why = rest[1] if len(rest) > 1 else self.WHY
            out.append(result(self.entity, start, end, score, why, self))
        return out
