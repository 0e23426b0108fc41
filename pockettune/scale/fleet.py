"""``pockettune fleet``: the whole per-user pipeline for many real users at once, on Ray.

    pockettune fleet --preset fleet-22 --out benchmarks/results/fleet-22     # issue #42

One user is one chitchat-dataset speaker with at least ``fleet.min_replies`` replies; the
speakers ranked 10, 11 and 12 by replies are reserved for an outside check and are never
selected, whatever the config says (:data:`RESERVED_RANKS`). For each user and variant a task
opens a home of its own in a fresh temp folder and reads only its user's turns, so no two
users' data ever meet; only the scores come back. Variants:

- ``base``: the untrained model;
- ``default`` (or a selection policy's name): the user's first ``fleet.stream`` turns streamed
  through the buffer with ``fleet.handoffs`` hand-offs (annotate the kept turns with the
  user's real replies - the simulated annotator -, empty the buffer), synthesis, one LoRA
  round; ``default`` uses ``select.policy`` as configured;
- ``own-replies``: the same turns ingested with ``--own-replies`` (every streamed turn's own
  reply is an annotation, nothing asked, nothing synthesized) and trained for exactly as many
  steps as the user's ``default`` cell took (its schedule cut there, drawn from all of them).

Each cell is scored on the user's last ``fleet.test`` replies, never streamed. Cells are saved
atomically as they finish and skipped on a rerun, as in ``bench``; without Ray (or without
``--ray``) the same cells run one after another in this process.
"""

from __future__ import annotations

import json
import tempfile
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from ..config import Config
from ..errors import PockettuneError
from ..eval.machine import cpu_name, machine, peak_rss_mb, versions
from ..eval.protocol import config_hash
from ..store import atomic_write_text
from .fleet_users import (  # noqa: F401 (re-exported: the fleet's public names)
    RESERVED_RANKS,
    check_not_reserved,
    eligible_users,
    handoff_points,
    reserved_speakers,
    user_split,
)
from .runtime import CELL_ATTEMPTS, Fault, trip, worker_model

OWN = "own-replies"
"""The variant trained on every streamed turn's own reply (ingest/own_replies.py)."""


@dataclass
class FleetConfig:
    users: int = 22
    """How many speakers, most active first, the reserved ranks left out (chitchat-dataset has
    25 with 1,000+ replies, so 22 can take part)."""
    min_replies: int = 1000
    """A user needs at least this many replies to take part."""
    stream: int = 800
    """Turns streamed per user (the user's oldest), through a buffer of ``select.capacity``."""
    handoffs: int = 2
    """Times the buffer is handed off to annotation and emptied, evenly over the stream (the
    last at its end): ``handoffs x select.capacity`` answers per user."""
    test: int = 100
    """Held-out items per user: the user's last replies, never streamed."""
    variants: list[str] = field(default_factory=lambda: ["base", "default", OWN])
    """``base``, ``default`` (``select.policy`` as configured), ``own-replies`` (needs
    ``default``: it trains as many steps) or a selection policy's name."""
    seed: int = 0
    """Seeds selection, synthesis sampling and LoRA (``select.seed``, ``train.seed``)."""
    max_new_tokens: int = 64
    """Greedy tokens per held-out item."""

    def __post_init__(self) -> None:
        if self.users < 1 or self.stream < 1 or self.test < 1 or self.handoffs < 1:
            raise PockettuneError(
                "fleet.users, fleet.stream, fleet.test and fleet.handoffs must be >= 1"
            )
        if not self.variants or len(set(self.variants)) != len(self.variants):
            raise PockettuneError("fleet.variants: at least one, each once")
        if OWN in self.variants and (
            "default" not in self.variants
            or self.variants.index(OWN) < self.variants.index("default")
        ):
            raise PockettuneError("fleet.variants: own-replies needs default before it")

    @property
    def trained(self) -> list[str]:
        return [v for v in self.variants if v != "base"]


def load_fleet(
    preset: str | None = None, overrides: list[str] | None = None
) -> tuple[Config, FleetConfig]:
    """A preset may hold a ``fleet:`` section beside the ordinary config sections (as a bench
    preset holds ``bench:``); ``fleet.x=...`` overrides go to it, everything else to Config."""
    import yaml

    from ..config import _preset_path, _read_yaml, _set_path, from_dict

    data = _read_yaml(_preset_path(preset)) if preset else {}
    for item in overrides or []:
        key, sep, raw = item.partition("=")
        if not sep:
            raise PockettuneError(f"override {item!r}: expected key=value")
        _set_path(data, key.strip().split("."), yaml.safe_load(raw))
    fleet = from_dict(FleetConfig, data.pop("fleet", {}) or {}, "fleet.")
    cfg = from_dict(Config, data)
    cfg = replace(
        cfg,
        select=replace(cfg.select, seed=fleet.seed),
        train=replace(cfg.train, seed=fleet.seed),
    )
    return cfg, fleet


def run_user_cell(
    cfg: Config,
    fleet: FleetConfig,
    speaker: str,
    variant: str,
    faults: tuple[Fault, ...] = (),
    steps: int | None = None,
) -> dict[str, Any]:
    """One user x one variant in a home of its own; ``steps``: the optimizer steps of this
    user's ``default`` cell, which an ``own-replies`` cell trains for."""
    from ..annotate import simulated_annotator
    from ..eval.score import score_turns
    from ..personalizer import Personalizer

    trip(faults, f"{speaker[:8]}/{variant}")
    t0 = time.perf_counter()
    stream, held_out = user_split(speaker, fleet)
    if variant == OWN and not steps:
        raise PockettuneError(f"{speaker[:8]}/{OWN}: needs the default cell's training steps")
    lm = worker_model(cfg.model, max(1, cfg.model.threads))
    row: dict[str, Any] = {"user": speaker[:8], "variant": variant, "stream": len(stream)}
    model = lm.model
    policy = cfg.select.policy if variant in ("default", OWN) else variant
    with tempfile.TemporaryDirectory(prefix=f"pt-home-{speaker[:8]}-{variant}-") as home:
        pt = (
            Personalizer.open(home, config=replace(cfg, select=replace(cfg.select, policy=policy)))
            if variant != "base"
            else None
        )
        try:
            if pt is not None:
                pt.lm = lm  # the worker's loaded base model; each cell unloads its adapter
                t = time.perf_counter()
                if variant == OWN:
                    rep_in = pt.ingest(
                        "chitchat", speaker=speaker, limit=len(stream), progress=False,
                        own_replies=True,
                    )  # fmt: skip
                    row["select_s"] = time.perf_counter() - t
                    seen = set()
                    row.update(annotations=rep_in.own_replies, synthesized=0, synth_s=0.0)
                    rep = pt.train(progress=False, max_steps=steps, min_steps=steps)
                else:
                    ann_s, saved, start = 0.0, 0, 0
                    seen: set[str] = set()
                    for stop in handoff_points(len(stream), fleet.handoffs):
                        pt.observe_many(stream[start:stop])
                        a = time.perf_counter()
                        saved += pt.annotate(
                            simulated_annotator, limit=cfg.select.capacity, show_replies=False
                        )["saved"]
                        seen |= _speakers(pt)
                        pt.buffer.clear("handoff")
                        ann_s += time.perf_counter() - a
                        start = stop
                    row["select_s"] = time.perf_counter() - t - ann_s
                    syn = pt.synthesize(progress=False)
                    rep = pt.train(progress=False)
                    row.update(annotations=saved, synthesized=syn.kept, synth_s=syn.seconds)
                row.update(
                    policy=policy,
                    train_steps=rep.steps,
                    train_s=rep.seconds,
                    final_loss=rep.final_loss,
                    # every turn this home ever stored came from this user
                    home_speakers=sorted(seen | _speakers(pt)),
                )
                model = pt.use_adapter("active")
            t = time.perf_counter()
            scores = score_turns(
                model, lm.tokenizer, held_out, fleet.max_new_tokens,
                precision=getattr(lm, "precision", "fp32"),
            )  # fmt: skip
            row["eval_s"] = time.perf_counter() - t
        finally:
            if pt is not None:
                pt.close()  # unloads the adapter from the shared base model
    row.update(
        test=len(held_out),
        rouge1=scores.rouge1_mean,
        nll=scores.nll_mean,
        reply_words=scores.reply_tokens_mean,
        per_item_rouge1=scores.rouge1,
        per_item_nll=scores.nll,
        cell_s=time.perf_counter() - t0,
        peak_rss_mb=peak_rss_mb(),
        cpu=cpu_name(),  # a resumed run's cells may come from several machines
    )
    return row


def _speakers(pt: Any) -> set[str]:
    """Speakers (first 8 characters) of every turn in the home's buffer now."""
    return {str(r[0])[:8] for r in pt.store.conn.execute("SELECT DISTINCT speaker FROM buffer")}


class Fleet:
    """The grid users x variants, resumable: one JSON file per finished cell."""

    def __init__(self, cfg: Config, fleet: FleetConfig, out: Path, progress: bool = True) -> None:
        self.cfg, self.fleet, self.out, self.progress = cfg, fleet, Path(out), progress
        (self.out / "cells").mkdir(parents=True, exist_ok=True)

    def users(self) -> list[str]:
        return eligible_users(self.fleet)

    def cells(self) -> list[tuple[str, str]]:
        return [(u, v) for u in self.users() for v in self.fleet.variants]

    def cell_path(self, user: str, variant: str) -> Path:
        f = self.fleet
        h = config_hash(
            self.cfg.model,
            self.cfg.select if variant != "base" else None,
            self.cfg.synth,
            self.cfg.train,
            f.stream,
            f.test,
            f.seed,
            f.max_new_tokens,
            variant,
            # added with hand-offs: one hand-off leaves the earlier cells' hashes as they were
            *((f.handoffs,) if f.handoffs != 1 and variant != "base" else ()),
        )
        return self.out / "cells" / f"{user[:8]}-{variant}-{h}.json"

    def finished(self, user: str, variant: str) -> dict[str, Any] | None:
        p = self.cell_path(user, variant)
        return json.loads(p.read_text()) if p.exists() else None

    def steps_for(self, user: str, variant: str) -> int | None:
        """What a cell needs from another: ``own-replies`` the ``default`` cell's steps
        (None: not finished yet, or not needed)."""
        if variant != OWN:
            return None
        done = self.finished(user, "default")
        return int(done["train_steps"]) if done else None

    def save_cell(self, user: str, variant: str, row: dict[str, Any]) -> None:
        atomic_write_text(self.cell_path(user, variant), json.dumps(row))
        if self.progress:
            print(
                f"[fleet] {user[:8]} {variant}: ROUGE-1 {row['rouge1']:.4f}, NLL {row['nll']:.3f}, "
                f"{row['cell_s']:.0f}s",
                flush=True,
            )

    def stamp(self, extra: dict[str, Any]) -> None:
        run = {
            "versions": versions(),
            "machine": machine(),
            "config": {**self.cfg.to_dict(), "fleet": asdict(self.fleet)},
            "fleet": asdict(self.fleet),
            "reserved_ranks": list(RESERVED_RANKS),
            **extra,
        }
        atomic_write_text(self.out / "run.json", json.dumps(run, indent=1))

    def run(self, faults: tuple[Fault, ...] = ()) -> tuple[list[dict[str, Any]], list[Any]]:
        """Serially, in this process (no Ray), user by user in the order of :meth:`cells`."""
        from .ray_bench import CellFailure

        failures = []
        for user, variant in self.cells():
            if self.finished(user, variant) is None:
                try:
                    steps = self.steps_for(user, variant)
                    row = run_user_cell(self.cfg, self.fleet, user, variant, faults, steps)
                    self.save_cell(user, variant, row)
                except Exception as e:  # noqa: BLE001 - one user's failure must not stop the rest
                    failures.append(
                        CellFailure(f"{user[:8]}/{variant}", f"{type(e).__name__}: {e}")
                    )
        return self.rows(), failures

    def rows(self) -> list[dict[str, Any]]:
        return [r for r in (self.finished(*c) for c in self.cells()) if r is not None]

    def run_ray(
        self, address: str | None = "local", faults: tuple[Fault, ...] = ()
    ) -> tuple[list[dict[str, Any]], list[Any]]:
        """Every pending cell as a Ray task declaring ``model.threads`` CPUs; a killed worker
        reruns its cell, a cell failing ``CELL_ATTEMPTS`` times is reported. An
        ``own-replies`` cell is submitted once its user's ``default`` cell has finished."""
        from .ray_bench import CellFailure
        from .runtime import init_ray

        ray = init_ray(address)
        opts = {
            "num_cpus": max(1, self.cfg.model.threads),
            "max_retries": CELL_ATTEMPTS - 1,
            "retry_exceptions": True,
        }
        task = ray.remote(run_user_cell).options(**opts)
        cfg_ref, fleet_ref = ray.put(self.cfg), ray.put(self.fleet)
        futures: dict[Any, tuple[str, str]] = {}

        def submit(u: str, v: str) -> None:
            futures[task.remote(cfg_ref, fleet_ref, u, v, faults, self.steps_for(u, v))] = (u, v)

        pending = [(u, v) for u, v in self.cells() if self.finished(u, v) is None]
        later = [(u, v) for u, v in pending if v == OWN and self.steps_for(u, v) is None]
        for c in pending:
            if c not in later:
                submit(*c)
        failures, waiting = [], list(futures)
        while waiting:
            done, waiting = ray.wait(waiting, num_returns=1)
            user, variant = futures[done[0]]
            try:
                self.save_cell(user, variant, ray.get(done[0]))
            except ray.exceptions.RayError as e:
                last = str(e).strip().splitlines() or [type(e).__name__]
                failures.append(
                    CellFailure(
                        f"{user[:8]}/{variant}", f"failed {CELL_ATTEMPTS} times: {last[-1]}"
                    )
                )
            if variant == "default" and (user, OWN) in later:
                later.remove((user, OWN))
                if self.steps_for(user, OWN) is None:
                    failures.append(CellFailure(f"{user[:8]}/{OWN}", "its default cell failed"))
                else:
                    submit(user, OWN)
                    waiting.append(list(futures)[-1])
        return self.rows(), failures
