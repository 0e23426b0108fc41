"""How often the swap rule keeps the better adapter (issue #39, item 2).

    python benchmarks/swap_rule.py --synthetic                 # cheap made-up losses: checks the harness only
    python benchmarks/swap_rule.py --score-home HOME --dev dev.jsonl --write pairs.json
    python benchmarks/swap_rule.py --losses pairs.json --out benchmarks/results/swap-rule

The rule (pockettune/adapt/verify.py) sees a new adapter's and the model in use's losses on a
few held-out annotations and activates the new one or keeps it aside. Whether that kept the
better adapter is told by a larger, independent set of items. Input, ``--losses``:

    {"pairs": [{"name": "user1 round 2", "current": [loss per item...], "new": [...]}, ...]}

two models' per-item losses (reference NLL per token) on the same M dev turns, in the same
order (dev turns: never the test items). For every pair, held-out size n in ``--sizes`` and
``--draws`` draws: n items are drawn as what the rule sees; the other M - n decide which model
is truly better (lower mean; "decided" when their 95% normal interval of the difference
excludes 0). Reported per adapt.verify_min_items in ``--min-items`` and n: how often the rule
kept the better model, harmful swaps (activated the worse), missed gains (kept the worse), and
the same for the rule it replaced (activate when the mean over the n items is lower).

Real inputs: ``--score-home`` scores, for every adapter a round made in that home (its round
record names the model it was compared with), both models on ``--dev`` turns (a
question/response JSONL, as ``pockettune ingest`` reads it) and writes the pairs file. The
swap rule's measurement on dev turns runs rounds in homes fed with dev speakers' turns, then
this. ``--synthetic`` makes pairs up (true differences N(--shift, --spread) per pair,
per-item noise --item-sd around per-item losses N(3.5, 0.8)): it exercises the harness and
shows the rule's shape; it is not a measurement of real adapters, and says so on screen.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pockettune.adapt.verify import decide_swap  # noqa: E402


def synthetic_pairs(n_pairs: int, items: int, shift: float, spread: float, item_sd: float,
                    seed: int) -> list[dict[str, Any]]:  # fmt: skip
    """Made-up pairs: per item a base loss, the new model's = base + the pair's true difference
    + noise (so per-item differences have sd ``item_sd``)."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n_pairs):
        base = rng.normal(3.5, 0.8, size=items)
        delta = rng.normal(shift, spread)
        new = base + delta + rng.normal(0, item_sd, size=items)
        out.append({"name": f"synthetic {i}", "current": base.tolist(), "new": new.tolist()})
    return out


def evaluate(pairs: list[dict[str, Any]], sizes: list[int], min_items: list[int], draws: int,
             level: float, resamples: int, seed: int,
             superset: bool = False) -> list[dict[str, Any]]:  # fmt: skip
    """One row per (min_items, n): decisions of the rule and of the old mean rule against the
    truth told by the items not drawn. ``superset``: every new adapter was trained on all the
    annotations (adapt.retrain_all), so the rule's ``superset`` branch applies."""
    rng = np.random.default_rng(seed)
    rows = []
    for m in min_items:
        for n in sizes:
            c: dict[str, int] = dict.fromkeys(
                ("trials", "decided", "kept_better", "harmful", "missed", "old_kept_better",
                 "old_harmful", "old_missed", "activated"), 0)  # fmt: skip
            for p in pairs:
                cur, new = np.asarray(p["current"]), np.asarray(p["new"])
                if len(cur) != len(new) or len(cur) < n + 20:
                    continue  # too few items to draw n and still tell the truth
                for _ in range(draws):
                    idx = rng.permutation(len(cur))
                    seen, rest = idx[:n], idx[n:]
                    d = new[rest] - cur[rest]
                    half = 1.96 * d.std(ddof=1) / math.sqrt(len(d))
                    truly_better = d.mean() < 0
                    v = decide_swap(cur[seen].tolist(), new[seen].tolist(), m, level,
                                    resamples, int(rng.integers(1 << 31)),
                                    superset=superset)  # fmt: skip
                    old = new[seen].mean() < cur[seen].mean()
                    c["trials"] += 1
                    c["decided"] += abs(d.mean()) > half
                    c["activated"] += v.activate
                    c["kept_better"] += v.activate == truly_better
                    c["harmful"] += v.activate and not truly_better
                    c["missed"] += (not v.activate) and truly_better
                    c["old_kept_better"] += old == truly_better
                    c["old_harmful"] += old and not truly_better
                    c["old_missed"] += (not old) and truly_better
            if c["trials"]:
                rows.append({"min_items": m, "n": n, **{k: int(v) for k, v in c.items()}})
    return rows


def table(rows: list[dict[str, Any]], synthetic: bool, superset: bool = False) -> list[str]:
    head = (
        "SYNTHETIC inputs (made-up losses, not a measurement of real adapters)"
        if synthetic
        else "per-item losses of real adapter pairs"
    ) + (", new adapters trained on all annotations (rule 4 applies)" if superset else "")
    lines = [
        f"# Swap rule: how often it keeps the better adapter ({head})",
        "",
        "| verify_min_items | held-out n | trials | rule: kept better | harmful swaps | missed gains | old rule: kept better | harmful | missed |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        t = r["trials"]
        cells = [f"{r[k] / t:.0%}" for k in ("kept_better", "harmful", "missed",
                                              "old_kept_better", "old_harmful", "old_missed")]  # fmt: skip
        lines.append(f"| {r['min_items']} | {r['n']} | {t} | " + " | ".join(cells) + " |")
    return lines


def score_home(home: str, dev: str) -> list[dict[str, Any]]:
    """Per adapter a round made in ``home``: its and the compared model's per-item losses on
    the dev turns (the real model: minutes per adapter on a CPU)."""
    from pockettune import Personalizer
    from pockettune.eval.score import reference_nll
    from pockettune.ingest.readers import read_turns

    turns = [t for _, t in read_turns(dev)]
    out = []
    with Personalizer.open(home) as pt:
        cache: dict[Any, list[float]] = {}

        def losses(version: int | None) -> list[float]:
            if version not in cache:
                model = pt.use_adapter(version)
                cache[version] = reference_nll(model, pt.lm.tokenizer, turns,
                                               pt.config.train.max_example_tokens)  # fmt: skip
            return cache[version]

        for row in pt.adapters.list():
            rec = pt.adapters.round_info(row["version"])
            if rec is None:
                continue
            out.append({"name": f"{home} v{row['version']} vs " + (f"v{rec['current']}" if rec['current'] else 'base'),
                        "current": losses(rec["current"]), "new": losses(row["version"]),
                        "rule_then": rec["rule"], "heldout_then": rec["heldout"]})  # fmt: skip
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--synthetic", action="store_true", help="made-up pairs (harness check)")
    src.add_argument("--losses", help="a pairs JSON file (see the module docstring)")
    src.add_argument("--score-home", help="score the adapter pairs of a home's rounds")
    ap.add_argument("--dev", help="with --score-home: the dev turns (question/response JSONL)")
    ap.add_argument("--write", help="with --score-home: where the pairs JSON goes")
    ap.add_argument("--sizes", default="2,4,8,16,32", help="held-out sizes the rule sees")
    ap.add_argument("--min-items", default="8", help="adapt.verify_min_items values to compare")
    ap.add_argument("--level", type=float, default=0.95)
    ap.add_argument("--superset", action="store_true",
                    help="the pairs' new adapters were trained on all annotations (rule 4)")  # fmt: skip
    ap.add_argument("--draws", type=int, default=10)
    ap.add_argument("--resamples", type=int, default=1000)
    ap.add_argument("--pairs", type=int, default=100, help="--synthetic: pairs")
    ap.add_argument("--items", type=int, default=200, help="--synthetic: items per pair")
    ap.add_argument("--shift", type=float, default=-0.05)
    ap.add_argument("--spread", type=float, default=0.15)
    ap.add_argument("--item-sd", type=float, default=0.6)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", help="write OUT.json and OUT.md (results_io)")
    a = ap.parse_args()
    if a.score_home:
        if not (a.dev and a.write):
            ap.error("--score-home needs --dev and --write")
        pairs = score_home(a.score_home, a.dev)
        Path(a.write).write_text(json.dumps({"pairs": pairs}))
        print(f"{len(pairs)} adapter pairs scored on {a.dev} -> {a.write}")
        return
    if a.synthetic:
        print("SYNTHETIC inputs: made-up per-item losses; this checks the harness and shows the "
              "rule's shape, it is not a measurement of real adapters")  # fmt: skip
        pairs = synthetic_pairs(a.pairs, a.items, a.shift, a.spread, a.item_sd, a.seed)
    else:
        pairs = json.loads(Path(a.losses).read_text())["pairs"]
    t0 = time.perf_counter()
    sizes = [int(x) for x in a.sizes.split(",")]
    mins = [int(x) for x in a.min_items.split(",")]
    rows = evaluate(pairs, sizes, mins, a.draws, a.level, a.resamples, a.seed, a.superset)
    lines = table(rows, a.synthetic, a.superset)
    info = {"rows": rows, "run": {"command": " ".join(sys.argv), "synthetic": a.synthetic,
            "pairs": len(pairs), "seconds": round(time.perf_counter() - t0, 1),
            "args": vars(a)}}  # fmt: skip
    if a.out:
        from results_io import save_results

        save_results(a.out, info, lines)
    else:
        print("\n".join(lines))


if __name__ == "__main__":
    main()
