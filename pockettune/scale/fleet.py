"""``pockettune fleet``: the whole per-user pipeline for many real users at once, on Ray.

One user is one chitchat-dataset speaker with at least ``fleet.min_replies`` replies. For each
user and each selection policy a task streams the user's first ``fleet.stream`` turns through
the buffer, annotates the kept ones with the user's real replies (the simulated annotator),
synthesizes, trains a LoRA round and scores the adapter on the user's last ``fleet.test``
replies, which were never streamed; a ``base`` task scores the untrained model on the same
items. Every task opens a home of its own in a fresh temp folder and reads only its user's
turns, so no two users' data ever meet; only the scores come back.

Cells are saved as they finish and skipped on a rerun, as in ``bench``; without Ray (or
without ``--ray``) the same cells run one after another in this process.
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
from ..eval.machine import machine, peak_rss_mb, versions
from ..eval.protocol import config_hash
from ..store import atomic_write_text
from .runtime import CELL_ATTEMPTS, Fault, trip, worker_model


@dataclass
class FleetConfig:
    users: int = 25
    """How many speakers, most active first (chitchat-dataset has 25 with 1,000+ replies)."""
    min_replies: int = 1000
    """A user needs at least this many replies to take part."""
    stream: int = 1000
    """Turns streamed per user (the user's oldest), through a buffer of ``select.capacity``."""
    test: int = 100
    """Held-out items per user: the user's last replies, never streamed."""
    policies: list[str] = field(default_factory=lambda: ["sdss", "random"])
    """Selection policies trained per user; each is compared with ``base`` and with the next."""
    seed: int = 0
    """Seeds selection, synthesis sampling and LoRA (``select.seed``, ``train.seed``)."""
    max_new_tokens: int = 64
    """Greedy tokens per held-out item."""

    def __post_init__(self) -> None:
        if self.users < 1 or self.stream < 1 or self.test < 1:
            raise PockettuneError("fleet.users, fleet.stream and fleet.test must be >= 1")
        if not self.policies:
            raise PockettuneError("fleet.policies: at least one selection policy")


def load_fleet(
    preset: str | None = None, overrides: list[str] | None = None
) -> tuple[Config, FleetConfig]:
    """``fleet.x=...`` overrides go to FleetConfig, everything else to the usual Config."""
    import yaml

    from ..config import from_dict

    mine = [o for o in overrides or [] if o.startswith("fleet.")]
    rest = [o for o in overrides or [] if not o.startswith("fleet.")]
    data: dict[str, Any] = {}
    for item in mine:
        key, sep, raw = item.partition("=")
        if not sep:
            raise PockettuneError(f"override {item!r}: expected key=value")
        data[key.removeprefix("fleet.").strip()] = yaml.safe_load(raw)
    fleet = from_dict(FleetConfig, data, "fleet.")
    cfg = Config.load(preset, rest)
    cfg = replace(
        cfg,
        select=replace(cfg.select, seed=fleet.seed),
        train=replace(cfg.train, seed=fleet.seed),
    )
    return cfg, fleet


def user_split(speaker: str, fleet: FleetConfig) -> tuple[list[Any], list[Any]]:
    """(stream, held-out) of one user's turns, and nobody else's."""
    from ..ingest import read_chitchat

    turns = [t for _, t in read_chitchat(speaker) if t.reference.strip()]
    if len(turns) < fleet.test + 10:
        raise PockettuneError(f"speaker {speaker[:8]}: {len(turns)} replies, too few")
    return turns[: min(fleet.stream, len(turns) - fleet.test)], turns[-fleet.test :]


def run_user_cell(
    cfg: Config, fleet: FleetConfig, speaker: str, variant: str, faults: tuple[Fault, ...] = ()
) -> dict[str, Any]:
    """One user x one variant (``base`` or a selection policy), in a home of its own."""
    from ..annotate import simulated_annotator
    from ..eval.score import score_turns
    from ..personalizer import Personalizer

    trip(faults, f"{speaker[:8]}/{variant}")
    t0 = time.perf_counter()
    stream, held_out = user_split(speaker, fleet)
    lm = worker_model(cfg.model, max(1, cfg.model.threads))
    row: dict[str, Any] = {"user": speaker[:8], "variant": variant, "stream": len(stream)}
    model = lm.model
    with tempfile.TemporaryDirectory(prefix=f"pt-home-{speaker[:8]}-{variant}-") as home:
        pt = (
            Personalizer.open(home, config=replace(cfg, select=replace(cfg.select, policy=variant)))
            if variant != "base"
            else None
        )
        try:
            if pt is not None:
                pt.lm = lm  # the worker's loaded base model; each cell unloads its adapter
                t = time.perf_counter()
                pt.observe_many(stream)
                row["select_s"] = time.perf_counter() - t
                ann = pt.annotate(
                    simulated_annotator, limit=cfg.select.capacity, show_replies=False
                )
                syn = pt.synthesize(progress=False)
                rep = pt.train(progress=False)
                row.update(
                    annotations=ann["saved"],
                    synthesized=syn.kept,
                    synth_s=syn.seconds,
                    train_steps=rep.steps,
                    train_s=rep.seconds,
                    final_loss=rep.final_loss,
                    # every turn this home ever stored came from this user
                    home_speakers=[
                        r[0][:8]
                        for r in pt.store.conn.execute("SELECT DISTINCT speaker FROM buffer")
                    ],
                )
                model = pt.use_adapter("active")
            t = time.perf_counter()
            scores = score_turns(model, lm.tokenizer, held_out, fleet.max_new_tokens)
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
    )
    return row


class Fleet:
    """The grid users x (base + policies), resumable: one JSON file per finished cell."""

    def __init__(self, cfg: Config, fleet: FleetConfig, out: Path, progress: bool = True) -> None:
        self.cfg, self.fleet, self.out, self.progress = cfg, fleet, Path(out), progress
        (self.out / "cells").mkdir(parents=True, exist_ok=True)

    def users(self) -> list[str]:
        from ..ingest import chitchat_speakers

        found = [s for s, _ in chitchat_speakers(self.fleet.min_replies)]
        return found[: self.fleet.users]

    def cells(self) -> list[tuple[str, str]]:
        return [(u, v) for u in self.users() for v in ["base", *self.fleet.policies]]

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
        )
        return self.out / "cells" / f"{user[:8]}-{variant}-{h}.json"

    def finished(self, user: str, variant: str) -> dict[str, Any] | None:
        p = self.cell_path(user, variant)
        return json.loads(p.read_text()) if p.exists() else None

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
            "config": self.cfg.to_dict(),
            "fleet": asdict(self.fleet),
            **extra,
        }
        atomic_write_text(self.out / "run.json", json.dumps(run, indent=1))

    def run(self, faults: tuple[Fault, ...] = ()) -> tuple[list[dict[str, Any]], list[Any]]:
        """Serially, in this process (no Ray)."""
        from .ray_bench import CellFailure

        failures = []
        for user, variant in self.cells():
            if self.finished(user, variant) is None:
                try:
                    self.save_cell(
                        user, variant, run_user_cell(self.cfg, self.fleet, user, variant, faults)
                    )
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
        reruns its cell, a cell failing ``CELL_ATTEMPTS`` times is reported."""
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
        futures = {
            task.remote(cfg_ref, fleet_ref, u, v, faults): (u, v)
            for u, v in self.cells()
            if self.finished(u, v) is None
        }
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
        return self.rows(), failures
