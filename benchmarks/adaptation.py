"""Continuous adaptation on real users, turn by turn, and the ASLS ablation.

    python benchmarks/adaptation.py                         # 2 speakers x 2 seeds x 6 variants
    python benchmarks/adaptation.py --speakers 1 --seeds 0 --variants full,fixed

A user is one chitchat-dataset speaker; their conversations, oldest first, are their stream
(topics change from conversation to conversation). The stream is cut into ``--windows``
windows of ``--per-window`` turns; every 5th turn is held out (never observed). In each
window the turns go through selection; on ``--feedback`` of them the model replies and a
simulated user reacts (derived from their real reply: ROUGE-1 >= 0.3 accept, < 0.1 an edit
with the real reply half of the time, else a rating 1..5 from ROUGE-1); then the user
annotates ``--budget`` buffered turns with their real replies (the simulated annotator),
and the adaptation layer decides whether and how to train. After each window the model is
scored on the next window's held-out turns (what the user is about to say) and on the first
window's (what they said long ago: forgetting) by ROUGE-1 (greedy replies, as users see
them) and reference NLL (adapter only, no prompt context).

Variants (the ASLS ablation): full; neural_only (no profile at reply time or in selection);
profile_only (no training); fixed (dynamic retuning off: every --min-new annotations with the
base learning rate and epochs, no interest or feedback triggers);
no_feedback (feedback ignored); no_replay (no earlier annotations mixed in).
Embeddings are computed once per speaker and shared by every run; synthesis is off (it
would triple the CPU time). Writes CSV, JSON, Markdown and PNG under benchmarks/results/.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch

from pockettune import Personalizer
from pockettune.annotate import simulated_annotator
from pockettune.eval.machine import machine, peak_rss_mb
from pockettune.eval.rouge import rouge1
from pockettune.eval.score import reference_nll
from pockettune.ingest import chitchat_speakers, read_chitchat
from pockettune.models import load_model
from pockettune.models.embedder import HiddenStateEmbedder
from pockettune.profile import Feedback

OUT = Path(__file__).parent / "results" / "adaptation"
PROFILE_ON = ["profile.summary=true", "profile.examples=2", "profile.interest_weight=0.5"]
PROFILE_OFF = ["profile.summary=false", "profile.examples=0", "profile.interest_weight=0"]
VARIANTS: dict[str, tuple[list[str], bool]] = {  # overrides, trains
    "full": (PROFILE_ON, True),
    "neural_only": (PROFILE_OFF, True),
    "profile_only": (PROFILE_ON, False),
    "fixed": (PROFILE_ON + ["adapt.schedule=fixed"], True),
    "no_feedback": (PROFILE_ON + ["adapt.use_feedback=false"], True),
    "no_replay": (PROFILE_ON + ["adapt.replay=0"], True),
}


class CachedEmbedder:
    """The speaker's embeddings, computed once with the real model and shared by all runs."""

    def __init__(self, table: dict[str, np.ndarray], ntok: dict[str, int], inner: Any) -> None:
        self.table, self.ntok, self.inner = table, ntok, inner

    def embed_many(self, texts: list[str]) -> tuple[np.ndarray, list[int]]:
        missing = [t for t in texts if t not in self.table]
        if missing:
            embs, ns = self.inner.embed_many(missing)
            for t, e, n in zip(missing, embs, ns):
                self.table[t], self.ntok[t] = e, n
        return np.stack([self.table[t] for t in texts]), [self.ntok[t] for t in texts]


def simulated_feedback(
    question: str, context: str, reply: str, reference: str, rng: Any
) -> Feedback:
    r = rouge1(reply, reference)
    if r >= 0.3:
        return Feedback("accept", question, reply, context)
    if r < 0.1 and rng.random() < 0.5:
        return Feedback("edit", question, reply, context, edited=reference)
    return Feedback(
        "rating", question, reply, context, value=float(1 + round(4 * min(1.0, r / 0.3)))
    )


def run(lm: Any, emb: CachedEmbedder, windows: list[dict[str, list]], variant: str, seed: int,
        args: argparse.Namespace) -> list[dict[str, Any]]:  # fmt: skip
    overrides, trains = VARIANTS[variant]
    overrides = overrides + [
        f"select.capacity={args.capacity}", f"select.seed={seed}", f"train.seed={seed}",
        "synth.k=0", "privacy.redact=false", f"train.epochs={args.epochs}",
        f"annotate.per_session={args.budget}", f"adapt.min_new={args.min_new}",
        f"adapt.fixed_every={args.min_new}", "profile.annotate_interest=0.5"
        if "profile.summary=true" in overrides else "profile.annotate_interest=0",
    ]  # fmt: skip
    rng = random.Random(seed)
    rows = []
    with tempfile.TemporaryDirectory() as home:
        pt = Personalizer.open(home, overrides=overrides)
        pt.lm, pt.embedder = lm, emb
        personal = "profile.summary=true" in overrides
        t_train = 0.0
        for w, win in enumerate(windows):
            t = {"observe": time.perf_counter()}
            pt.observe_many(win["stream"])
            t["observe"] = time.perf_counter() - t["observe"]
            t0 = time.perf_counter()
            asked = rng.sample(win["stream"], min(args.feedback, len(win["stream"])))
            replies = pt.reply_many(
                [(x.question, x.context) for x in asked], args.tokens, personal=personal
            )
            fb_kinds = []
            for turn, reply in zip(asked, replies):
                fb = simulated_feedback(turn.question, turn.context, reply, turn.reference, rng)
                pt.feedback(fb, embedding=emb.embed_many([turn.scored_text()])[0][0])
                fb_kinds.append(fb.kind)
            t["feedback"] = time.perf_counter() - t0
            t0 = time.perf_counter()
            pt.annotate(simulated_annotator, args.budget, show_replies=False)
            t["annotate"] = time.perf_counter() - t0
            t0 = time.perf_counter()
            rep = pt.adapt(progress=False) if trains else None
            t["adapt"] = time.perf_counter() - t0
            t_train += rep.train_seconds if rep else 0.0
            t0 = time.perf_counter()
            scores = {}
            for name, target in (("next", min(w + 1, len(windows) - 1)), ("first", 0)):
                held = windows[target]["heldout"]
                outs = pt.reply_many(
                    [(x.question, x.context) for x in held], args.tokens, personal=personal
                )
                scores[f"rouge1_{name}"] = statistics.mean(
                    rouge1(o, x.reference) for o, x in zip(outs, held)
                )
                nll = reference_nll(pt.use_adapter("active"), lm.tokenizer, held)
                scores[f"nll_{name}"] = statistics.mean(nll)
            t["eval"] = time.perf_counter() - t0
            rows.append({
                "variant": variant, "seed": seed, "speaker": win["speaker"], "window": w + 1,
                **{k: round(v, 4) for k, v in scores.items()},
                "annotations": pt.store.conn.execute("SELECT count(*) FROM annotations").fetchone()[0],
                "feedback": ",".join(fb_kinds),
                "trained": bool(rep and rep.version), "activated": bool(rep and rep.activated),
                "rounds": (pt.store.get_meta("adapt.last_round") or {}).get("rounds", 0),
                "decision": rep.plan.explain() if rep else "no training in this variant",
                "verdict": rep.verdict if rep else "",
                "train_s": round(rep.train_seconds if rep else 0.0, 1),
                "train_s_total": round(t_train, 1),
                **{f"{k}_s": round(v, 1) for k, v in t.items()},
                "interests": json.dumps({d: round(v, 2) for d, v in pt.profile.top_interests(3)}),
            })  # fmt: skip
            print(f"{variant:13s} seed {seed} {win['speaker'][:8]} w{w + 1}: "
                  f"R1 next {scores['rouge1_next']:.4f} first {scores['rouge1_first']:.4f} | "
                  f"NLL next {scores['nll_next']:.3f} first {scores['nll_first']:.3f} | "
                  f"{rows[-1]['decision'][:90]}", flush=True)  # fmt: skip
        pt.close()
    return rows


def speaker_windows(speaker: str, n_windows: int, per_window: int) -> list[dict[str, list]]:
    turns = [t for _, t in read_chitchat(speaker)][: n_windows * per_window]
    out = []
    for w in range(n_windows):
        chunk = turns[w * per_window : (w + 1) * per_window]
        out.append({
            "speaker": speaker,
            "stream": [t for i, t in enumerate(chunk) if i % 5 != 4],
            "heldout": [t for i, t in enumerate(chunk) if i % 5 == 4],
        })  # fmt: skip
    return out


def report(rows: list[dict[str, Any]], meta: dict[str, Any]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with (OUT / "results.csv").open("w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    variants = list(dict.fromkeys(r["variant"] for r in rows))
    windows = sorted({r["window"] for r in rows})
    summary = {}
    for v in variants:
        rs = [r for r in rows if r["variant"] == v]
        last = [r for r in rs if r["window"] == windows[-1]]
        summary[v] = {
            "rouge1_next_mean": statistics.mean(r["rouge1_next"] for r in rs),
            "rouge1_first_last": statistics.mean(r["rouge1_first"] for r in last),
            "nll_next_mean": statistics.mean(r["nll_next"] for r in rs),
            "nll_first_last": statistics.mean(r["nll_first"] for r in last),
            "rounds": statistics.mean(r["rounds"] for r in last),
            "activated": sum(r["activated"] for r in rs),
            "annotations": statistics.mean(r["annotations"] for r in last),
            "train_s": statistics.mean(r["train_s_total"] for r in last),
            "by_window": {
                str(k): statistics.mean(r["rouge1_next"] for r in rs if r["window"] == k) for k in windows
            },
        }  # fmt: skip
    (OUT / "summary.json").write_text(json.dumps({"meta": meta, "variants": summary}, indent=1))
    lines = [
        "# Continuous adaptation: the ASLS ablation on chitchat-dataset speakers",
        "",
        f"`python benchmarks/adaptation.py {meta['argv']}`; {meta['machine']['cpu']}, "
        f"{meta['machine']['torch_threads']} threads; {meta['minutes']:.1f} min; peak RSS {meta['peak_rss_mb']:.0f} MB.",
        f"Speakers {', '.join(meta['speakers'])}; seeds {meta['seeds']}; {meta['windows']} windows of "
        f"{meta['per_window']} turns (1 in 5 held out); {meta['budget']} annotations asked per window; "
        f"{meta['feedback']} feedback events per window; replies of {meta['tokens']} tokens.",
        "",
        "Means over speakers x seeds x windows. *next*: the next window's held-out replies; "
        "*first*: the first window's, after the last window (forgetting). NLL: adapter only.",
        "",
        "| variant | ROUGE-1 next | ROUGE-1 first (end) | NLL next | NLL first (end) | rounds | activated | annotations | train s |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for v, s in summary.items():
        lines.append(
            f"| {v} | {s['rouge1_next_mean']:.4f} | {s['rouge1_first_last']:.4f} | {s['nll_next_mean']:.3f} | "
            f"{s['nll_first_last']:.3f} | {s['rounds']:.1f} | {s['activated']} | {s['annotations']:.0f} | {s['train_s']:.0f} |"
        )
    lines += ["", "ROUGE-1 on the next window's held-out turns, by window:", "",
              "| variant | " + " | ".join(f"w{k}" for k in windows) + " |",
              "|---|" + "---|" * len(windows)]  # fmt: skip
    for v, s in summary.items():
        lines.append(
            f"| {v} | " + " | ".join(f"{s['by_window'][str(k)]:.4f}" for k in windows) + " |"
        )
    (OUT / "table.md").write_text("\n".join(lines) + "\n")
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return
    fig, axes = plt.subplots(1, 2, figsize=(11, 4))
    for v in variants:
        for ax, key in zip(axes, ("rouge1_next", "nll_next")):
            ys = [
                statistics.mean(r[key] for r in rows if r["variant"] == v and r["window"] == k)
                for k in windows
            ]
            ax.plot(windows, ys, marker="o", label=v)
    axes[0].set(title="ROUGE-1, next window's held-out", xlabel="window")
    axes[1].set(title="reference NLL, next window's held-out", xlabel="window")
    axes[0].legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(OUT / "rouge_over_time.png", dpi=100)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--speakers", type=int, default=2)
    ap.add_argument("--seeds", default="0,1")
    ap.add_argument("--variants", default=",".join(VARIANTS))
    ap.add_argument("--windows", type=int, default=4)
    ap.add_argument("--per-window", type=int, default=25)
    ap.add_argument("--budget", type=int, default=6)
    ap.add_argument("--feedback", type=int, default=4)
    ap.add_argument("--min-new", type=int, default=4)
    ap.add_argument("--capacity", type=int, default=16)
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--tokens", type=int, default=24)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    t_start = time.perf_counter()
    from pockettune.config import ModelConfig

    lm = load_model(ModelConfig())
    speakers = [s for s, _ in chitchat_speakers(1000)[: args.speakers]]
    rows: list[dict[str, Any]] = []
    for speaker in speakers:
        windows = speaker_windows(speaker, args.windows, args.per_window)
        t0 = time.perf_counter()
        emb = CachedEmbedder({}, {}, HiddenStateEmbedder(lm.model, lm.tokenizer))
        for win in windows:
            emb.embed_many([t.scored_text() for t in win["stream"]])
        print(f"speaker {speaker}: {sum(len(w['stream']) for w in windows)} turns embedded in "
              f"{time.perf_counter() - t0:.0f} s", flush=True)  # fmt: skip
        for seed in (int(s) for s in args.seeds.split(",")):
            for variant in args.variants.split(","):
                rows += run(lm, emb, windows, variant, seed, args)
    meta = {
        "argv": " ".join(f"--{k.replace('_', '-')} {v}" for k, v in vars(args).items()),
        "machine": machine(), "minutes": (time.perf_counter() - t_start) / 60,
        "peak_rss_mb": peak_rss_mb(), "speakers": speakers, "seeds": args.seeds,
        "windows": args.windows, "per_window": args.per_window, "budget": args.budget,
        "feedback": args.feedback, "tokens": args.tokens,
    }  # fmt: skip
    report(rows, meta)
    print((OUT / "table.md").read_text())


if __name__ == "__main__":
    main()
