"""What each selection method keeps, on the evidence run's own streams: no training, no scores.

    python benchmarks/selected.py [--out benchmarks/results/bench-paper-cpu] [--methods ...]

Runs each method's selection exactly as a ``paper-cpu`` cell does (a real Buffer on SQLite, two
hand-offs of 32 slots over a 1,000-turn stream) from the run's cached stream embeddings, and
describes the 64 turns it hands to annotation, label-free:

- **tokens**: mean tokens of the kept turns (EOE's length normalisation favours short ones);
- **answer words**: mean words of their references (what training gets to learn from);
- **represent**: mean over all stream turns of the cosine to the nearest kept turn (how well
  the 64 stand for the stream; the quantity k-center maximises);
- **spread**: 1 - mean pairwise cosine among the kept turns (higher: more varied);
- **dup pairs**: kept pairs whose word sets overlap >= 0.9 (Jaccard);
- **same as sdss**: share of kept turns that the first method listed (pockettune's default,
  sdss, unless told otherwise) also keeps.

A dataset whose embeddings are not cached yet is skipped (run the bench first). ``sdss-sur``
measures the base model's surprise at every stream turn once (cached beside the embeddings).
Writes benchmarks/results/selected.{md,json}.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from results_io import save_results  # noqa: E402

METHODS = "sdss,sdss-paper,sdss-lenfree,sdss-cov,sdss-sur,random,random-dedup,fifo,kcenter"


def describe(ds, vecs, ntok, chosen, ref_chosen) -> dict[str, float]:
    from pockettune.select.state import same_words, word_set

    unit = vecs / np.linalg.norm(vecs, axis=1, keepdims=True).clip(min=1e-9)
    kept = unit[chosen]
    sims = kept @ kept.T
    n = len(chosen)
    words = [word_set(ds.stream[i].question) for i in chosen]
    dups = sum(same_words(words[a], words[b], 0.9) for a in range(n) for b in range(a + 1, n))
    return {
        "tokens": float(np.mean([ntok[i] for i in chosen])),
        "answer_words": float(np.mean([len(ds.stream[i].reference.split()) for i in chosen])),
        "represent": float((unit @ kept.T).max(axis=1).mean()),
        "spread": float(1 - (sims.sum() - n) / (n * (n - 1))),
        "dup_pairs": dups,
        "same_as_sdss": len(set(chosen) & set(ref_chosen)) / max(1, n),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--preset", default="paper-cpu")
    ap.add_argument("--out", default=str(ROOT / "benchmarks/results/bench-paper-cpu"))
    ap.add_argument("--methods", default=METHODS)
    ap.add_argument("--seeds", default="0,1,2")
    ap.add_argument("--threads", type=int, default=1, help="torch threads (surprise pass only)")
    ap.add_argument("--results", default=str(ROOT / "benchmarks/results/selected"))
    args = ap.parse_args()

    from pockettune.eval.bench import Bench
    from pockettune.eval.machine import machine
    from pockettune.eval.protocol import load_bench, load_dataset
    from pockettune.store import Store

    cfg, bcfg = load_bench(args.preset, [f"model.threads={args.threads}"])
    bench = Bench(cfg, bcfg, Path(args.out), progress=True)
    methods = args.methods.split(",")
    seeds = [int(s) for s in args.seeds.split(",")]
    rows = []
    for spec in bcfg.datasets:
        try:
            ds = load_dataset(spec, bcfg.stream, bcfg.test)
        except Exception as e:  # noqa: BLE001 - a missing dataset is skipped, said why
            print(f"skip {spec}: {e}")
            continue
        if not bench.emb_path(ds).exists():
            print(f"skip {ds.key}: no cached embeddings in {args.out} (run the bench first)")
            continue
        vecs, ntok, _ = bench.embeddings(ds)
        picks: dict[tuple[str, int], list[int]] = {}
        with tempfile.TemporaryDirectory() as tmp:
            for m in methods:
                for s in seeds:
                    store = Store(Path(tmp) / f"{m}-{s}.db")
                    try:
                        picks[(m, s)] = bench._select(ds, store, vecs, ntok, m, s)
                    finally:
                        store.close()
        for m in methods:
            per_seed = [
                describe(ds, vecs, ntok, picks[(m, s)], picks[(methods[0], s)]) for s in seeds
            ]
            row = {"dataset": ds.key, "method": m}
            row.update({k: float(np.mean([d[k] for d in per_seed])) for k in per_seed[0]})
            rows.append(row)
        stream_tok = float(np.mean(ntok))
        rows.append({"dataset": ds.key, "method": "(stream)", "tokens": stream_tok})

    lines = [
        f"# What each selection method keeps ({args.preset} streams, no training)",
        "",
        f"`python benchmarks/selected.py --methods {args.methods} --seeds {args.seeds}`; "
        f"each row the mean over seeds {args.seeds} of the 64 turns a cell annotates "
        "(2 hand-offs x 32 slots over a 1,000-turn stream). machine: "
        f"{machine()['cpu']}, {args.threads} torch thread(s).",
        "",
        "| dataset | method | tokens | answer words | represent | spread | dup pairs "
        f"| same as {methods[0]} |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        if r["method"] == "(stream)":
            lines.append(f"| {r['dataset']} | (whole stream) | {r['tokens']:.1f} | | | | | |")
            continue
        lines.append(
            f"| {r['dataset']} | {r['method']} | {r['tokens']:.1f} | {r['answer_words']:.1f} "
            f"| {r['represent']:.3f} | {r['spread']:.3f} | {r['dup_pairs']:.1f} "
            f"| {r['same_as_sdss']:.2f} |"
        )
    lines += [
        "",
        "represent: mean cosine of every stream turn to its nearest kept turn (higher: the kept "
        "turns stand for more of the stream). spread: 1 - mean pairwise cosine of the kept "
        "turns. Embeddings: the base model's last-token hidden state (the selection's own).",
    ]
    save_results(args.results, {"rows": rows, "args": vars(args)}, lines)


if __name__ == "__main__":
    main()
