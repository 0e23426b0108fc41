"""Cheaper selection embeddings for offline ingest: what each costs and what it changes.

    python benchmarks/embedding_cost.py [--data chitchat:1] [--stream 1000] [--capacity 32]

Embeds the first ``--stream`` turns of a data set as ``pockettune ingest`` does (the chat
prompt a reply would get, ``model.embed_input=prompt``) with each variant: the paper's
(all 30 layers, last token, 512 tokens), inputs cut shorter, mean pooling, the first N layers
only, the packaged MiniLM sentence encoder, and word hashing (no model). Each variant's
selection is pockettune's default (``sdss`` with the near-duplicate gate, buffer
``--capacity``, two hand-offs); the table gives seconds per turn, the speed-up over the
paper's embedding timed in the same run, and how much of the paper-embedding selection each
variant keeps (overlap of the selected turns; chance level is printed).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from results_io import save_results  # noqa: E402

VARIANTS = {
    "paper (30 layers, last token, 512 tokens)": {},
    "inputs cut to 128 tokens": {"max_tokens": 128},
    "inputs cut to 64 tokens": {"max_tokens": 64},
    "mean pooling": {"pooling": "mean"},
    "first 15 layers": {"embed_layers": 15},
    "first 8 layers": {"embed_layers": 8},
    "MiniLM-L6 (second model)": {"embedder": "minilm"},
    "word hashing (no model)": {"embedder": "hash"},
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default="chitchat:1")
    ap.add_argument("--stream", type=int, default=1000)
    ap.add_argument("--capacity", type=int, default=32)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--out", default=str(ROOT / "benchmarks/results/embedding-cost"))
    args = ap.parse_args()

    import numpy as np

    from pockettune.config import Config
    from pockettune.eval.machine import machine
    from pockettune.eval.protocol import load_dataset
    from pockettune.models import load_model, make_embedder
    from pockettune.models.generate import prompt_ids

    ds = load_dataset(args.data, args.stream, 10)
    base = Config().model
    lm = load_model(base)
    rows, chosen_by = [], {}
    for name, over in VARIANTS.items():
        m = replace(base, **over)
        emb = make_embedder(m, lm.model, lm.tokenizer)
        t0 = time.perf_counter()
        vecs, ntok = [], []
        for i in range(0, len(ds.stream), args.batch):
            part = ds.stream[i : i + args.batch]
            if m.embedder == "llm":
                ids = [prompt_ids(lm.tokenizer, t.question, t.context, m.max_tokens) for t in part]
                v, n = emb.embed_ids(ids)
            else:
                v, n = emb.embed_many([t.scored_text() for t in part])
            vecs.append(v)
            ntok += n
        seconds = time.perf_counter() - t0
        arr = np.concatenate(vecs)
        chosen = select(ds.stream, arr, ntok, args.capacity)
        chosen_by[name] = chosen
        ref = chosen_by[next(iter(VARIANTS))]
        rows.append(
            {
                "variant": name,
                "override": " ".join(f"model.{k}={v}" for k, v in over.items()) or "(default)",
                "s_per_turn": seconds / len(ds.stream),
                "seconds": seconds,
                "overlap": len(set(chosen) & set(ref)) / max(len(ref), 1),
                "selected_tokens_mean": float(np.mean([ntok[i] for i in chosen])),
                "chosen": chosen,
            }
        )
        print(json.dumps({k: v for k, v in rows[-1].items() if k != "chosen"}), flush=True)
    ref_s = rows[0]["seconds"]
    n_sel = len(chosen_by[next(iter(VARIANTS))])
    chance = n_sel / len(ds.stream)
    info = {"rows": rows, "args": vars(args), "machine": machine(), "command": command()}
    lines = [
        f"# Selection embeddings for offline ingest: cost and effect ({ds.key}, {len(ds.stream)} turns)",
        "",
        f"Selection: pockettune's default (`sdss`, near-duplicate gate), buffer {args.capacity}, "
        f"two hand-offs: {n_sel} turns chosen. Overlap = share of the paper embedding's choice "
        f"that the variant also chooses; two unrelated choices overlap by ~{chance:.0%} (chance).",
        "Seconds are this process, one variant after another in the same run, batch "
        f"{args.batch}, torch threads {info['machine']['torch_threads']}.",
        "",
        "| embedding | override | s / turn | speed-up | overlap with paper's selection | selected turn tokens |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['variant']} | `{r['override']}` | {r['s_per_turn']:.4f} | "
            f"{ref_s / max(r['seconds'], 1e-9):.1f}x | {r['overlap']:.0%} | {r['selected_tokens_mean']:.1f} |"
        )
    lines += ["", f"machine: {info['machine']}", f"command: {info['command']}"]
    save_results(args.out, info, lines)


def select(stream: list, vecs: Any, ntok: list[int], capacity: int) -> list[int]:
    """Indices the default selection keeps over two hand-offs: the bench's own loop."""
    from pockettune.config import Config
    from pockettune.eval.bench import Bench
    from pockettune.eval.protocol import BenchConfig, Dataset
    from pockettune.store import Store

    n = len(stream)
    bench = BenchConfig(datasets=[], checkpoints=[n // 2, n], capacity=capacity, methods=["sdss"])
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "pt.db")
        try:
            b = Bench(Config(), bench, Path(tmp) / "bench", progress=False)
            return b._select(Dataset("d", stream, []), store, vecs, ntok, "sdss", 0)
        finally:
            store.close()


def command() -> str:
    return ("python benchmarks/embedding_cost.py " + " ".join(sys.argv[1:])).strip()


if __name__ == "__main__":
    main()
