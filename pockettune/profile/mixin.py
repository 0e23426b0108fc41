"""The profile side of :class:`~pockettune.personalizer.Personalizer`: the user profile kept
up to date with every turn, feedback on replies, and the adaptation layer's entry point.

A mixin so that the facade stays one object for users (``pt.feedback(...)``, ``pt.profile``)
while each concern keeps its own file.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

import numpy as np


class ProfileMixin:
    store: Any
    config: Any
    buffer: Any
    redactor: Any
    adapter_version: Any

    @cached_property
    def profile(self) -> Any:
        from . import load_profile

        return load_profile(self.store)

    def _observed(self, conn: Any, cand: Any) -> None:
        """Inside the buffer's transaction: the turn updates the profile, committed with it."""
        from .profile import fresh, save_profile

        c = self.config.profile
        self.profile = prof = fresh(conn, self.profile)
        prof.observe(cand.domain, cand.unit, c.interest_ema, c.centroid_ema)
        save_profile(conn, prof)

    def _interest_weight(self, domain: str) -> float:
        share = dict(self.profile.top_interests(len(self.buffer.lexicon.domains))).get(domain)
        if share is None:
            return 1.0
        d = len(self.buffer.lexicon.domains)
        return max(0.0, 1.0 + self.config.profile.interest_weight * (d * share - 1.0))

    def feedback(self, fb: Any, domain: str = "", embedding: Any = None) -> int:
        """Record accept / edit / rating / regenerate on a reply; an edit is also stored as an
        annotation (unless ``adapt.use_feedback`` is off). Returns the feedback's id."""
        import dataclasses
        import time

        from ..annotate import AnnotationSession
        from ..annotate.session import Annotation
        from .profile import absorb, fresh, save_profile

        r = self.redactor.redact if self.redactor else (lambda x: x)
        fb = dataclasses.replace(
            fb,
            question=r(fb.question),
            context=r(fb.context),
            reply=r(fb.reply),
            edited=r(fb.edited),
        )
        emb = None if embedding is None else np.asarray(embedding, "<f4").tobytes()
        with self.store.transaction() as c:
            ann_id = None
            if fb.kind == "edit" and self.config.adapt.use_feedback:
                session = AnnotationSession(self.store, self.config.annotate.max_chars, None)
                ann_id = session.save_text(
                    fb.question, fb.context, Annotation(fb.edited, "edit"), fb.reply,
                    source="chat", domain=domain, embedding=emb, conn=c,
                )  # fmt: skip
            cur = c.execute(
                "INSERT INTO feedback (created_at, kind, value, question, context, reply, edited,"
                " domain, adapter_version, annotation_id) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (
                    time.time(), fb.kind, fb.value, fb.question, fb.context, fb.reply, fb.edited,
                    domain, self.adapter_version, ann_id,
                ),
            )  # fmt: skip
            self.profile = prof = fresh(c, self.profile)
            if self.config.adapt.use_feedback:
                prof.feedback(fb, self.config.profile.feedback_ema)
            absorb(c, prof)
            save_profile(c, prof)
        return int(cur.lastrowid or 0)

    def adapt(self, force: bool = False, progress: bool = True) -> Any:
        """The adaptation layer: decide, and train/verify/swap if it says so."""
        from ..adapt.loop import adapt

        return adapt(self, force, progress)
