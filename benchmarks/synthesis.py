"""Synthesis kept rate and kept pairs per minute of prompt versions (synth/prompt.py: v2, v3;
the fast loop, ``Answer:`` forced after the question's first newline) at sampling
temperatures, and optionally v1 (generate(), free-form); same annotations, same band.

    python benchmarks/synthesis.py [--items 32] [--k 3] [--prompts v2,v3] [--temperatures 0.8] [--v1]
        [--copied-prefix] [--one-line] [--precision fp32]

``--one-line`` runs each prompt also with ``answer_constraint(one_line=True)`` (the answer's
first line ends the generation), beside the run-on path: the same samples up to that line end.

``--copied-prefix`` times each prompt also with its few-shot prefix copied into every row's
KV cache (the path before models/cascade.py held it once): the same samples, other seconds.
Annotations are the first ``--items`` turns (with their real replies) of the most active
chitchat-dataset speaker and of the ALPACA sample, as the bench and a round use them.
Writes benchmarks/results/synthesis.{md,json}.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from results_io import save_results  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", type=int, default=32)
    ap.add_argument("--k", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--temperatures", default="0.8", help="sampling temperatures")
    ap.add_argument("--prompts", default="v2,v3", help="prompt versions (synth/prompt.py)")
    ap.add_argument("--v1", action="store_true", help="also the v1 path: generate(), free-form")
    ap.add_argument(
        "--copied-prefix",
        action="store_true",
        help="also each prompt with the few-shot prefix copied into every row's KV cache "
        "(the path before models/cascade.py), timed beside the default",
    )
    ap.add_argument(
        "--one-line",
        action="store_true",
        help="also each prompt with the answer's first line ending the generation",
    )
    ap.add_argument("--precision", default="fp32", help="generation arithmetic: fp32, bf16 or auto")
    ap.add_argument("--out", default=str(ROOT / "benchmarks/results/synthesis"))
    args = ap.parse_args()

    from pockettune.config import Config
    from pockettune.eval.machine import machine
    from pockettune.eval.protocol import load_dataset
    from pockettune.models import load_model
    from pockettune.models.generate import generate_many
    from pockettune.models.precision import resolve
    from pockettune.synth.prompt import answer_constraint, synth_prompt
    from pockettune.synth.synthesizer import SynthReport, judge

    cfg = Config()
    s = cfg.synth
    lm = load_model(cfg.model)
    sets = {"chitchat-1": "chitchat:1"}
    alpaca = ROOT.parent / "shared/data/alpaca/alpaca_5000.json"
    if alpaca.exists():
        sets["alpaca"] = str(alpaca)
    then = answer_constraint(lm.tokenizer)
    one_line = answer_constraint(lm.tokenizer, one_line=True)
    paths = {}
    if args.v1:
        paths[f"v1: generate(), free-form, T={s.temperature}"] = ("v2", dict(engine="hf"))
    for version in args.prompts.split(","):
        for t in args.temperatures.split(","):
            paths[f"{version} prompt: fast loop, Answer: forced, T={float(t)}"] = (
                version,
                dict(then=then, temperature=float(t)),
            )
            if args.one_line:
                paths[f"{version} prompt: fast loop, Answer: forced, one line, T={float(t)}"] = (
                    version,
                    dict(then=one_line, temperature=float(t)),
                )
            if args.copied_prefix:
                paths[f"{version} prompt, T={float(t)}, prefix copied per row"] = (
                    version,
                    dict(then=then, temperature=float(t), shared_kv=False),
                )
    rows = []
    for name, spec in sets.items():
        items = load_dataset(spec, args.items, 10).stream
        for path, (version, kw) in paths.items():
            prompts = [
                synth_prompt(lm.tokenizer, t.question, t.reference, version=version) for t in items
            ]
            t0 = time.perf_counter()
            texts = generate_many(
                lm.model,
                lm.tokenizer,
                prompts,
                s.max_new_tokens,
                s.batch_size,
                do_sample=True,
                top_p=s.top_p,
                num_return_sequences=args.k,
                seed=args.seed,
                precision=args.precision,
                **{"temperature": s.temperature, **kw},
            )
            rep = SynthReport(annotations=len(items), seconds=time.perf_counter() - t0)
            seen: set[str] = set()
            for i, t in enumerate(items):
                judge(
                    texts[i * args.k : (i + 1) * args.k],
                    (t.question, t.reference),
                    seen,
                    s.rouge_low,
                    s.rouge_high,
                    rep,
                )
            rows.append(
                {
                    "data": name,
                    "path": path,
                    "generated": rep.generated,
                    "kept": rep.kept,
                    "keep_rate": round(rep.keep_rate, 3),
                    "seconds": round(rep.seconds, 1),
                    "kept_per_min": round(60 * rep.kept / rep.seconds, 1),
                    "rejected": dict(rep.rejected),
                }
            )
            print(rows[-1], flush=True)
    info = {
        "rows": rows,
        "k": args.k,
        "items": args.items,
        "band": [s.rouge_low, s.rouge_high],
        "temperature": s.temperature,
        "top_p": s.top_p,
        "precision": resolve(args.precision),
        "machine": machine(),
        "command": "python benchmarks/synthesis.py " + " ".join(sys.argv[1:]),
    }
    lines = [
        "# Synthesis: kept rate and kept pairs per minute (SmolLM2-135M-Instruct)",
        f"{args.items} annotations per data set, K = {args.k}, ROUGE-1 band "
        f"[{s.rouge_low}, {s.rouge_high}], temperature as in the path (default {s.temperature}), top-p {s.top_p}, "
        f"seed {args.seed}; generation {resolve(args.precision)}; machine: {info['machine']}",
        "",
        "| data | path | generated | kept | kept rate | seconds | kept pairs/min | rejected |",
        "|---|---|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {r['data']} | {r['path']} | {r['generated']} | {r['kept']} | "
        f"{r['keep_rate']:.0%} | {r['seconds']} | {r['kept_per_min']} | {r['rejected']} |"
        for r in rows
    ]
    lines += ["", f"command: {info['command'].strip()}"]
    save_results(args.out, info, lines)


if __name__ == "__main__":
    main()
