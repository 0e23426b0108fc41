"""The user profile: interests, style, feedback and where the user's topics are heading.

Updated online, a turn at a time, from what selection already computed (the turn's domain
and embedding), so it costs microseconds per turn and no extra model pass. Persisted as one
JSON value in the store's ``meta`` table, written in the same transaction as the buffer
update it follows, so a crash never leaves the two disagreeing.
"""

from __future__ import annotations

import base64
import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from .feedback import Feedback, feedback_score
from .style import content_words, style_of

META_KEY = "profile"


def _ema(old: float, new: float, weight: float) -> float:
    return (1 - weight) * old + weight * new


@dataclass
class Profile:
    n_turns: int = 0
    domain_counts: dict[str, int] = field(default_factory=dict)
    """Every observed turn's domain, counted: the long-run interests."""
    interests: dict[str, float] = field(default_factory=dict)
    """Exponentially weighted share of recent turns per domain: the current interests."""
    n_written: int = 0
    """How many texts the user wrote (annotations, edits) the style is taken from."""
    style: dict[str, float] = field(default_factory=dict)
    """Running means of :func:`style_of` over the user's own words."""
    vocabulary: dict[str, int] = field(default_factory=dict)
    """The user's most used content words (top 100 kept)."""
    feedback_counts: dict[str, int] = field(default_factory=dict)
    ratings: list[float] = field(default_factory=lambda: [0.0, 0.0])
    """Sum and count of ratings."""
    feedback_score: float | None = None
    """Running score of feedback, 0 (regenerate) .. 1 (accept)."""
    centroid: Any = None
    """Running mean embedding of recent turns (unit vectors), float32; stored as base64."""
    drift: float = 0.0
    """Cosine distance between the centroid now and at the last training round."""
    ann_seen: int = 0
    """The newest annotation whose text the style has absorbed."""
    rev: int = 0
    """Bumped at every save; another process's save shows as a newer stored rev."""

    # ---- online updates ---------------------------------------------------------------
    def observe(
        self, domain: str, unit: np.ndarray, interest_ema: float, centroid_ema: float
    ) -> None:
        """One observed turn: its dominant domain and unit-length embedding."""
        self.n_turns += 1
        self.domain_counts[domain] = self.domain_counts.get(domain, 0) + 1
        w = max(interest_ema, 1.0 / self.n_turns)  # a plain mean until the EMA takes over
        for d in set(self.interests) | {domain}:
            self.interests[d] = _ema(self.interests.get(d, 0.0), float(d == domain), w)
        c = self.centroid
        if unit.size == 0:  # a turn rejected before embedding (select.lazy_embed)
            return
        if c is None or c.size != unit.size:
            self.centroid = unit.astype(np.float32).copy()
        else:
            w = max(centroid_ema, 1.0 / self.n_turns)
            c *= 1 - w
            c += w * unit

    def wrote(self, text: str) -> None:
        """Text the user wrote themselves: an annotation or an edited reply."""
        s = style_of(text)
        if not s["words"]:
            return
        self.n_written += 1
        for k, v in s.items():
            self.style[k] = self.style.get(k, 0.0) + (v - self.style.get(k, 0.0)) / self.n_written
        vocab = Counter(self.vocabulary) + Counter(content_words(text))
        self.vocabulary = dict(vocab.most_common(100))

    def feedback(self, fb: Feedback, ema: float) -> float:
        """Count a feedback event; returns its score."""
        self.feedback_counts[fb.kind] = self.feedback_counts.get(fb.kind, 0) + 1
        if fb.kind == "rating":
            self.ratings = [self.ratings[0] + float(fb.value or 0), self.ratings[1] + 1]
        score = feedback_score(fb)
        self.feedback_score = (
            score if self.feedback_score is None else _ema(self.feedback_score, score, ema)
        )
        return score

    def drift_from(self, centroid: Any) -> float:
        """Cosine distance between the current centroid and ``centroid`` (0 when unknown)."""
        if centroid is None or self.centroid is None:
            return 0.0
        a, b = self.centroid.astype(np.float64), _vector(centroid).astype(np.float64)
        if a.size != b.size:
            return 0.0
        den = float(np.linalg.norm(a) * np.linalg.norm(b))
        return float(1 - a @ b / den) if den else 0.0

    # ---- reading it ----------------------------------------------------------------------
    def top_interests(self, n: int = 3) -> list[tuple[str, float]]:
        total = sum(self.interests.values()) or 1.0
        ranked = sorted(self.interests.items(), key=lambda kv: -kv[1])
        return [(d, v / total) for d, v in ranked[:n] if v > 0]

    def interest_shift(self, before: dict[str, float] | None) -> float:
        """Total-variation distance between the current interests and ``before``."""
        if not before:
            return 0.0
        keys = set(self.interests) | set(before)
        a, b = sum(self.interests.values()) or 1.0, sum(before.values()) or 1.0
        return 0.5 * sum(abs(self.interests.get(k, 0) / a - before.get(k, 0) / b) for k in keys)

    def summary(self) -> str:
        """A compact system prompt: the user's style and interests, for replies before (and
        after) any training. Empty when nothing is known yet."""
        parts = []
        top = [d for d, _ in self.top_interests(3)]
        if top:
            parts.append(f"The user often talks about {', '.join(top)}.")
        if self.n_written:
            words = self.style.get("words", 0)
            length = "very short" if words < 8 else "short" if words < 20 else "detailed"
            tone = "casual" if self.style.get("formality", 0) < -0.2 else "neutral"
            if self.style.get("formality", 0) > 0.2:
                tone = "formal"
            parts.append(
                f"Reply like the user would: {length} (about {words:.0f} words), {tone} tone."
            )
        return " ".join(parts)

    def render(self) -> str:
        """What ``pockettune profile`` prints."""
        lines = [f"turns observed: {self.n_turns}"]
        if self.interests:
            now = ", ".join(f"{d} {v:.0%}" for d, v in self.top_interests(5))
            total = sum(self.domain_counts.values()) or 1
            ever = ", ".join(
                f"{d} {n / total:.0%}"
                for d, n in sorted(self.domain_counts.items(), key=lambda kv: -kv[1])[:5]
            )
            lines += [f"interests now:  {now}", f"interests ever: {ever}"]
        if self.n_written:
            s = self.style
            lines.append(
                f"style ({self.n_written} texts by the user): {s['words']:.1f} words per reply, "
                f"formality {s['formality']:+.2f} (-1 casual .. +1 formal), "
                f"vocabulary variety {s['ttr']:.2f}"
            )
            lines.append("words: " + ", ".join(list(self.vocabulary)[:12]))
        if self.feedback_counts:
            counts = ", ".join(f"{k} {v}" for k, v in sorted(self.feedback_counts.items()))
            mean = (
                f", mean rating {self.ratings[0] / self.ratings[1]:.1f}" if self.ratings[1] else ""
            )
            lines.append(f"feedback: {counts}{mean}; running score {self.feedback_score:.2f}")
        lines.append(f"drift since the last training round: {self.drift:.4f} (cosine distance)")
        summary = self.summary()
        if summary:
            lines.append(f"system prompt: {summary}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["centroid"] = encode_vector(self.centroid)
        return d


def load_profile(store: Any) -> Profile:
    data = store.get_meta(META_KEY)
    return _from(data) if data else Profile()


def _from(data: dict[str, Any]) -> Profile:
    known = Profile.__dataclass_fields__
    prof = Profile(**{k: v for k, v in data.items() if k in known})
    prof.centroid = None if prof.centroid in (None, "", []) else _vector(prof.centroid)
    return prof


def encode_vector(v: Any) -> str | None:
    """A float32 vector as base64: a turn's profile write is then microseconds, not the
    milliseconds a JSON list of 576 floats takes."""
    return None if v is None else base64.b64encode(np.asarray(v, "<f4").tobytes()).decode()


def _vector(v: Any) -> np.ndarray:
    if isinstance(v, str):
        return np.frombuffer(base64.b64decode(v), dtype="<f4").copy()
    return np.asarray(v, dtype=np.float32)


def absorb(conn: Any, prof: Profile) -> None:
    """The user's own words in new annotations (not accepted model replies) shape the
    profile's style."""
    rows = conn.execute(
        "SELECT id, kind, response FROM annotations WHERE id > ? ORDER BY id", (prof.ann_seen,)
    ).fetchall()
    for ann_id, kind, text in rows:
        if kind != "accept":
            prof.wrote(text)
        prof.ann_seen = ann_id


def rebuild_style(conn: Any) -> None:
    """Inside a transaction, after annotations were deleted: the stored profile's style and
    words come only from what is left (its interest counts are aggregates and stay)."""
    data = conn.execute("SELECT value FROM meta WHERE key=?", (META_KEY,)).fetchone()
    if not data:
        return
    prof = _from(json.loads(data[0]))
    prof.n_written, prof.style, prof.vocabulary, prof.ann_seen = 0, {}, {}, 0
    absorb(conn, prof)
    save_profile(conn, prof)


def fresh(conn: Any, profile: Profile) -> Profile:
    """Inside a transaction: ``profile``, or the stored one if another process saved since."""
    row = conn.execute("SELECT value FROM meta WHERE key=?", (META_KEY + ".rev",)).fetchone()
    if row is None or int(row[0]) == profile.rev:
        return profile
    data = conn.execute("SELECT value FROM meta WHERE key=?", (META_KEY,)).fetchone()
    return _from(json.loads(data[0])) if data else profile


def save_profile(conn: Any, profile: Profile) -> None:
    """Inside a transaction (``conn`` from ``Store.transaction``)."""
    from ..store import Store

    profile.rev += 1
    Store.set_meta(conn, META_KEY, profile.to_dict())
    Store.set_meta(conn, META_KEY + ".rev", profile.rev)
