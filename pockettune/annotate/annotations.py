"""Annotating for one open home: the queue (most valuable first) and a session over it.

annotations = Annotations(config, store, buffer, profile=keeper, replies=replies,
                          redactor=lambda: pt.redactor)
annotations.run(simulated_annotator, limit=8, show_replies=False)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..config import Config
from ..store import Store


class Annotations:
    def __init__(
        self,
        config: Config,
        store: Store,
        buffer: Any,
        profile: Any,
        replies: Any,
        redactor: Callable[[], Any],
    ) -> None:
        self.config, self.store, self.buffer = config, store, buffer
        self.profile_keeper, self.replies, self._redactor = profile, replies, redactor

    def queue(self, limit: int | None = None) -> list[Any]:
        """The unannotated buffered turns most worth asking about, best first."""
        from .queue import annotation_queue

        return annotation_queue(
            self.buffer,
            limit if limit is not None else self.config.annotate.per_session,
            dict(self.profile_keeper.profile.top_interests(len(self.buffer.lexicon.domains))),
            self.config.profile.annotate_interest,
        )

    def run(
        self, annotator: Any, limit: int | None = None, show_replies: bool = True
    ) -> dict[str, int]:
        """Ask ``annotator(item, model_reply)`` about the most valuable unannotated turns."""
        from .session import AnnotationSession

        items = self.queue(limit)
        redactor = self._redactor()
        session = AnnotationSession(
            self.store,
            self.config.annotate.max_chars,
            redactor.redact if redactor else None,
        )
        replies = None
        if show_replies:

            def replies(its: list[Any]) -> list[str]:
                return self.replies.reply_many(
                    [(it.question, it.context) for it in its], self.config.annotate.reply_tokens
                )

        counts = session.run(items, annotator, replies)
        self.profile_keeper.absorb_annotations()
        return counts

    def count(self) -> int:
        """Annotations stored in all."""
        return int(self.store.conn.execute("SELECT COUNT(*) FROM annotations").fetchone()[0])
