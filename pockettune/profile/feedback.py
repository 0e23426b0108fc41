"""Feedback on a reply: the four signals a chat user gives without being asked to annotate.

Each becomes one score in [0, 1] for the profile's running feedback score: accept 1, a
rating of r stars (r - 1) / 4, an edit 0.25 (the reply was close enough to fix), a
regenerate 0 (the reply was useless).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import PockettuneError

FEEDBACK_KINDS = ("accept", "edit", "rating", "regenerate")


@dataclass
class Feedback:
    kind: str
    question: str
    reply: str = ""
    context: str = ""
    value: float | None = None
    """The rating, 1..5 (only for ``rating``)."""
    edited: str = ""
    """The user's corrected reply (only for ``edit``): stored as an annotation too."""

    def __post_init__(self) -> None:
        if self.kind not in FEEDBACK_KINDS:
            raise PockettuneError(
                f"feedback kind {self.kind!r}; known: {', '.join(FEEDBACK_KINDS)}"
            )
        if not self.question.strip():
            raise PockettuneError("feedback needs the question it is about")
        if self.kind == "rating" and (self.value is None or not 1 <= self.value <= 5):
            raise PockettuneError("a rating is a number from 1 to 5")
        if self.kind == "edit" and not self.edited.strip():
            raise PockettuneError("an edit needs the edited reply")


def feedback_score(fb: Feedback) -> float:
    if fb.kind == "accept":
        return 1.0
    if fb.kind == "rating":
        return (float(fb.value or 1) - 1) / 4
    return 0.25 if fb.kind == "edit" else 0.0
