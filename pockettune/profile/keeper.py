"""The user profile for one open home: kept up to date with every observed turn, with
feedback on replies and with new annotations; each update in the transaction of its cause.

    keeper = ProfileKeeper(store, config, buffer, redactor=..., adapter_version=...)
    keeper.profile.render()
    keeper.feedback(Feedback("accept", question, reply, context), domain)
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import Any

import numpy as np

from ..config import Config
from ..store import Store


class ProfileKeeper:
    def __init__(
        self,
        store: Store,
        config: Config,
        buffer: Any,
        redactor: Callable[[], Any],
        adapter_version: Callable[[], int | None],
    ) -> None:
        self.store, self.config, self.buffer = store, config, buffer
        self._redactor, self._adapter_version = redactor, adapter_version
        buffer.on_commit = self.observed
        if config.profile.interest_weight:
            buffer.domain_weight = self.interest_weight

    @cached_property
    def profile(self) -> Any:
        from .profile import load_profile

        return load_profile(self.store)

    def reload(self) -> None:
        """Read the profile again on next use (after something else rewrote it)."""
        self.__dict__.pop("profile", None)

    def observed(self, conn: Any, cand: Any) -> None:
        """Inside the buffer's transaction: the turn updates the profile, committed with it."""
        from .profile import fresh, save_profile

        c = self.config.profile
        self.profile = prof = fresh(conn, self.profile)
        prof.observe(cand.domain, cand.unit, c.interest_ema, c.centroid_ema)
        save_profile(conn, prof)

    def absorb_annotations(self) -> None:
        """Take newly stored annotations into the profile's style of the user's own words."""
        from .profile import absorb, fresh, save_profile

        with self.store.transaction() as c:
            self.profile = prof = fresh(c, self.profile)
            absorb(c, prof)
            save_profile(c, prof)

    def interest_weight(self, domain: str) -> float:
        share = dict(self.profile.top_interests(len(self.buffer.lexicon.domains))).get(domain)
        if share is None:
            return 1.0
        d = len(self.buffer.lexicon.domains)
        return max(0.0, 1.0 + self.config.profile.interest_weight * (d * share - 1.0))

    def feedback(self, fb: Any, domain: str = "", embedding: Any = None) -> int:
        """Record accept / edit / rating / regenerate on a reply; an edit or an accepted reply
        is also an annotation of the message, weighted by a rating (annotate/feedback.py;
        not with ``adapt.use_feedback`` off). Returns the feedback's id."""
        import dataclasses
        import time

        from ..annotate import AnnotationSession
        from ..annotate.feedback import label_one
        from .profile import absorb, fresh, save_profile

        redactor = self._redactor()
        r = redactor.redact if redactor else (lambda x: x)
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
            if self.config.adapt.use_feedback:
                session = AnnotationSession(self.store, self.config.annotate.max_chars, None)
                ann_id = label_one(c, fb, domain, emb, session)
            cur = c.execute(
                "INSERT INTO feedback (created_at, kind, value, question, context, reply, edited,"
                " domain, adapter_version, annotation_id) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (
                    time.time(), fb.kind, fb.value, fb.question, fb.context, fb.reply, fb.edited,
                    domain, self._adapter_version(), ann_id,
                ),
            )  # fmt: skip
            self.profile = prof = fresh(c, self.profile)
            if self.config.adapt.use_feedback:
                prof.feedback(fb, self.config.profile.feedback_ema)
            absorb(c, prof)
            save_profile(c, prof)
        return int(cur.lastrowid or 0)
