"""One LoRA training round: setup, train, save. Runs on the CPU by default.

    report = train_round(store, home, lm, cfg.train, adapters)

- setup: examples from annotations (+ synthesized pairs), packed rows, PEFT LoRA on the
  model, AdamW with warm-up and linear decay; with ``resume`` the newest valid checkpoint of
  the last unfinished run is restored and already-done steps are skipped;
- train: a progress bar with loss and time left; a checkpoint every ``checkpoint_every``
  steps and on Ctrl-C (then the round stops cleanly, resumable);
- save: the adapter as a new version (atomic, with manifest), the loss curve as CSV and PNG.
The LoRA layers are removed from the shared model afterwards, so the base model (and the
embeddings selection takes from it) is unchanged.
"""

from __future__ import annotations

import csv
import hashlib
import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .. import faults
from ..config import TrainConfig
from ..errors import PockettuneError
from ..eval.machine import peak_rss_mb, versions
from ..home import Home
from ..store import Store
from .adapters import AdapterStore
from .checkpoint import latest_checkpoint, load_checkpoint, save_checkpoint
from .data import collate, load_examples, pack_examples


@dataclass
class TrainReport:
    run_dir: str = ""
    version: int | None = None
    examples: dict[str, int] = field(default_factory=dict)
    steps: int = 0
    total_steps: int = 0
    resumed_at: int = 0
    tokens: int = 0
    seconds: float = 0.0
    final_loss: float | None = None
    first_loss: float | None = None
    interrupted: bool = False
    peak_rss_mb: float = 0.0

    @property
    def seconds_per_step(self) -> float:
        done = self.steps - self.resumed_at
        return self.seconds / done if done else 0.0

    @property
    def tokens_per_second(self) -> float:
        return self.tokens / self.seconds if self.seconds else 0.0

    def summary(self) -> str:
        head = f"adapter v{self.version}" if self.version else "no adapter saved"
        if self.interrupted:
            head = f"interrupted at step {self.steps}/{self.total_steps}; resume with --resume"
        loss = (
            f"loss {self.first_loss:.3f} -> {self.final_loss:.3f}"
            if self.final_loss is not None
            else "no loss"
        )
        return (
            f"{head}: {self.examples.get('annotation', 0)} annotations + {self.examples.get('synth', 0)} synthesized, "
            f"{self.steps} steps, {loss}; {self.seconds:.1f}s ({self.seconds_per_step:.2f} s/step, "
            f"{self.tokens_per_second:.0f} tokens/s), peak RSS {self.peak_rss_mb:.0f} MB; run {self.run_dir}"
        )


def _steps(
    examples: list[Any], cfg: TrainConfig, epochs: float | None = None
) -> list[list[dict[str, list[int]]]]:
    """The whole deterministic schedule of batches, epoch after epoch: ``cfg.epochs`` epochs,
    or ``epochs`` (a fraction allowed: the last epoch is cut short)."""
    want = cfg.epochs if epochs is None else epochs
    out: list[list[dict[str, list[int]]]] = []
    epoch, per_epoch = 0, 0
    while epoch < want:
        rows = pack_examples(examples, cfg.pack_tokens, cfg.seed + epoch)
        batches = [rows[i : i + cfg.rows_per_step] for i in range(0, len(rows), cfg.rows_per_step)]
        per_epoch = per_epoch or len(batches)
        out += batches
        epoch += 1
    return out[: max(1, round(want * per_epoch))]


def _data_hash(examples: list[Any], cfg: TrainConfig, *extra: Any) -> str:
    h = hashlib.sha256(json.dumps([asdict(cfg), *extra], sort_keys=True).encode())
    for ex in examples:
        h.update(json.dumps(ex.input_ids).encode())
    return h.hexdigest()[:16]


def _run_dir(home: Home, digest: str, resume: bool) -> Path:
    if resume:
        for run in sorted(home.runs.glob("*"), reverse=True):
            meta = run / "run.json"
            if meta.exists() and not (run / "done").exists():
                if json.loads(meta.read_text()).get("data_hash") != digest:
                    raise PockettuneError(
                        f"{run}: its training data or config differ from now; start a new round without --resume"
                    )
                return run
        raise PockettuneError("nothing to resume: no unfinished training run")
    run = home.runs / time.strftime("%Y%m%d-%H%M%S")
    n = 1
    while run.exists():
        run = home.runs / f"{time.strftime('%Y%m%d-%H%M%S')}-{n}"
        n += 1
    run.mkdir(parents=True)
    return run


def train_round(
    store: Store,
    home: Home,
    lm: Any,
    cfg: TrainConfig,
    adapters: AdapterStore,
    resume: bool = False,
    progress: bool = True,
    annotation_ids: list[int] | None = None,
    with_synth: bool = True,
    activate: bool = True,
    max_steps: int | None = None,
    epochs: float | None = None,
    init_from: int | None = None,
    note: str = "",
) -> TrainReport:
    """One round. ``epochs`` overrides ``cfg.epochs`` (fractions allowed);
    ``init_from`` continues that adapter version's weights instead of a fresh LoRA."""
    import warnings

    import torch
    from peft import LoraConfig, get_peft_model
    from tqdm import tqdm

    # Known, harmless: a deprecation inside transformers, and PEFT looking for a hub config of
    # the base model by name (we keep no local path in the adapter on purpose).
    warnings.filterwarnings("ignore", message=".*is_gradient_checkpointing.*")
    warnings.filterwarnings("ignore", message="Could not find a config file in")

    # ---- setup -------------------------------------------------------------------------
    examples = load_examples(
        store, lm.tokenizer, cfg.max_example_tokens, annotation_ids, with_synth
    )
    if not examples:
        raise PockettuneError(
            "nothing to train on: annotate some buffered turns first (`pockettune annotate`)"
        )
    digest = _data_hash(examples, cfg, epochs, init_from)
    run = _run_dir(home, digest, resume)
    rep = TrainReport(run_dir=str(run))
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
    schedule = _steps(examples, cfg, epochs)
    if max_steps is not None:
        schedule = schedule[:max_steps]
    rep.total_steps = len(schedule)
    torch.manual_seed(cfg.seed)
    lora = LoraConfig(
        r=cfg.rank,
        lora_alpha=cfg.alpha,
        lora_dropout=cfg.dropout,
        target_modules=list(cfg.targets),
        task_type="CAUSAL_LM",
    )
    model = get_peft_model(lm.model, lora)
    try:
        if init_from is not None:
            _load_weights(model, adapters.path(init_from))
        params = [p for p in model.parameters() if p.requires_grad]
        opt = torch.optim.AdamW(params, lr=cfg.lr, weight_decay=0.0)
        warm = max(1, int(cfg.warmup * len(schedule)))
        sched = torch.optim.lr_scheduler.LambdaLR(
            opt,
            lambda s: min(
                (s + 1) / warm, max(0.0, (len(schedule) - s) / max(1, len(schedule) - warm))
            ),
        )
        losses: list[dict[str, float]] = []
        ckpt = latest_checkpoint(run) if resume else None
        if ckpt is not None:
            rep.resumed_at, losses = load_checkpoint(ckpt, model, opt, sched)
        # ---- train -------------------------------------------------------------------
        pad = (
            lm.tokenizer.pad_token_id
            if lm.tokenizer.pad_token_id is not None
            else lm.tokenizer.eos_token_id
        )
        model.train()
        t0 = time.perf_counter()
        step = rep.resumed_at
        bar = tqdm(
            total=len(schedule), initial=step, desc="train", unit="step", disable=not progress
        )
        try:
            for step in range(rep.resumed_at, len(schedule)):
                batch = collate(schedule[step], pad)
                loss_t = response_loss(model, batch)
                loss_t.backward()
                torch.nn.utils.clip_grad_norm_(params, 1.0)
                opt.step()
                sched.step()
                opt.zero_grad(set_to_none=True)
                rep.tokens += int((batch["labels"] != -100).sum())
                loss = loss_t.item()
                losses.append(
                    {
                        "step": step + 1,
                        "loss": loss,
                        "lr": sched.get_last_lr()[0],
                        "seconds": time.perf_counter() - t0,
                    }
                )
                bar.set_postfix(loss=f"{loss:.3f}")
                bar.update(1)
                faults.point("train.step")
                if (step + 1) % cfg.checkpoint_every == 0 and step + 1 < len(schedule):
                    save_checkpoint(run, step + 1, model, opt, sched, losses)
                    faults.point("train.after_checkpoint")
            step = len(schedule)
        except KeyboardInterrupt:
            save_checkpoint(run, step, model, opt, sched, losses)
            rep.interrupted = True
        finally:
            bar.close()
        rep.seconds = time.perf_counter() - t0
        rep.steps = step
        if losses:
            rep.first_loss, rep.final_loss = losses[0]["loss"], losses[-1]["loss"]
        _write_curve(run, losses)
        rep.peak_rss_mb = peak_rss_mb()
        if rep.interrupted:
            return rep
        # ---- save --------------------------------------------------------------------
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
            "train": asdict(cfg),
            "n_annotations": rep.examples.get("annotation", 0),
            "n_synth": rep.examples.get("synth", 0),
            "steps": rep.steps,
            "annotation_ids": sorted(
                {ex.annotation_id for ex in examples if ex.annotation_id is not None}
            ),
            "final_loss": rep.final_loss,
            "run": run.name,
            "versions": versions(),
            "init_from": init_from,
            "note": note,
        }
        rep.version = adapters.save(write, info, activate=activate)
        (run / "done").write_text(str(rep.version))
        return rep
    finally:
        model.unload()  # remove LoRA layers: the shared base model is as it was


def _load_weights(model: Any, folder: Path) -> None:
    """Start from an earlier adapter's LoRA weights (same rank and targets required)."""
    from peft import set_peft_model_state_dict
    from safetensors.torch import load_file

    try:
        state = load_file(str(folder / "adapter_model.safetensors"))
        result = set_peft_model_state_dict(model, state)
    except (OSError, RuntimeError) as e:
        raise PockettuneError(f"{folder}: cannot continue this adapter ({e})") from None
    missing = [k for k in getattr(result, "unexpected_keys", []) if "lora" in k]
    if missing:
        raise PockettuneError(f"{folder}: its LoRA layout differs from train.* now")


def response_loss(model: Any, batch: dict[str, Any]) -> Any:
    """Next-token cross-entropy on response tokens only, computing logits only there.

    The LM head of a small model is a large share of its compute (49k x 576 for SmolLM2 against
    ~106M weights in the body) and its logits dominate training memory; prompt positions carry
    no loss, so they never go through it. No attention mask is passed, so the backbone sees the
    packed rows' restarting position ids and builds a block-diagonal causal mask.
    """
    import torch.nn.functional as F

    base = model.get_base_model()
    hidden = base.get_decoder()(
        input_ids=batch["input_ids"], position_ids=batch["position_ids"]
    ).last_hidden_state
    target = batch["labels"][:, 1:]
    keep = target != -100
    logits = base.get_output_embeddings()(hidden[:, :-1][keep])
    return F.cross_entropy(logits, target[keep])


def _write_curve(run: Path, losses: list[dict[str, float]]) -> None:
    if not losses:
        return
    with (run / "loss.csv").open("w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(losses[0]))
        w.writeheader()
        w.writerows(losses)
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:  # plots are optional; the CSV is the data
        return
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.plot([r["step"] for r in losses], [r["loss"] for r in losses])
    ax.set_xlabel("step")
    ax.set_ylabel("training loss (response tokens)")
    ax.set_title(run.name)
    fig.tight_layout()
    fig.savefig(run / "loss.png", dpi=100)
    plt.close(fig)
