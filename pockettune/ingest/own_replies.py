"""An imported history's own replies as annotations, without asking (opt-in).

    pockettune ingest chitchat --speaker ID --own-replies      # or ingest.own_replies=true

A chitchat speaker's turns carry the speaker's own reply to the other side's message
(``Turn.reference``, ingest/chitchat.py): that reply is exactly the label an annotation asks
for. With the flag every ingested turn with a reply becomes an annotation (kind ``own``),
not only the turns the buffer admits: the buffer chooses what to *ask* about, and these
need no asking; the buffered ones are marked answered so they are not asked either.

Each is written inside the buffer update's own transaction (the buffer's ``on_commit``
hook), with the ingest position: a killed and resumed ingest stores every reply once. The
hook receives the candidate as the observer redacted it (question, context and reply with
PII replaced, the same redactor as every buffered turn) and its embedding. Retention
(``privacy.max_age_days`` / ``max_annotations``) is applied when the ingest ends.
"""

from __future__ import annotations

import time
from typing import Any

from ..errors import PockettuneError
from ..store import Store

KIND = "own"
"""``annotations.kind`` of a reply taken from an imported history."""


def check_source(key: str) -> None:
    """Only sources whose turns hold the user's own replies may be taken without asking."""
    if not key.startswith("chitchat:"):
        raise PockettuneError(
            f"--own-replies (ingest.own_replies): {key} holds no replies of yours (only chitchat "
            "speakers' turns do); ingest it without the flag or set ingest.own_replies=false"
        )


def _vector(embedding: Any) -> bytes | None:
    """The embedding as stored, or NULL for a turn the buffer rejected before embedding it
    (select.lazy_embed): such a reply is a training label, never an in-context example."""
    return embedding.astype("<f4").tobytes() if embedding.size else None


class OwnReplies:
    """For one ingest: hooked into the buffer's commits, stores each turn's own reply."""

    def __init__(self, buffer: Any, source: str, max_chars: int) -> None:
        self.buffer, self.source, self.max_chars = buffer, source, max_chars
        self.count = 0
        self._prev: Any = None
        rows = buffer.store.conn.execute(
            "SELECT question, context, response FROM annotations WHERE kind=? AND source=?",
            (KIND, source),
        )
        self._seen = {tuple(r) for r in rows}
        """Stored already (a ``--restart`` of the same source adds no second copy)."""

    def __enter__(self) -> OwnReplies:
        self._prev = self.buffer.on_commit
        self.buffer.on_commit = self.on_commit
        return self

    def __exit__(self, *exc: object) -> None:
        self.buffer.on_commit = self._prev

    def on_commit(self, c: Any, cand: Any) -> None:
        if self._prev is not None:
            self._prev(c, cand)
        t = cand.turn
        response = t.reference.strip()[: self.max_chars]
        key = (t.question, t.context, response)
        if not response or key in self._seen:
            return
        # the turn just offered has the newest seq when it was admitted
        row = c.execute(
            "SELECT id FROM buffer WHERE seq=(SELECT max(seq) FROM buffer)"
            " AND question=? AND context=? AND annotated=0",
            (t.question, t.context),
        ).fetchone()
        buffer_id = int(row[0]) if row else None
        c.execute(
            "INSERT INTO annotations (buffer_id, created_at, kind, question, context, model_reply,"
            " response, source, domain, embedding) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                buffer_id, time.time(), KIND, t.question, t.context, t.reply, response,
                t.source, cand.domain, _vector(cand.embedding),
            ),
        )  # fmt: skip
        if buffer_id is not None:
            c.execute("UPDATE buffer SET annotated=1 WHERE id=?", (buffer_id,))
        Store.log(c, "annotate", buffer_id, annotation=KIND)
        self._seen.add(key)
        self.count += 1
