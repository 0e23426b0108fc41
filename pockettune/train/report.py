"""What a training round reports (steps, losses, speed, memory) and its loss curve (CSV + PNG)."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path


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
    precision: str = "fp32"
    """The arithmetic the steps ran in (models/precision.py)."""
    held_out: int = 0
    """Annotations kept out of training to choose the step (train/holdout.py)."""
    best_step: int | None = None
    """The step whose weights were saved (0: training did not help the held-out answers)."""
    held_out_curve: list = field(default_factory=list)
    """(step, held-out NLL per token) at each evaluation."""

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
        if self.best_step is not None and self.held_out_curve:
            first = self.held_out_curve[0][1]
            best = min(v for _, v in self.held_out_curve)
            loss += (
                f"; kept step {self.best_step} by {self.held_out} held-out answers "
                f"(NLL {first:.3f} -> {best:.3f})"
            )
        return (
            f"{head}: {self.examples.get('annotation', 0)} annotations + {self.examples.get('synth', 0)} synthesized, "
            f"{self.steps} steps, {loss}; {self.seconds:.1f}s ({self.seconds_per_step:.2f} s/step, "
            f"{self.tokens_per_second:.0f} tokens/s), peak RSS {self.peak_rss_mb:.0f} MB; run {self.run_dir}"
        )


def write_curve(run: Path, losses: list[dict[str, float]]) -> None:
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
