"""What one adaptation round did, kept with the adapter it made.

    rec = RoundRecord(new=8, replayed=8)
    with rec.stage("synth"): ...          # seconds per stage
    pt.adapters.set_note(version, verdict, rec.to_dict())

Stored as JSON in ``adapters.round_info`` and in the ``adapt.last_round`` meta row; shown by
``pockettune adapt``, ``GET /v1/pockettune/adapters`` (``round`` of each adapter) and the web
app's Train page. While a round runs, the stage it is in is the ``adapt.stage`` meta row, so a
front end in another process can say "synthesizing" before the first training step exists.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from ..store import Store

STAGE = "adapt.stage"
STAGES = ("synth", "train", "verify")


@dataclass
class RoundRecord:
    annotations: int = 0
    """Annotations in the round's data: the new ones and the replayed."""
    new: int = 0
    replayed: int = 0
    synth_annotations: int = 0
    """Annotations synthesized in this round (those with no pairs yet, held-out ones too)."""
    synth_generated: int = 0
    synth_kept: int = 0
    """Pairs generated and kept (ROUGE-1 band, dedup) by this round's synthesis."""
    synth_pairs: int = 0
    """Synthesized pairs in the round's training data (this round's and replayed ones)."""
    steps: int = 0
    """Optimizer steps the round took."""
    current: int | None = None
    """The adapter in use when the round ran (None: the base model): what it was compared to."""
    heldout: int = 0
    """Held-out items the swap decision scored."""
    verdict: str = ""
    rule: str = ""
    """The swap rule that fired (adapt/verify.RULES), or ``unverified``."""
    activated: bool = False
    seconds: dict[str, float] = field(default_factory=dict)
    """Wall-clock seconds per stage: synth, train (setup and save included), verify."""

    @contextlib.contextmanager
    def stage(self, name: str, store: Store | None = None) -> Iterator[None]:
        """Time a stage; with ``store``, announce it in the ``adapt.stage`` meta row."""
        if store is not None:
            with store.transaction() as c:
                Store.set_meta(c, STAGE, {"stage": name, "since": time.time()})
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = round(time.perf_counter() - t0, 3)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def lines(self) -> list[str]:
        """What ``pockettune adapt`` prints after the plan."""
        s = self.seconds
        kept = (
            f" ({self.synth_kept / self.synth_generated:.0%} kept)" if self.synth_generated else ""
        )
        return [
            f"synth   {self.synth_annotations} annotations -> {self.synth_generated} pairs "
            f"generated, {self.synth_kept} kept{kept}; {s.get('synth', 0):.1f} s",
            f"train   {self.annotations} annotations ({self.new} new, {self.replayed} replayed) "
            f"+ {self.synth_pairs} synthesized pairs, {self.steps} steps; "
            f"{s.get('train', 0):.1f} s",
            f"verify  {self.verdict}; {s.get('verify', 0):.1f} s",
        ]


def stage_now(store: Store) -> dict[str, Any] | None:
    """The stage a round announced last (None: never)."""
    got = store.get_meta(STAGE)
    return got if isinstance(got, dict) else None


def clear_stage(store: Store) -> None:
    with store.transaction() as c:
        Store.set_meta(c, STAGE, {"stage": "done", "since": time.time()})
