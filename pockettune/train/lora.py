"""One LoRA training round as a recipe with explicit phases. Runs on the CPU by default.

    report = train_round(store, home, lm, cfg.train, adapters, TrainRound(resume=True))

``TrainConfig`` holds the hyperparameters (``epochs`` may be a fraction, ``max_steps`` cuts a
round short); ``TrainRound`` says what this round trains on and what becomes of the result.

- setup: examples from annotations (+ synthesized pairs), packed rows, PEFT LoRA on the
  model, AdamW with warm-up and linear decay; with ``resume`` the newest valid checkpoint of
  the last unfinished run is restored and already-done steps are skipped;
- train: a progress bar with loss and time left; a checkpoint every ``checkpoint_every``
  steps and on Ctrl-C (then the round stops cleanly, resumable);
- save: the adapter as a new version (atomic, with manifest), the loss curve as CSV and PNG;
- verify: the saved folder is read back against its manifest and the base model;
- cleanup: the LoRA layers are removed from the shared model, so the base model (and the
  embeddings selection takes from it) is unchanged.

One optimizer step and the arithmetic it runs in are train/step.py (the benchmarks time the
same step); the LoRA layers put on the model and the weights they start from, train/lora_layers.py.
"""

from __future__ import annotations

import dataclasses
import json
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..config import TrainConfig
from ..errors import PockettuneError
from ..eval.machine import peak_rss_mb, versions
from ..eval.memory import release_free_memory
from ..faults import point as fault
from ..home import Home
from ..models.precision import resolve
from ..store import Store
from .adapters import AdapterStore, verify_folder
from .checkpoint import latest_checkpoint, load_checkpoint, run_dir, save_checkpoint
from .data import batch_schedule, data_hash, load_examples
from .holdout import BestKeeper, eval_steps, held_out_nll, split
from .lora_layers import adapted_layers, load_weights, with_lora
from .report import TrainReport, write_curve
from .step import BF16_MULTIPLE, BF16_PIECE, accumulate, pieces, train_arithmetic, train_step

# Names from step.py and lora_layers.py stay importable from here, as before the split (tests,
# benchmarks); patch them in their home modules, where the round looks them up.
__all__ = [
    "BF16_MULTIPLE",
    "BF16_PIECE",
    "LoRARecipe",
    "TrainRound",
    "accumulate",
    "adapted_layers",
    "pieces",
    "round_options",
    "train_arithmetic",
    "train_round",
    "train_step",
]


@dataclass
class TrainRound:
    """What one round trains on and what becomes of its adapter (hyperparameters: TrainConfig)."""

    annotation_ids: list[int] | None = None
    """Train on these annotations only (None: all of them)."""
    with_synth: bool = True
    """Add the synthesized pairs of those annotations."""
    init_from: int | None = None
    """Continue this adapter version's weights instead of a fresh LoRA."""
    activate: bool = True
    """Make the new adapter the active one."""
    resume: bool = False
    """Continue the last unfinished run from its newest checkpoint."""
    note: str = ""
    """Recorded with the adapter (why it was trained)."""


def round_options(cfg: TrainConfig, **options: Any) -> tuple[TrainConfig, TrainRound]:
    """Split keyword options into a TrainRound and TrainConfig overrides (``epochs=0.5``)."""
    names = {f.name for f in dataclasses.fields(TrainRound)}
    spec = TrainRound(**{k: v for k, v in options.items() if k in names})
    over = {k: v for k, v in options.items() if k not in names}
    return (dataclasses.replace(cfg, **over) if over else cfg), spec


def train_round(
    store: Store,
    home: Home,
    lm: Any,
    cfg: TrainConfig,
    adapters: AdapterStore,
    spec: TrainRound | None = None,
    progress: bool = True,
) -> TrainReport:
    """One round: setup, train, save, verify (see the module docstring)."""
    return LoRARecipe(store, home, lm, adapters, cfg, spec or TrainRound(), progress).run()


class LoRARecipe:
    def __init__(
        self,
        store: Store,
        home: Home,
        lm: Any,
        adapters: AdapterStore,
        cfg: TrainConfig,
        spec: TrainRound,
        progress: bool = True,
    ) -> None:
        self.store, self.home, self.lm, self.adapters = store, home, lm, adapters
        self.cfg, self.spec, self.progress = cfg, spec, progress
        self.model: Any = None
        self.losses: list[dict[str, float]] = []
        self.report = TrainReport()

    def run(self) -> TrainReport:
        try:
            self.setup()
            self.train()
            if not self.report.interrupted:
                self.save()
                self.verify()
            return self.report
        finally:
            self.cleanup()

    # ---- setup ---------------------------------------------------------------------------
    def setup(self) -> None:
        import warnings

        import torch

        # Known, harmless: a deprecation inside transformers, and PEFT looking for a hub config
        # of the base model by name (we keep no local path in the adapter on purpose).
        warnings.filterwarnings("ignore", message=".*is_gradient_checkpointing.*")
        warnings.filterwarnings("ignore", message="Could not find a config file in")
        cfg, spec, lm, rep = self.cfg, self.spec, self.lm, self.report
        release_free_memory()  # what generation freed, before training sets its own peak
        self.all_examples = load_examples(
            self.store, lm.tokenizer, cfg.max_example_tokens, spec.annotation_ids, spec.with_synth
        )
        if not self.all_examples:
            raise PockettuneError(
                "nothing to train on: annotate some buffered turns first (`pockettune annotate`)"
            )
        self.examples, self.val = split(self.all_examples, cfg)
        examples = self.examples
        rep.held_out = len(self.val)
        # max_steps only cuts a round short: a resumed round may run further
        digest = data_hash(examples, dataclasses.replace(cfg, max_steps=None), spec.init_from)
        self.run_dir = run = run_dir(self.home, digest, spec.resume)
        rep.run_dir = str(run)
        for ex in examples:
            rep.examples[ex.origin] = rep.examples.get(ex.origin, 0) + 1
        (run / "run.json").write_text(
            json.dumps(
                {
                    "data_hash": digest,
                    "train": asdict(cfg),
                    "examples": rep.examples,
                    "base_model": lm.name,
                    "base_fingerprint": lm.fingerprint,
                    "versions": versions(),
                },
                indent=1,
            )
        )
        self.schedule = schedule = batch_schedule(examples, cfg)
        if cfg.max_steps is not None:
            self.schedule = schedule = schedule[: cfg.max_steps]
        rep.total_steps = len(schedule)
        torch.manual_seed(cfg.seed)
        self.model = model = with_lora(lm.model, cfg)  # cleanup() unloads it from here on
        if cfg.fast_dropout:
            from .dropout import use_fast_dropout

            use_fast_dropout(model)
        if spec.init_from is not None:
            load_weights(model, self.adapters.path(spec.init_from))
        self.params = [p for p in model.parameters() if p.requires_grad]
        self.opt = torch.optim.AdamW(self.params, lr=cfg.lr, weight_decay=0.0)
        warm = max(1, int(cfg.warmup * len(schedule)))
        self.sched = torch.optim.lr_scheduler.LambdaLR(
            self.opt,
            lambda s: min(
                (s + 1) / warm, max(0.0, (len(schedule) - s) / max(1, len(schedule) - warm))
            ),
        )
        ckpt = latest_checkpoint(run) if spec.resume else None
        if ckpt is not None:
            rep.resumed_at, self.losses = load_checkpoint(ckpt, model, self.opt, self.sched)

    # ---- train ---------------------------------------------------------------------------
    def train(self) -> None:
        from tqdm import tqdm

        cfg, lm, rep, run = self.cfg, self.lm, self.report, self.run_dir
        model, opt, sched, params = self.model, self.opt, self.sched, self.params
        schedule, losses = self.schedule, self.losses
        pad = (
            lm.tokenizer.pad_token_id
            if lm.tokenizer.pad_token_id is not None
            else lm.tokenizer.eos_token_id
        )
        model.train()
        t0 = time.perf_counter()
        step = rep.resumed_at
        lora = {n: p for n, p in model.named_parameters() if p.requires_grad}
        keeper = BestKeeper(run) if self.val else None
        evals = eval_steps(len(schedule), cfg)
        if keeper is not None:
            keeper.load()
            if keeper.step < 0:  # step 0: the LoRA path adds nothing yet (B = 0)
                keeper.offer(0, held_out_nll(model, self.val, cfg, pad), lora)
        bar = tqdm(
            total=len(schedule), initial=step, desc="train", unit="step", disable=not self.progress
        )
        with train_arithmetic(model, cfg.precision):
            try:
                for step in range(rep.resumed_at, len(schedule)):
                    loss, tokens = train_step(model, schedule[step], pad, cfg, params, opt, sched)
                    rep.tokens += tokens
                    losses.append(
                        {
                            "step": step + 1,
                            "loss": loss,
                            "lr": sched.get_last_lr()[0],
                            "seconds": time.perf_counter() - t0,
                        }
                    )
                    with (run / "progress.jsonl").open("a") as f:  # live progress (web app)
                        f.write(json.dumps({**losses[-1], "total": len(schedule)}) + "\n")
                    bar.set_postfix(loss=f"{loss:.3f}")
                    bar.update(1)
                    if keeper is not None and step + 1 in evals:
                        keeper.offer(step + 1, held_out_nll(model, self.val, cfg, pad), lora)
                    fault("train.step")
                    if (step + 1) % cfg.checkpoint_every == 0 and step + 1 < len(schedule):
                        save_checkpoint(run, step + 1, model, opt, sched, losses)
                        fault("train.after_checkpoint")
                step = len(schedule)
            except KeyboardInterrupt:
                save_checkpoint(run, step, model, opt, sched, losses)
                rep.interrupted = True
            finally:
                bar.close()
        if keeper is not None and not rep.interrupted:
            keeper.restore(lora)  # the best held-out point is the adapter
            rep.best_step, rep.held_out_curve = keeper.step, keeper.curve
        release_free_memory()  # activations and gradients are free now
        rep.seconds = time.perf_counter() - t0
        rep.steps = step
        if losses:
            rep.first_loss, rep.final_loss = losses[0]["loss"], losses[-1]["loss"]
        write_curve(run, losses)
        rep.peak_rss_mb = peak_rss_mb()
        rep.precision = resolve(cfg.precision)

    # ---- save ----------------------------------------------------------------------------
    def save(self) -> None:
        model, lm, rep, run, spec = self.model, self.lm, self.report, self.run_dir, self.spec
        model.eval()
        model.peft_config["default"].base_model_name_or_path = lm.name  # no local paths inside

        def write(folder: Path) -> None:
            model.save_pretrained(folder)
            for name in ("loss.csv", "loss.png"):
                if (run / name).exists():
                    (folder / name).write_bytes((run / name).read_bytes())

        info = {
            "base_model": lm.name,
            "base_fingerprint": lm.fingerprint,
            "train": asdict(self.cfg),
            "n_annotations": rep.examples.get("annotation", 0),
            "n_synth": rep.examples.get("synth", 0),
            "steps": rep.steps,
            "kept_step": rep.best_step if rep.best_step is not None else rep.steps,
            "held_out": rep.held_out,
            "annotation_ids": sorted(  # held-out answers chose the step: they count too
                {ex.annotation_id for ex in self.all_examples if ex.annotation_id is not None}
            ),
            "final_loss": rep.final_loss,
            "run": run.name,
            "versions": versions(),
            "init_from": spec.init_from,
            "note": spec.note,
        }
        rep.version = self.adapters.save(write, info, activate=spec.activate)
        (run / "done").write_text(str(rep.version))

    # ---- verify --------------------------------------------------------------------------
    def verify(self) -> None:
        """Read the saved adapter back: every file matches its manifest, made for this model."""
        assert self.report.version is not None
        verify_folder(self.adapters.path(self.report.version), self.lm.fingerprint)

    # ---- cleanup -------------------------------------------------------------------------
    def cleanup(self) -> None:
        if self.model is not None:
            self.model.unload()  # remove LoRA layers: the shared base model is as it was
            self.model = None
