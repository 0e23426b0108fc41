"""Decoding defaults chosen by measurement: loops, ROUGE-1 and length per decoding setting.

    python benchmarks/decoding.py [--items 48] [--new 64]

Greedy decoding of a 135M model loops ("I'm not sure. I'm not sure. ..."). Each setting
answers the same *dev* items: the last ``--items`` turns of each stream, before the held-out
test tail that the bench scores, so nothing here is tuned on test items. A reply "loops" when
some word 3-gram occurs three times or more in it. Sampled settings use a fixed seed per row.
Writes benchmarks/results/decoding.{md,json}.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from results_io import save_results  # noqa: E402

SETTINGS = {
    "greedy": {},
    "greedy, repetition penalty 1.1": {"repetition_penalty": 1.1},
    "greedy, no repeated 3-gram": {"no_repeat_ngram": 3},
    "greedy, penalty 1.1 + no repeated 3-gram": {"repetition_penalty": 1.1, "no_repeat_ngram": 3},
    "sampled T0.8 top-k 40 top-p 0.95, penalty 1.1 (llama.cpp-like)": {
        "temperature": 0.8,
        "top_k": 40,
        "top_p": 0.95,
        "repetition_penalty": 1.1,
    },
}


def loops(text: str) -> bool:
    w = text.lower().split()
    grams = Counter(tuple(w[i : i + 3]) for i in range(len(w) - 2))
    return bool(grams) and max(grams.values()) >= 3


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", type=int, default=48)
    ap.add_argument("--new", type=int, default=64)
    ap.add_argument("--stream", type=int, default=1000)
    ap.add_argument("--out", default=str(ROOT / "benchmarks/results/decoding"))
    args = ap.parse_args()

    from pockettune.config import ModelConfig
    from pockettune.eval.machine import machine
    from pockettune.eval.protocol import load_dataset
    from pockettune.eval.rouge import rouge1
    from pockettune.models import load_model
    from pockettune.models.decode import Decoding
    from pockettune.models.generate import generate_many, prompt_ids

    lm = load_model(ModelConfig())
    sets = {"chitchat-1": "chitchat:1", "chitchat-2": "chitchat:2"}
    alpaca = ROOT.parent / "shared/data/alpaca/alpaca_5000.json"
    if alpaca.exists():
        sets["alpaca"] = str(alpaca)
    rows = []
    for name, spec in sets.items():
        dev = load_dataset(spec, args.stream, 400).stream[-args.items :]
        prompts = [prompt_ids(lm.tokenizer, t.question, t.context) for t in dev]
        for setting, kw in SETTINGS.items():
            replies = generate_many(
                lm.model, lm.tokenizer, prompts, args.new, 32, decoding=Decoding(**kw), seed=1
            )
            refs = [t.reference for t in dev]
            rows.append(
                {
                    "data": name,
                    "decoding": setting,
                    "rouge1": round(sum(map(rouge1, replies, refs)) / len(dev), 4),
                    "loops": round(sum(map(loops, replies)) / len(dev), 3),
                    "reply_words": round(sum(len(r.split()) for r in replies) / len(dev), 1),
                    "reference_words": round(sum(len(r.split()) for r in refs) / len(dev), 1),
                }
            )
            print(rows[-1], flush=True)
    info = {
        "rows": rows,
        "items": args.items,
        "max_new_tokens": args.new,
        "machine": machine(),
        "command": ("python benchmarks/decoding.py " + " ".join(sys.argv[1:])).strip(),
    }
    lines = [
        "# Decoding settings on dev items (SmolLM2-135M-Instruct, base model)",
        f"{args.items} dev items per data set (the stream's last turns, never test items), "
        f"at most {args.new} new tokens; 'loops': share of replies where a word 3-gram occurs "
        f">= 3 times; machine: {info['machine']}",
        "",
        "| data | decoding | ROUGE-1 | loops | reply words | reference words |",
        "|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {r['data']} | {r['decoding']} | {r['rouge1']:.4f} | {r['loops']:.0%} | "
        f"{r['reply_words']} | {r['reference_words']} |"
        for r in rows
    ]
    lines += ["", f"command: {info['command']}"]
    save_results(args.out, info, lines)


if __name__ == "__main__":
    main()
