"""An annotation session: show a buffered turn and the model's reply, store the user's choice.

The annotator is a callback ``(item, model_reply) -> Annotation | None`` (None skips the item;
raising ``StopIteration`` ends the session), so the terminal prompt, a GUI and the simulated
annotator of the benchmarks share one code path. Each annotation commits at once, with the
buffer's ``annotated`` flag, in one transaction: quitting mid-way loses nothing.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..errors import PockettuneError
from ..select import BufferItem
from ..store import Store


@dataclass
class Annotation:
    response: str
    """The user's preferred response."""
    kind: str = "new"
    """``accept`` (the model's reply as is), ``edit``, ``new`` or ``simulated``."""


Annotator = Callable[[BufferItem, str], "Annotation | None"]


def simulated_annotator(item: BufferItem, model_reply: str) -> Annotation | None:
    """The dataset's reference response stands for the user's (benchmarks, experiments)."""
    return Annotation(item.reference, "simulated") if item.reference.strip() else None


class AnnotationSession:
    def __init__(
        self, store: Store, max_chars: int = 4000, redact: Callable[[str], str] | None = None
    ) -> None:
        self.store, self.max_chars, self.redact = store, max_chars, redact

    def clean(self, text: str) -> str:
        """Refuse an empty answer; cut a huge paste to ``max_chars`` (the user is told)."""
        text = text.strip()
        if self.redact is not None:
            text = self.redact(text)
        if not text:
            raise PockettuneError(
                "an empty response cannot be an annotation; skip the item instead"
            )
        return text[: self.max_chars]

    def save(self, item: BufferItem, ann: Annotation, model_reply: str = "") -> int:
        """Store the user's answer to a buffered item and flag the item, in one transaction."""
        return self.save_text(
            item.question, item.context, ann, model_reply, item.id, item.source, item.domain
        )

    def save_text(
        self,
        question: str,
        context: str,
        ann: Annotation,
        model_reply: str = "",
        buffer_id: int | None = None,
        source: str = "",
        domain: str = "",
        embedding: bytes | None = None,
        conn: Any = None,
    ) -> int:
        """Store one annotation. Its embedding (for finding similar examples later) is the
        buffered turn's unless given. With ``conn`` it joins that open transaction."""
        response = self.clean(ann.response)
        with contextlib.nullcontext(conn) if conn is not None else self.store.transaction() as c:
            if embedding is None and buffer_id is not None:
                row = c.execute("SELECT embedding FROM buffer WHERE id=?", (buffer_id,)).fetchone()
                embedding = row[0] if row else None
            cur = c.execute(
                "INSERT INTO annotations (buffer_id, created_at, kind, question, context, model_reply,"
                " response, source, domain, embedding) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (
                    buffer_id,
                    time.time(),
                    ann.kind,
                    question,
                    context,
                    model_reply,
                    response,
                    source,
                    domain,
                    embedding,
                ),
            )
            if buffer_id is not None:
                c.execute("UPDATE buffer SET annotated=1 WHERE id=?", (buffer_id,))
            Store.log(c, "annotate", buffer_id, annotation=ann.kind)
        return int(cur.lastrowid or 0)

    def run(
        self,
        items: list[BufferItem],
        annotator: Annotator,
        replies: Callable[[list[BufferItem]], list[str]] | None = None,
    ) -> dict[str, int]:
        """Ask about ``items`` in order; returns counts of saved and skipped."""
        counts = {"saved": 0, "skipped": 0}
        model_replies = replies(items) if replies else [""] * len(items)
        for item, reply in zip(items, model_replies):
            try:
                ann = annotator(item, reply)
            except StopIteration:
                break
            if ann is None:
                counts["skipped"] += 1
                continue
            self.save(item, ann, reply)
            counts["saved"] += 1
        return counts
