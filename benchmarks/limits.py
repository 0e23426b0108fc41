"""What stops issue #40's unmet figures: each stage's FLOPs against this CPU's measured limit.

    flock /tmp/pockettune-cpu.lock python benchmarks/limits.py    # ~8 min on 2 AVX2 cores, alone
    ATEN_CPU_CAPABILITY=avx2 ONEDNN_MAX_CPU_ISA=AVX2 MKL_ENABLE_INSTRUCTIONS=AVX2 \\
        python benchmarks/limits.py                                 # AMX/AVX-512 hosts

The stages run as pockettune runs them with the defaults (fp32 where the CPU has no native
bf16), on the inputs of the figures they decide:
- ``embed dolly``: the selection embedding of long Dolly-like turns (their prompt's last
  ``model.embed_tokens`` tokens), the part of ingest that costs;
- ``eval dolly``: ``score_turns`` on Dolly-like held-out items (reference NLL + a 64-token
  greedy reply, the bench cell's evaluation); ``compare chitchat``: the demo's comparison of
  one model (NLL of 100 held-out replies, 24 of them answered);
- ``embed chitchat``: the selection embedding of the demo speaker's turns;
- ``synth dolly`` / ``synth chitchat``: the synthesis generation (``synth.*``, sampled) for 16
  Dolly-like annotations with K = 1 (the bench cell's) and for 32 chitchat annotations with
  K = 3 (the demo's 96 generations, one batch);
- ``train``: the round's LoRA step (``train.*``) on a chitchat speaker's packed rows.
FLOPs are counted by torch's ``FlopCounterMode`` over one run of a stage (matrix products and
attention, forward and backward), split into passes through the decoder stack (a hook on its
first layer); a second run without the counter is timed. The machine's two limits are
measured before and after the stages: the fp32 GEMM rate of one decoder layer's projections
for 1 to 4,096 rows (``peak``: the best of them), and ``bandwidth``, the best rate of reading
a 512 MB tensor.
A pass cannot take less than its FLOPs at the peak, nor less than reading the decoder layers'
fp32 weights once at the bandwidth (a roofline; the LM head, embeddings, activations and the
KV cache are left out, so it is a lower bound). A stage's floor is the sum over its passes:
the fastest this exact work runs in fp32 here, whatever the code. Per stage: seconds and
GFLOP per unit, the achieved rate and its share of the peak, the floor and the share of it
that is bandwidth (decoding: one token per pass), and the aim. A floor above its aim means
fp32 cannot meet the aim on this CPU; below it, the gap is time the stage spends above its
roofline. The shape floor charges each pass its FLOPs at the GEMM rate measured for its rows
(decoding multiplies a handful of rows, where the library is far from its peak): the gap
between it and the measured time is what is outside the matrix products (attention,
norms, activations, sampling, Python). The figures section turns the floors
into each of issue #40's figures with the counts those figures have. Writes
benchmarks/results/limits.{md,json}.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cpu_paths import ALPACA, dolly_like  # noqa: E402
from results_io import save_results  # noqa: E402

UNITS = {
    "embed dolly": "embedded turn",
    "embed chitchat": "embedded turn",
    "eval dolly": "item",
    "compare chitchat": "comparison (100 NLL + 24 replies)",
    "synth dolly": "generation",
    "synth chitchat": "generation",
    "train": "step",
}
FIGURES = [  # issue #40's unmet figures: (figure, aim s, measured s and where, {stage: count})
    ("`make demo` after the install", 240, "277 (README speed, 2026-12-07)",
     {"embed chitchat": 102, "synth chitchat": 96, "train": 14, "compare chitchat": 2}),
    ("one round (64 annotations, K = 3, 2 epochs)", 150, "~280 (fleet-22/ESTIMATE.md)",
     {"synth chitchat": 192, "train": 32}),
    ("Dolly ingest, s per offered turn", 0.15, "0.220 (cpu-paths.md)",
     {"embed dolly": 172 / 400}),
    ("Dolly bench cell: eval, s per item", 1.0, "2.03 (bench-dolly-like)", {"eval dolly": 1}),
    ("Dolly bench cell: synthesis, s per generation", 1.0, "2.11 (bench-dolly-like)",
     {"synth dolly": 1}),
]  # fmt: skip
"""Counts from the measured runs: the demo embedded 102 of 400 turns, annotated 32 (K = 3:
96 generations), trained 14 steps and compared base and adapter; a fleet round synthesizes
for 64 annotations and trains 32 steps; the Dolly ingest embedded 172 of 400 turns."""


LAYER = ((576, 576), (576, 192), (576, 192), (576, 576), (576, 1536), (576, 1536), (1536, 576))
"""SmolLM2-135M's projections in one decoder layer (q, k, v, o, gate, up, down), (in, out)."""
ROWS = tuple(2**i for i in range(13))
"""Rows (tokens in a pass) at which the GEMM rate is measured: 1 ... 4,096."""


def gemm_rates(repeats: int = 3) -> dict[int, float]:
    """fp32 GFLOP/s of one layer's projections, by the rows a pass multiplies: what the
    matrix library reaches at each shape here (decoding multiplies few rows, prefill many)."""
    import torch

    out = {}
    for rows in ROWS:
        mats = [(torch.randn(rows, k), torch.randn(k, n)) for k, n in LAYER]
        flops = sum(2 * rows * k * n for k, n in LAYER)
        reps = max(2, int(2e9 / flops))  # ~2 GFLOP a timing
        for a, b in mats:
            a @ b  # warm-up
        best = 0.0
        for _ in range(repeats):
            t = time.perf_counter()
            for _ in range(reps):
                for a, b in mats:
                    a @ b
            best = max(best, reps * flops / (time.perf_counter() - t) / 1e9)
        out[rows] = best
    return out


def rate_at(rates: dict[int, float], rows: int) -> float:
    """The GEMM rate at ``rows``, interpolated on log2(rows) between measured sizes."""
    import math

    keys = sorted(rates)
    if rows <= keys[0]:
        return rates[keys[0]]
    if rows >= keys[-1]:
        return rates[keys[-1]]
    hi = next(k for k in keys if k >= rows)
    lo = keys[keys.index(hi) - 1]
    w = (math.log2(rows) - math.log2(lo)) / (math.log2(hi) - math.log2(lo))
    return rates[lo] + w * (rates[hi] - rates[lo])


def bandwidth_gbs(repeats: int = 5) -> float:
    """Best rate of reading a 512 MB fp32 tensor (a sum), GB/s: what decoding's weights see."""
    import torch

    x = torch.ones(128 * 2**20)
    x.sum()
    best = 0.0
    for _ in range(repeats):
        t = time.perf_counter()
        x.sum()
        best = max(best, x.numel() * 4 / (time.perf_counter() - t) / 1e9)
    return best


def first_layer(model: Any) -> Any:
    """The decoder stack's first layer: every pass through the model calls it once."""
    for name, mod in model.named_modules():
        if name.endswith("layers.0"):
            return mod
    raise SystemExit("no decoder layer named *.layers.0 in the model")


def measure(name: str, fn: Any, units: int, model: Any) -> dict[str, Any]:
    """Count ``fn``'s FLOPs once, pass by pass, then time it once without the counter."""
    from torch.utils.flop_counter import FlopCounterMode

    marks: list[tuple[int, int]] = []  # (FLOPs so far, rows of the pass starting)

    def mark(_mod: Any, args: Any, kwargs: Any) -> None:
        h = args[0] if args else kwargs["hidden_states"]
        marks.append((fc.get_total_flops(), int(h.shape[0] * h.shape[1])))

    with FlopCounterMode(display=False) as fc:
        hook = first_layer(model).register_forward_pre_hook(mark, with_kwargs=True)
        try:
            fn()
        finally:
            hook.remove()
    flops = fc.get_total_flops()
    bounds = [0, *(f for f, _ in marks[1:]), flops]  # what ran before the first pass is its
    passes = [(b - a) / 1e9 for a, b in zip(bounds, bounds[1:], strict=False)]
    t = time.perf_counter()
    fn()
    s = time.perf_counter() - t
    print(f"{name}: {s:.1f} s for {units} units, {flops / 1e9:.1f} GFLOP in {len(passes)} "
          "passes", flush=True)  # fmt: skip
    return {"stage": name, "units": units, "seconds": s, "gflop": flops / 1e9,
            "pass_gflop": passes, "pass_rows": [r for _, r in marks]}  # fmt: skip


def floors(r: dict[str, Any], peak: float, bw: float, weight_gb: float, rates: dict) -> None:
    """The stage's floors, summed over its passes: ``floor_s`` at the peak GEMM rate or the
    weights' read time, whichever is longer (the roofline); ``shape_floor_s`` with each
    pass's FLOPs at the rate the matrix library reaches for that pass's rows."""
    w = weight_gb / bw
    per = [max(f / peak, w) for f in r["pass_gflop"]]
    r["floor_s"] = sum(per)
    r["floor_bandwidth_s"] = sum(
        x for x, f in zip(per, r["pass_gflop"], strict=True) if f / peak < w
    )
    r["shape_floor_s"] = sum(
        max(f / rate_at(rates, n), w) for f, n in zip(r["pass_gflop"], r["pass_rows"], strict=True)
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=int, default=16, help="Dolly-like items per stage")
    ap.add_argument("--steps", type=int, default=4, help="training steps")
    ap.add_argument("--out", default=str(ROOT / "benchmarks/results/limits"))
    ap.add_argument("overrides", nargs="*", help="config key=value")
    a = ap.parse_args()
    if not ALPACA.exists():
        print(f"skipped: {ALPACA} is absent (the Dolly-like items are built from it)")
        return

    import torch

    from pockettune.config import Config
    from pockettune.eval.machine import machine
    from pockettune.eval.protocol import load_dataset
    from pockettune.eval.score import score_turns
    from pockettune.models import load_model
    from pockettune.models.embedder import make_embedder
    from pockettune.models.generate import generate_many, prompt_ids
    from pockettune.synth.prompt import answer_constraint, synth_prompt
    from pockettune.turn import Turn

    cfg = Config.load(None, a.overrides)
    lm = load_model(cfg.model)
    tok, model = lm.tokenizer, lm.model
    if lm.precision != "fp32":
        print(f"note: model.precision resolves to {lm.precision}; the stages run in it")
    weight_gb = 4 * sum(p.numel() for p in model.get_decoder().layers.parameters()) / 1e9
    dolly = [Turn(r["instruction"], context=r["context"], reference=r["response"])
             for r in dolly_like(a.items, offset=4000)]  # fmt: skip
    data = load_dataset("chitchat:1", 32, 100)  # the demo's 32 annotations, 100 held out
    chat, held = data.stream[:32], data.test
    emb = make_embedder(cfg.model, model, tok)
    s = cfg.synth

    def synth(turns: list[Any], k: int) -> None:
        prompts = [synth_prompt(tok, t.question, t.reference) for t in turns]
        generate_many(model, tok, prompts, max_new_tokens=s.max_new_tokens,
                      batch_size=s.batch_size, do_sample=True, temperature=s.temperature,
                      top_p=s.top_p, num_return_sequences=k, seed=0,
                      then=answer_constraint(tok), precision=lm.precision)  # fmt: skip

    def ids(turns: list[Any]) -> list[list[int]]:
        return [prompt_ids(tok, t.question, t.context, cfg.model.max_tokens) for t in turns]

    rates = gemm_rates()
    before = {"peak_gflops": max(rates.values()), "bandwidth_gbs": bandwidth_gbs()}
    print(f"limits before: {before}", flush=True)
    rows = []
    with torch.inference_mode():
        d_ids, c_ids = ids(dolly), ids(chat)
        stages = [
            ("embed dolly", lambda: emb.embed_ids(d_ids), len(dolly)),
            ("embed chitchat", lambda: emb.embed_ids(c_ids), len(chat)),
            ("eval dolly", lambda: score_turns(model, tok, dolly), len(dolly)),
            ("compare chitchat", lambda: score_turns(model, tok, held, rouge_items=24), 1),
            ("synth dolly", lambda: synth(dolly, 1), len(dolly)),  # the cell: K = 1
            ("synth chitchat", lambda: synth(chat, s.k), len(chat) * s.k),
        ]  # fmt: skip
        for name, fn, units in stages:
            rows.append(measure(name, fn, units, model))
    rows.append(train_stage(lm, cfg, a.steps))
    rates_after = gemm_rates()
    after = {"peak_gflops": max(rates_after.values()), "bandwidth_gbs": bandwidth_gbs()}
    rates = {k: max(v, rates_after[k]) for k, v in rates.items()}
    print(f"limits after: {after}", flush=True)
    peak = max(before["peak_gflops"], after["peak_gflops"])
    bw = max(before["bandwidth_gbs"], after["bandwidth_gbs"])
    for r in rows:
        floors(r, peak, bw, weight_gb, rates)
        n = r["units"]
        r.update(unit=UNITS[r["stage"]], per_unit_s=r["seconds"] / n,
                 gflop_per_unit=r["gflop"] / n, gflops=r["gflop"] / r["seconds"],
                 share_of_peak=r["gflop"] / r["seconds"] / peak,
                 floor_per_unit_s=r["floor_s"] / n,
                 shape_floor_per_unit_s=r["shape_floor_s"] / n)  # fmt: skip
    by = {r["stage"]: r for r in rows}
    figs = [{"figure": f, "aim_s": aim, "measured": m,
             "floor_s": sum(by[k]["floor_per_unit_s"] * c for k, c in counts.items()),
             "this_run_s": sum(by[k]["per_unit_s"] * c for k, c in counts.items()),
             "shape_floor_s": sum(by[k]["shape_floor_per_unit_s"] * c for k, c in counts.items()),
             "counts": counts} for f, aim, m, counts in FIGURES]  # fmt: skip
    info = {"rows": rows, "figures": figs, "peak_gflops": peak, "bandwidth_gbs": bw,
            "gemm_rates": rates,
            "before": before, "after": after, "weight_gb": weight_gb,
            "items": a.items, "steps": a.steps, "precision": lm.precision,
            "threads": torch.get_num_threads(), "machine": machine(), "seed": 0,
            "load_avg": os.getloadavg(),
            "command": "python benchmarks/limits.py " + " ".join(sys.argv[1:])}  # fmt: skip
    save_results(Path(a.out), info, report(info))


def train_stage(lm: Any, cfg: Any, n: int) -> dict[str, Any]:
    """``n`` LoRA steps of the default round, counted then timed (fresh optimizer each)."""
    import torch
    from lora_setup import lora_model, speaker_steps

    from pockettune.train.step import train_arithmetic, train_step

    steps = speaker_steps(lm, cfg, 64)[:n]
    model = lora_model(lm, cfg)
    params = [p for p in model.parameters() if p.requires_grad]
    pad = lm.tokenizer.pad_token_id

    def run() -> None:
        opt = torch.optim.AdamW(params, lr=cfg.train.lr)
        sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda _: 1.0)
        with train_arithmetic(model, lm.precision):
            for rows in steps:
                train_step(model, rows, pad, cfg.train, params, opt, sched)

    return measure("train", run, len(steps), model)


def report(info: dict[str, Any]) -> list[str]:
    rates = ", ".join(
        f"{k}: {v:.0f}" for k, v in sorted(info["gemm_rates"].items(), key=lambda kv: int(kv[0]))
    )
    lines = [
        "# What stops the unmet speed figures (issue #40): each stage against this CPU's limits",
        "",
        f"Limits measured in the run: fp32 GEMM of one decoder layer's projections "
        f"**{info['peak_gflops']:.1f} GFLOP/s** at best, reading memory "
        f"**{info['bandwidth_gbs']:.1f} GB/s** (before the stages "
        f"{info['before']['peak_gflops']:.1f} / {info['before']['bandwidth_gbs']:.1f}, after "
        f"{info['after']['peak_gflops']:.1f} / {info['after']['bandwidth_gbs']:.1f}); the decoder "
        f"layers' fp32 weights are {info['weight_gb']:.3f} GB, read once a pass. GEMM GFLOP/s by "
        f"rows multiplied (tokens in a pass): {rates}. {info['threads']} threads, "
        f"{info['precision']}; load average at the end {info['load_avg'][0]:.2f}.",
        "",
        "Floor: the sum over the stage's passes of max(FLOPs / peak, weights / bandwidth), the "
        "least time this work takes in fp32 here (bandwidth part: the passes where reading the "
        "weights sets it). Shape floor: each pass's FLOPs at the GEMM rate measured for its rows "
        "instead of the peak: what the matrix library itself allows for these shapes.",
        "",
        "| stage | unit | measured s | GFLOP | passes per unit | achieved GFLOP/s | share of "
        "peak | floor s | bandwidth part | shape floor s | measured / shape floor |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in info["rows"]:
        lines.append(
            f"| {r['stage']} | {r['unit']} | {r['per_unit_s']:.3f} | {r['gflop_per_unit']:.1f} | "
            f"{len(r['pass_gflop']) / r['units']:.1f} | {r['gflops']:.1f} | "
            f"{r['share_of_peak']:.0%} | {r['floor_per_unit_s']:.3f} | "
            f"{r['floor_bandwidth_s'] / max(r['floor_s'], 1e-9):.0%} | "
            f"{r['shape_floor_per_unit_s']:.3f} | "
            f"{r['seconds'] / max(r['shape_floor_s'], 1e-9):.1f}x |"
        )
    lines += [
        "",
        "Issue #40's unmet figures, from the stages above (counts of the measured runs: the "
        "demo embedded 102 of 400 turns, synthesized 96, trained 14 steps, compared twice; a "
        "round synthesizes 192 and trains 32 steps; the Dolly ingest embedded 172 of 400; "
        "model loading, redaction, storage and Python outside these stages are not counted):",
        "",
        "| figure | aim s | measured s | these stages, this run s | floor s | shape floor s "
        "| floor vs aim |",
        "|---|---|---|---|---|---|---|",
    ]
    for f in info["figures"]:
        verdict = "above: fp32 cannot meet it here" if f["floor_s"] > f["aim_s"] else "below"
        lines.append(
            f"| {f['figure']} | {f['aim_s']:g} | {f['measured']} | {f['this_run_s']:.3g} | "
            f"{f['floor_s']:.3g} | {f['shape_floor_s']:.3g} | {verdict} |"
        )
    m = info["machine"]
    flags = ", ".join(m.get("cpu_flags", {}).get("has", [])) or "?"
    lines += ["", f"Machine: {m.get('cpu', '?')}; flags {flags}; torch "
              f"{m.get('torch_capability', '?')}. Seed 0.", f"Command: `{info['command']}`"]  # fmt: skip
    return lines


if __name__ == "__main__":
    main()
