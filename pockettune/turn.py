"""A dialogue turn: what the user said (with context) and the response, if one is known."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Turn:
    """One dialogue set of the method: a question and, optionally, a response.

    The device scores only what it really has before annotation: the user's message, its
    context and the model's own reply (method.md, defect 3). ``reference`` is a response the
    data carries (a dataset's gold answer, a chat partner's reply); it is stored for the
    simulated annotator and evaluation, never scored.
    """

    question: str
    """The user's message."""
    context: str = ""
    """Earlier messages of the conversation that the question depends on, if any."""
    reply: str = ""
    """The assistant's own reply, when one was generated on the device."""
    reference: str = ""
    """A known preferred response (dataset answer); never used for selection."""
    source: str = ""
    """Where the turn came from: a file path, ``chat``, ``chitchat:<speaker>``."""
    speaker: str = ""
    """The user's id in multi-user data (chitchat speakers); empty for a single user."""
    meta: dict[str, str] = field(default_factory=dict)
    """Free-form extra fields kept with the turn (e.g. a dataset's domain label)."""

    def scored_text(self) -> str:
        """The text the selection metrics see: context, question and the model's reply."""
        parts = [p for p in (self.context, self.question, self.reply) if p]
        return "\n".join(parts)
