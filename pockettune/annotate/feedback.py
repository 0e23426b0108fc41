"""Labels the user already gave: feedback on a chat reply becomes an annotation of its message.

    session = AnnotationSession(store, config.annotate.max_chars)
    ann_id = label_one(conn, fb, domain, embedding, session)   # in the feedback's transaction

- an edit: the edited text is the preferred response (kind ``edit``);
- "Good" (``accept``): the model's reply is (kind ``accept``);
- a rating r of the reply weights the accepted reply: :data:`RATING_WEIGHTS` (a repeat count
  in training, train/data.repeats). A rating of :data:`ACCEPT_RATING` or more with no label
  yet accepts the reply; a lower one alone makes no label (it says the reply was not what
  the user wanted, not what they wanted instead). A rating never changes an edit's weight:
  it rates the model's reply, not the user's text.

A reply has one live label: every feedback row on it (same redacted question, context and
reply) points to it, a second "Good" only makes its weight at least 1, and an edit after a label makes a new
annotation and takes the old one out of training (weight 0), so the new text counts as a new
annotation for the adaptation policy and nothing trained on is rewritten. Feedback arrives
redacted (profile/keeper.py), so these labels hold no PII either.
"""

from __future__ import annotations

from typing import Any

from .session import Annotation, AnnotationSession

RATING_WEIGHTS = {1: 0.0, 2: 0.0, 3: 1.0, 4: 1.0, 5: 2.0}
"""Weight of an accepted reply by its rating: a poor rating (1-2) takes it out of training,
3-4 keep it as one example, 5 counts it (and its synthesized pairs) twice."""
ACCEPT_RATING = 4
"""A rating from which a reply with no label yet is taken as accepted."""


def rating_weight(value: float) -> float:
    return RATING_WEIGHTS[min(5, max(1, int(round(value))))]


def label_one(
    conn: Any, fb: Any, domain: str, embedding: bytes | None, session: AnnotationSession
) -> int | None:
    """Create or re-weight the annotation that ``fb`` (a redacted :class:`Feedback`) makes,
    inside the open transaction ``conn``; returns its id (None: no label)."""
    found = conn.execute(
        "SELECT a.id, a.kind FROM feedback f JOIN annotations a ON a.id = f.annotation_id"
        " WHERE f.question=? AND f.context=? AND f.reply=?"
        " ORDER BY f.id DESC LIMIT 1",
        (fb.question, fb.context, fb.reply),
    ).fetchone()
    ann_id, kind = (int(found[0]), found[1]) if found else (None, None)

    def new(response: str, kind: str, weight: float = 1.0) -> int:
        aid = session.save_text(
            fb.question, fb.context, Annotation(response, kind), fb.reply,
            source="chat", domain=domain, embedding=embedding, conn=conn,
        )  # fmt: skip
        if weight != 1.0:
            conn.execute("UPDATE annotations SET weight=? WHERE id=?", (weight, aid))
        return aid

    if fb.kind == "edit":
        if ann_id is not None:  # the new text supersedes the earlier label
            conn.execute("UPDATE annotations SET weight=0 WHERE id=?", (ann_id,))
        return new(fb.edited, "edit")
    if fb.kind == "accept":
        if ann_id is not None:
            conn.execute(
                "UPDATE annotations SET weight=max(weight, 1) WHERE id=? AND kind='accept'",
                (ann_id,),
            )
            return ann_id
        return new(fb.reply, "accept") if fb.reply.strip() else None
    if fb.kind == "rating":
        w = rating_weight(float(fb.value))
        if ann_id is not None:
            if kind == "accept":
                conn.execute("UPDATE annotations SET weight=? WHERE id=?", (w, ann_id))
            return ann_id
        if fb.value >= ACCEPT_RATING and fb.reply.strip():
            return new(fb.reply, "accept", w)
        return None
    return ann_id  # regenerate: no label, but the row still points to the reply's one
