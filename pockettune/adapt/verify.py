"""The swap decision: does a newly trained adapter replace the model in use?

    v = decide_swap(current_losses, new_losses, min_items=8)
    v.activate, v.text()

Both models are scored item by item on the same held-out annotations (never trained on by
either), so the comparison is paired: ``d_i = new_i - current_i`` (loss per token; negative
means the new adapter is better) and a paired bootstrap interval of the mean of ``d``
(eval/stats.py, seeded: the same losses always give the same verdict). The rule, in order:

1. no held-out item at all: activate, unverified (nothing to verify on yet);
2. the interval lies below 0 (significantly better): activate;
3. fewer than ``min_items`` items (too little evidence to tell) and the interval does not
   lie above 0 (not significantly worse): activate;
4. the new adapter was trained on every trainable annotation (``superset``: all that the
   model in use saw, and more) and its mean loss is not higher: activate;
5. otherwise keep the current model: significantly worse, a superset retrain worse on
   average, or, with enough items, not significantly better.

Why this shape: comparing two means on a couple of items (the rule it replaces) swaps on a
coin toss. Demanding significance from the start would block a user's first adapters for
as long as few answers are held out, although training on the user's own answers is what
measurably helps (benchmarks/results/bench-paper-cpu: every dataset's adapter beats base);
so with little evidence a new adapter only has to be not significantly worse. Once there
are ``min_items`` items an adapter that is not significantly better is noise and does not
replace a good one. A percentile bootstrap on very few items is overconfident (all items
of one sign give an interval of that sign); in rule 3 that errs towards keeping the model
in use, which is the safe side. Rule 4: a retrain on all the user's annotations
(adapt.retrain_all) is expected to be at least as good as one on fewer, so the burden of proof
flips; on speaker rank 1's live loop the two retrains the old rule kept aside for "not
significantly better" on 9-10 held-out items were significantly better on 100 dev turns
(-0.063 and -0.093 nats; benchmarks/results/live-loop/swap-pairs-dev.md). It asks for a mean
that is not higher rather than "not significantly worse": on those dev pairs, with 8-16
held-out items, "not significantly worse" let 13-15% of swaps through to a truly worse
adapter and the mean 2-4%, keeping the better adapter 94-98% of the time against 85-87%; and
in the live loop of the same speaker two of its five "not significantly worse" retrains were
significantly worse on the held-out replies (+0.08 and +0.07 nats).
``benchmarks/swap_rule.py`` measures how often the rule keeps the better adapter.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from ..errors import PockettuneError

RULES = {
    "unverified": "no held-out annotations to verify it on yet",
    "better": "significantly better",
    "little_evidence": "too little evidence to tell and not significantly worse",
    "superset": "trained on all the annotations and not worse on average",
    "superset_higher": "trained on all the annotations but worse on average",
    "worse": "significantly worse",
    "not_better": "not significantly better",
}
"""The rule that fired (``Verdict.rule``) and how the verdict says it."""


@dataclass
class Verdict:
    activate: bool
    rule: str
    """A key of :data:`RULES`."""
    n: int
    """Held-out items both models were scored on."""
    min_items: int
    level: float
    before: float | None = None
    """Mean loss per item of the model in use."""
    after: float | None = None
    """Mean loss per item of the new adapter."""
    diff: float | None = None
    """Mean of new - current (negative: the new adapter is better)."""
    low: float | None = None
    high: float | None = None
    """The ``level`` paired-bootstrap interval of ``diff``."""

    def text(self) -> str:
        """One line: the outcome, the rule that fired and the numbers behind it."""
        head = "activated" if self.activate else "kept aside"
        if self.rule == "unverified":
            return f"activated unverified: {RULES['unverified']}"
        assert None not in (self.before, self.after, self.diff, self.low, self.high)
        few = "<" if self.n < self.min_items else ">="
        return (
            f"{head}: {RULES[self.rule]} on {self.n} held-out items "
            f"({few} adapt.verify_min_items={self.min_items}): held-out loss "
            f"{self.before:.3f} -> {self.after:.3f}, difference {self.diff:+.3f} "
            f"[{self.low:+.3f}, {self.high:+.3f}] ({self.level:.0%} paired bootstrap)"
        )

    def to_dict(self) -> dict[str, Any]:
        return dict(asdict(self), verdict=self.text())


def decide_swap(
    current: Sequence[float],
    new: Sequence[float],
    min_items: int = 8,
    level: float = 0.95,
    resamples: int = 2000,
    seed: int = 0,
    superset: bool = False,
) -> Verdict:
    """The rule above on per-item losses of the model in use and of the new adapter (the same
    items in the same order). ``superset``: the new adapter was trained on every trainable
    annotation, so on all the model in use was trained on (rule 4)."""
    from ..eval.stats import paired_bootstrap

    if len(current) != len(new):
        raise PockettuneError(
            f"swap decision: {len(current)} losses for the model in use, {len(new)} for the new one"
        )
    if not all(math.isfinite(x) for x in [*current, *new]):
        raise PockettuneError("swap decision: a held-out loss is not a finite number")
    n = len(new)
    if n == 0:
        return Verdict(True, "unverified", 0, min_items, level)
    c = paired_bootstrap(list(new), list(current), resamples, seed, level)
    better, worse = c.high < 0, c.low > 0
    if better:
        rule = "better"
    elif n < min_items and not worse:
        rule = "little_evidence"
    elif superset and not worse:
        rule = "superset" if c.diff <= 0 else "superset_higher"
    else:
        rule = "worse" if worse else "not_better"
    return Verdict(
        rule in ("better", "little_evidence", "superset"),
        rule,
        n,
        min_items,
        level,
        before=float(sum(current)) / n,
        after=float(sum(new)) / n,
        diff=c.diff,
        low=c.low,
        high=c.high,
    )


def unit_losses(losses: Sequence[float], units: Sequence[int]) -> list[float]:
    """Per unit, the mean of its items' losses, in order of first appearance: an annotation and
    its synthesized pairs are one unit (they are not independent items)."""
    sums: dict[int, list[float]] = {}
    for loss, u in zip(losses, units, strict=True):
        sums.setdefault(u, []).append(loss)
    return [sum(v) / len(v) for v in sums.values()]
