"""The paper's policy: self-supervised selection by EOE, DSS and IDD, per dominant domain.

Once the buffer is full a newcomer competes only with the items of its own dominant domain
(paper). The weakest item there is the one with the lowest weighted sum of per-metric ranks
among the domain's items and the newcomer (ranks make the three scales comparable). The rule
that combines the metrics is not published (method.md, defect 5); ours is configurable:

- ``majority`` (default): replace the weakest if the newcomer beats it on more than half of
  the metrics (two of three);
- ``all``: on every metric;
- ``weighted``: if the newcomer's weighted rank sum beats the weakest's.

A newcomer whose domain holds nothing yet competes with the largest domain, so a new topic can
enter a full buffer (the paper is silent; the alternative, rejecting it, would freeze the
buffer's topics at the first ``capacity`` turns). The replacement test keeps "higher is better"
(the published code swapped when the newcomer scored lower: defect 2).
"""

from __future__ import annotations

import numpy as np

from ...config import SelectConfig
from ..candidate import Candidate
from ..state import BufferState
from .base import Decision, StatelessPolicy


def ranks(values: np.ndarray) -> np.ndarray:
    """Ordinal ranks scaled to (0, 1]; ties keep arrival order, so decisions are deterministic."""
    order = np.argsort(values, kind="stable")
    r = np.empty(len(values))
    r[order] = np.arange(1, len(values) + 1)
    return r / len(values)


class SdssPolicy(StatelessPolicy):
    name = "sdss"

    def __init__(self, cfg: SelectConfig) -> None:
        self.metrics = list(cfg.metrics)
        self.rule = cfg.rule
        self.weights = np.array([cfg.weights.get(m, 1.0) for m in self.metrics])

    def choose(self, cand: Candidate, state: BufferState) -> Decision:
        pool = state.slots_of(cand.domain)
        if not pool:
            # the largest domain; ties by name, so a reloaded buffer picks the same one
            pool = state.by_domain[
                min(state.by_domain, key=lambda d: (-len(state.by_domain[d]), d))
            ]
        live = {"idd": state.live_idd, "cov": state.live_cov}
        stored = {"eoe": state.eoe[pool], "dss": state.dss[pool], "sur": state.sur[pool]}
        stored.update({m: live[m](pool) for m in self.metrics if m in live})
        table = np.stack([np.append(stored[m], cand.scores[m]) for m in self.metrics])
        combined = self.weights @ np.stack([ranks(row) for row in table])
        w = int(combined[:-1].argmin())
        wins = int((table[:, -1] > table[:, w]).sum())
        n = len(self.metrics)
        if self.rule == "majority":
            ok = wins * 2 > n
        elif self.rule == "all":
            ok = wins == n
        else:
            ok = combined[-1] > combined[w]
        why = f"beats weakest of {state.domain[pool[w]]} on {wins}/{n}"
        return Decision(ok, pool[w] if ok else None, why)
