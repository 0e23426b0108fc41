"""When to retrain and how hard: a pure function of a few signals, so every decision can be
tested, logged and explained (``pockettune status`` prints the reasons).

Dynamic schedule (ASLS): train when enough new annotations arrived, sooner when the user's
interests moved or their feedback fell, and only when the device is idle. How hard: while
the data is small (``adapt.retrain_all``) every round trains a fresh adapter on all of it;
beyond that a continued adapter takes smaller steps on the new data plus a replay sample,
and a large shift starts fresh.
Fixed schedule (the ablation's baseline): every ``fixed_every`` annotations, same steps.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from ..config import AdaptConfig


@dataclass
class Signals:
    new_annotations: int
    """Trainable annotations (held-out ones excluded) that no round has used yet."""
    old_annotations: int
    """Trainable annotations earlier rounds used: the replay pool."""
    interest_shift: float = 0.0
    """Total-variation distance of the interests now vs at the last round."""
    drift: float = 0.0
    """Cosine distance of the embedding centroid now vs at the last round."""
    feedback_now: float | None = None
    feedback_at_round: float | None = None
    feedback_events: int = 0
    """Feedback events since the last round."""
    idle_seconds: float = float("inf")
    has_adapter: bool = False
    rounds: int = 0


@dataclass
class Plan:
    train: bool
    reasons: list[str] = field(default_factory=list)
    mode: str = "fresh"
    """``incremental``: continue the active adapter; ``fresh``: start from the base model."""
    replay: int = 0
    """Earlier annotations to mix in."""
    epochs: float = 0.0
    """Passes over the round's data (steps follow from packing, capped by adapt.max_steps)."""
    lr_scale: float = 1.0

    def explain(self) -> str:
        head = "will train" if self.train else "won't train"
        how = (
            f" ({self.mode}, {self.epochs:g} epochs, lr x{self.lr_scale:g}, {self.replay} replayed)"
            if self.train
            else ""
        )
        return f"{head}{how}: " + "; ".join(self.reasons)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def decide(cfg: AdaptConfig, s: Signals, epochs: int = 1) -> Plan:
    reasons: list[str] = []
    if s.new_annotations == 0:
        return Plan(False, ["no new annotations since the last round"])
    if cfg.schedule == "fixed":
        go = s.new_annotations >= cfg.fixed_every
        reasons.append(
            f"fixed schedule: {s.new_annotations} new annotations "
            f"{'>=' if go else '<'} {cfg.fixed_every}"
        )
        if not go:
            return Plan(False, reasons)
        return _sized(cfg, s, reasons, epochs, dynamic=False)

    go = False
    if s.new_annotations >= cfg.min_new:
        go = True
        reasons.append(f"{s.new_annotations} new annotations >= {cfg.min_new}")
    else:
        reasons.append(f"{s.new_annotations} new annotations < {cfg.min_new}")
    half = max(1, cfg.min_new // 2)
    if s.interest_shift >= cfg.interest_shift:
        if s.new_annotations >= half:
            go = True
            reasons.append(f"interests moved {s.interest_shift:.2f} >= {cfg.interest_shift:g}")
        else:
            reasons.append(
                f"interests moved {s.interest_shift:.2f}, but fewer than {half} new annotations"
            )
    elif s.rounds:
        reasons.append(f"interests steady ({s.interest_shift:.2f} < {cfg.interest_shift:g})")
    if cfg.use_feedback and s.feedback_now is not None and s.feedback_at_round is not None:
        drop = s.feedback_at_round - s.feedback_now
        if drop >= cfg.feedback_drop and s.feedback_events >= cfg.min_feedback:
            go = True
            reasons.append(
                f"feedback fell {s.feedback_at_round:.2f} -> {s.feedback_now:.2f} "
                f"over {s.feedback_events} events"
            )
        else:
            reasons.append(
                f"feedback {s.feedback_now:.2f} (at last round {s.feedback_at_round:.2f})"
            )
    if go and s.idle_seconds < cfg.idle_seconds:
        reasons.append(
            f"waiting for the device to be idle ({s.idle_seconds:.0f} s < {cfg.idle_seconds:g} s)"
        )
        return Plan(False, reasons)
    if not go:
        return Plan(False, reasons)
    return _sized(cfg, s, reasons, epochs, dynamic=True)


def _sized(cfg: AdaptConfig, s: Signals, reasons: list[str], epochs: int, dynamic: bool) -> Plan:
    replay = min(s.old_annotations, round(cfg.replay * s.new_annotations))
    mode, lr, passes = "fresh", 1.0, float(epochs)
    total = s.new_annotations + s.old_annotations
    if dynamic and total <= cfg.retrain_all:
        # Small data: retrain on everything. Continuing the active adapter on a slice of it
        # never accumulates what rounds that were kept aside learned.
        reasons.append(f"a fresh adapter on all {total} annotations (<= {cfg.retrain_all})")
        return Plan(True, reasons, mode, s.old_annotations, passes, lr)
    if s.has_adapter:
        if dynamic and s.interest_shift >= cfg.fresh_shift:
            reasons.append(f"a fresh adapter: interests moved {s.interest_shift:.2f}")
        elif dynamic:
            mode, lr = "incremental", cfg.incremental_lr
            passes = max(1.0, epochs * cfg.incremental_epochs)
        else:
            mode = "incremental"
    return Plan(True, reasons, mode, replay, passes, lr)
