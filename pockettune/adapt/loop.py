"""One adaptation step: gather signals, decide, train with replay, verify, swap or set aside.

    report = adapt(pt)              # what `pockettune adapt` runs, in the foreground or not
    pt.status()["adapt"]            # the last decision and its reasons

The decision is logged (``events`` kind ``adapt``) and kept in ``meta`` so ``status`` can
say why pockettune will or won't train. A new adapter is saved inactive, scored on the
held-out annotations against the model in use, and activated only if it is better; the
active pointer is one committed row, so a chat in another process switches atomically.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field
from typing import Any

from ..profile.profile import encode_vector
from ..store import Store
from .policy import Plan, Signals, _sized, decide
from .replay import round_data, split_heldout

LAST_ROUND = "adapt.last_round"
DECISION = "adapt.decision"


@dataclass
class AdaptReport:
    plan: Plan
    version: int | None = None
    activated: bool = False
    verdict: str = ""
    heldout_before: float | None = None
    heldout_after: float | None = None
    trained_on: list[int] = field(default_factory=list)
    seconds: float = 0.0
    train_seconds: float = 0.0

    def summary(self) -> str:
        out = self.plan.explain()
        if self.version is not None:
            out += f"\nadapter v{self.version} ({self.train_seconds:.0f} s): {self.verdict}"
        return out


def annotation_split(store: Store, heldout: float) -> tuple[list[int], list[int]]:
    ids = [r[0] for r in store.conn.execute("SELECT id FROM annotations ORDER BY id")]
    return split_heldout(ids, heldout)


def _history(pt: Any) -> tuple[list[int], list[int], dict[str, Any], set[int]]:
    """(trainable ids, held-out ids, the last round's record, ids earlier rounds used)."""
    trainable, heldout = annotation_split(pt.store, pt.config.adapt.heldout)
    last = pt.store.get_meta(LAST_ROUND, {}) or {}
    return trainable, heldout, last, set(last.get("used", []))


def gather(pt: Any) -> Signals:
    """The policy's inputs, read from the store and the profile."""
    store = pt.store
    trainable, _, last, used = _history(pt)
    prof = pt.profile
    since = float(last.get("ts", 0.0))
    events = store.conn.execute(
        "SELECT count(*) FROM feedback WHERE created_at > ?", (since,)
    ).fetchone()[0]
    active = store.conn.execute(
        "SELECT max(t) FROM (SELECT max(arrived_at) AS t FROM buffer"
        " UNION ALL SELECT max(created_at) FROM feedback"
        " UNION ALL SELECT max(created_at) FROM annotations)"
    ).fetchone()[0]
    return Signals(
        new_annotations=sum(i not in used for i in trainable),
        old_annotations=sum(i in used for i in trainable),
        interest_shift=prof.interest_shift(last.get("interests")),
        drift=prof.drift_from(last.get("centroid")),
        feedback_now=prof.feedback_score,
        feedback_at_round=last.get("feedback"),
        feedback_events=int(events),
        idle_seconds=time.time() - active if active else float("inf"),
        has_adapter=pt.adapters.active() is not None,
        rounds=int(last.get("rounds", 0)),
    )


def plan(pt: Any) -> Plan:
    """Decide now, and remember the decision for ``status``."""
    p = decide(pt.config.adapt, gather(pt), pt.config.train.epochs)
    with pt.store.transaction() as c:
        Store.set_meta(c, DECISION, {"ts": time.time(), **p.to_dict()})
    return p


def adapt(pt: Any, force: bool = False, progress: bool = True) -> AdaptReport:
    """Run the policy; when it says so (or ``force``), train one round and verify it."""
    t0 = time.perf_counter()
    cfg = pt.config.adapt
    sig = gather(pt)
    p = decide(cfg, sig, pt.config.train.epochs)
    if force and not p.train and sig.new_annotations:
        p = _sized(cfg, sig, [*p.reasons, "forced"], pt.config.train.epochs, dynamic=True)
    with pt.store.transaction() as c:
        Store.set_meta(c, DECISION, {"ts": time.time(), **p.to_dict()})
        Store.log(c, "adapt", None, **p.to_dict())
    rep = AdaptReport(p)
    if not p.train:
        rep.seconds = time.perf_counter() - t0
        return rep

    trainable, heldout, _, used = _history(pt)
    new = [i for i in trainable if i not in used]
    old = [i for i in trainable if i in used]
    rep.trained_on = round_data(new, old, p.replay, pt.config.train.seed + sig.rounds)
    current = pt.adapters.active()
    tcfg = dataclasses.replace(pt.config.train, lr=pt.config.train.lr * p.lr_scale)
    before = _heldout_nll(pt, heldout, current) if cfg.verify and heldout else None
    tr = pt.train(
        progress=progress,
        annotation_ids=rep.trained_on,
        activate=False,
        epochs=p.epochs,
        max_steps=cfg.max_steps,
        init_from=current if p.mode == "incremental" else None,
        cfg=tcfg,
        note="adapt: " + "; ".join(p.reasons),
    )
    rep.version, rep.train_seconds = tr.version, tr.seconds
    if before is not None:
        after = _heldout_nll(pt, heldout, rep.version)
        rep.heldout_before, rep.heldout_after = before, after
        better = after < before
        rep.verdict = (
            f"held-out loss {before:.3f} -> {after:.3f} on {len(heldout)} annotations: "
            + ("activated" if better else "kept aside, not better than the one in use")
        )
    else:
        better = True
        rep.verdict = "activated (no held-out annotations to verify it on yet)"
    if better:
        pt.adapters.activate(rep.version, pt.lm.fingerprint)
    pt.adapters.set_note(rep.version, rep.verdict)
    rep.activated = better
    prof = pt.profile
    with pt.store.transaction() as c:
        Store.set_meta(
            c,
            LAST_ROUND,
            {
                "ts": time.time(),
                "used": sorted(used | set(rep.trained_on)),
                "interests": dict(prof.interests),
                "centroid": encode_vector(prof.centroid),
                "feedback": prof.feedback_score,
                "rounds": sig.rounds + 1,
                "version": rep.version,
                "activated": better,
            },
        )
        Store.log(c, "adapt.round", None, version=rep.version, verdict=rep.verdict)
    prof.drift = 0.0
    rep.seconds = time.perf_counter() - t0
    return rep


def _heldout_nll(pt: Any, ids: list[int], version: int | None) -> float:
    """Mean NLL of the user's held-out preferred responses under base + ``version``."""
    from ..eval.score import reference_nll
    from ..turn import Turn

    marks = ",".join("?" * len(ids))
    rows = pt.store.conn.execute(
        f"SELECT question, context, response FROM annotations WHERE id IN ({marks})", ids
    ).fetchall()
    turns = [Turn(r[0], context=r[1], reference=r[2]) for r in rows]
    model = pt.use_adapter(version)
    nll = reference_nll(model, pt.lm.tokenizer, turns, pt.config.train.max_example_tokens)
    return sum(nll) / len(nll)


def profile_with_drift(pt: Any) -> Any:
    """The profile, its drift measured from the centroid of the last adaptation round."""
    prof = pt.profile
    prof.drift = prof.drift_from((pt.store.get_meta(LAST_ROUND) or {}).get("centroid"))
    return prof
