"""One adaptation round: gather signals, decide, synthesize, train with replay, verify, swap.

    report = adapt(pt)              # what `pockettune adapt` runs, in the foreground or not
    pt.status()["adapt"]            # the last decision and its reasons

The round runs the whole method, as ``pockettune synth`` + ``train`` do by hand: look-alike
pairs for every annotation that has none yet (synth.*, base model), then LoRA on the new
annotations and replayed earlier ones, each with its stored pairs (train/data.py adds the
pairs of the annotations a round trains on). Held-out annotations and their pairs are never
trained on. The new adapter is saved inactive, scored item by item on the held-out
annotations against the model in use, and activated by the swap rule (adapt/verify.py); the
active pointer is one committed row, so a chat in another process switches atomically.

The decision is logged (``events`` kind ``adapt``) and kept in ``meta`` so ``status`` can
say why pockettune will or won't train; what the round did (adapt/record.py) is kept with
its adapter.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field
from typing import Any

from ..profile.profile import encode_vector
from ..store import Store
from .policy import Plan, Signals, _sized, decide
from .record import RoundRecord, clear_stage
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
    record: RoundRecord = field(default_factory=RoundRecord)
    """What the round did, stage by stage (also stored with the adapter)."""
    swap: Any = None
    """The swap decision (adapt/verify.Verdict), when the adapter was verified."""

    def summary(self) -> str:
        out = self.plan.explain()
        if self.version is not None:
            out += f"\nadapter v{self.version} ({self.seconds:.0f} s in all):\n  "
            out += "\n  ".join(self.record.lines())
        elif self.verdict:
            out += f"\n{self.verdict}"
        return out


def annotation_split(store: Store, heldout: float) -> tuple[list[int], list[int]]:
    """(trainable, held-out) annotation ids; weight 0 (a poor rating) takes one out of both."""
    ids = [
        r[0] for r in store.conn.execute("SELECT id FROM annotations WHERE weight > 0 ORDER BY id")
    ]
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
    """Run the policy; when it says so (or ``force``), run one round and verify it."""
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
    if p.train:
        try:
            _round(pt, rep, sig, progress)
        finally:
            clear_stage(pt.store)
    rep.seconds = time.perf_counter() - t0
    return rep


def _round(pt: Any, rep: AdaptReport, sig: Signals, progress: bool) -> None:
    """Synthesize, train, verify, swap or set aside, remember (the stages are timed)."""
    cfg, p, rec = pt.config.adapt, rep.plan, rep.record
    trainable, heldout, _, used = _history(pt)
    new = [i for i in trainable if i not in used]
    old = [i for i in trainable if i in used]
    rep.trained_on = round_data(new, old, p.replay, pt.config.train.seed + sig.rounds)
    rec.annotations, rec.new = len(rep.trained_on), len(new)
    rec.replayed = len(rep.trained_on) - len(new)
    rec.current = current = pt.adapters.active()

    with rec.stage("synth", pt.store):
        sr = pt.synthesize(progress)  # every annotation with no pairs yet, as `synth` does
    rec.synth_annotations, rec.synth_generated, rec.synth_kept = (
        sr.annotations, sr.generated, sr.kept,
    )  # fmt: skip

    tcfg = dataclasses.replace(pt.config.train, lr=pt.config.train.lr * p.lr_scale)
    with rec.stage("train", pt.store):
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
    rec.steps, rec.synth_pairs = tr.steps, tr.examples.get("synth", 0)
    if tr.interrupted or tr.version is None:
        rep.verdict = f"interrupted at step {tr.steps}; nothing activated"
        return

    with rec.stage("verify", pt.store):
        _verify(pt, rep, heldout, current, superset=set(rep.trained_on) >= set(trainable))
    if rep.activated:
        pt.adapters.activate(rep.version, pt.lm.fingerprint)
    pt.adapters.set_note(rep.version, rep.verdict, rec.to_dict())
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
                "activated": rep.activated,
                "record": rec.to_dict(),
            },
        )
        Store.log(c, "adapt.round", None, version=rep.version, verdict=rep.verdict)
    prof.drift = 0.0


def _verify(
    pt: Any, rep: AdaptReport, heldout: list[int], current: int | None, superset: bool = False
) -> None:
    """Score the model in use and the new adapter on the same held-out items; the swap rule
    (adapt/verify.py) decides."""
    from .heldout import unit_losses_of, verifiable
    from .verify import decide_swap

    cfg, rec = pt.config.adapt, rep.record
    if not cfg.verify:
        rep.activated, rep.verdict = True, "activated unverified (adapt.verify=false)"
        rec.rule = "unverified"
    else:
        ids = verifiable(pt.store, heldout, current)
        before = unit_losses_of(pt, ids, current, cfg.verify_synth)
        after = unit_losses_of(pt, ids, rep.version, cfg.verify_synth)
        v = decide_swap(before, after, cfg.verify_min_items, cfg.verify_level, superset=superset)
        rep.swap, rep.activated, rep.verdict = v, v.activate, v.text()
        rep.heldout_before, rep.heldout_after = v.before, v.after
        rec.rule, rec.heldout = v.rule, v.n
    rec.verdict, rec.activated = rep.verdict, rep.activated


def profile_with_drift(pt: Any) -> Any:
    """The profile, its drift measured from the centroid of the last adaptation round."""
    prof = pt.profile
    prof.drift = prof.drift_from((pt.store.get_meta(LAST_ROUND) or {}).get("centroid"))
    return prof
