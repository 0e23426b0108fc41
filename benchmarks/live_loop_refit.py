"""What the live loop's held-out share costs: its final round again, on every answer.

    flock /tmp/pockettune-cpu.lock python benchmarks/live_loop_refit.py --speakers 1,2 \
        --messages 400 --answers 64 --test 100 --rouge-items 40

A background round trains on the annotations outside its swap check's held-out share
(``adapt.heldout``, 20%: 51-53 of 64 answers), while the batch bench's cell trains on all 64.
For each finished speaker of benchmarks/results/live-loop/results.json this copies the
speaker's home as the run left it, trains once as its last round did (a fresh adapter, the
round's epochs and ``adapt.max_steps``, the same synthesized pairs) but on every annotation,
and scores the speaker's held-out replies (reference NLL, all of them). Paired per item, the
refit against the live loop's final adapter and against the bench cell: if the refit closes
the live - bench gap, the held-out share is what the product path pays for its swap check.
Nothing here changes the speaker's home or row. Writes
benchmarks/results/live-loop/refit.{json,md}.
"""

from __future__ import annotations

import json
import shlex
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from live_loop import OUT, parser, resolve_speakers, same_config, sizes, speaker_turns
from live_loop_bench import bench_dir
from live_loop_progress import speaker_dir
from live_loop_report import ci


def refit(home: Path, held: list[Any], log: Any) -> dict[str, Any]:
    """Train the home's last round again on every annotation, in a copy; its held-out NLLs."""
    from pockettune import Personalizer
    from pockettune.eval.score import reference_nll

    tmp = Path(tempfile.mkdtemp(prefix="pt-refit-"))
    try:
        copy = tmp / "home"
        shutil.copytree(home, copy, ignore=shutil.ignore_patterns("*.lock"))
        pt = Personalizer.open(copy)
        try:
            plan = {"epochs": round_epochs(pt)}
            ids = [r[0] for r in pt.store.conn.execute("SELECT id FROM annotations ORDER BY id")]
            t = time.perf_counter()
            tr = pt.train(progress=False, annotation_ids=ids, activate=False,
                          epochs=plan["epochs"], max_steps=pt.config.adapt.max_steps,
                          note="refit on every annotation")  # fmt: skip
            log(f"  refit v{tr.version}: {len(ids)} annotations, {tr.steps} steps, "
                f"{tr.examples.get('synth', 0)} synthesized pairs ({time.perf_counter() - t:.0f} s)")  # fmt: skip
            nll = reference_nll(pt.use_adapter(tr.version), pt.lm.tokenizer, held)
        finally:
            pt.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return {"annotations": len(ids), "steps": tr.steps, "epochs": plan["epochs"],
            "synth_pairs": tr.examples.get("synth", 0), "per_item_nll": nll}  # fmt: skip


def round_epochs(pt: Any) -> float:
    """The epochs the active adapter's round trained for (its manifest keeps the round's
    train config), or ``train.epochs`` where there is none."""
    import ast

    v = pt.adapters.active()
    if v is None:
        return pt.config.train.epochs
    train = json.loads((pt.adapters.path(v) / "manifest.json").read_text())["train"]
    return float((ast.literal_eval(train) if isinstance(train, str) else train)["epochs"])


def paired(a: list[float], b: list[float], seed: int) -> dict[str, Any]:
    """``a`` - ``b`` paired per item, as the results file keeps it (NLL: lower is better)."""
    from pockettune.eval.stats import paired_bootstrap

    return ci(paired_bootstrap(a, b, seed=seed), lower_better=True)


def bench_items(speaker: str, a: Any) -> list[float]:
    cells = sorted((bench_dir(speaker, a) / "bench" / "cells").rglob("random-dedup-*.json"))
    if len(cells) != 1:
        raise SystemExit(f"{speaker[:8]}: the bench cell is missing; run live_loop.py first")
    return json.loads(cells[0].read_text())["per_item_nll"]


def table(res: dict[str, Any]) -> str:
    lines = [
        "# The live loop's held-out share: its last round again, on every answer",
        "",
        "NLL per reference token on the speaker's held-out replies (lower is better); "
        "differences paired per item, bootstrap 95% CI. live: the adapter the live loop ended "
        "with (trained on the answers outside the swap check's held-out share); refit: the "
        "same round (its epochs, from the adapter's manifest) on every answer (benchmarks/live_loop_refit.py); bench: the batch bench's "
        "random-dedup cell (all answers, trained once).",
        "",
        "| speaker (rank) | answers live / refit | NLL live | NLL refit | NLL bench "
        "| refit - live [95% CI] | refit - bench [95% CI] |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in res["speakers"]:
        f, b = r["refit_minus_live"], r["refit_minus_bench"]
        lines.append(
            f"| {r['speaker'][:8]} ({r['rank']}) | {r['live_annotations']} / {r['annotations']} "
            f"| {r['nll_live']:.3f} | {r['nll_refit']:.3f} | {r['nll_bench']:.3f} "
            f"| {f['diff']:+.3f} [{f['low']:+.3f}, {f['high']:+.3f}] {f['verdict']} "
            f"| {b['diff']:+.3f} [{b['low']:+.3f}, {b['high']:+.3f}] {b['verdict']} |"
        )
    m = res["run"]["machine"]
    lines += ["", f"Seed {res['run']['seed']}. Machine: {m.get('cpu', '?')}.",
              f"Command: `{res['run']['command']}`", ""]  # fmt: skip
    return "\n".join(lines)


def main() -> None:
    a = parser().parse_args()

    from pockettune.eval.machine import machine
    from pockettune.ingest import chitchat_speakers
    from pockettune.store import atomic_write_text

    rows = {r["speaker"]: r for r in json.loads((OUT / "results.json").read_text())["speakers"]}
    res: dict[str, Any] = {"speakers": [], "run": {
        "command": "python benchmarks/live_loop_refit.py " + shlex.join(sys.argv[1:]),
        "seed": a.seed, "machine": machine()}}  # fmt: skip
    for rank, speaker in resolve_speakers(a.speakers, chitchat_speakers(1000)):
        row = rows.get(speaker)
        if row is None or not row.get("finished") or row.get("sizes") != sizes(a):
            raise SystemExit(f"{speaker[:8]}: no finished live-loop row at these sizes")
        home = speaker_dir(Path(a.work), speaker, sizes(a), same_config(row=row)) / "home"
        print(f"== {speaker[:8]} (rank {rank}): {home}", flush=True)
        r = refit(home, speaker_turns(speaker, a)[1], lambda s: print(s, flush=True))
        live, bench, nll = row["per_item_nll_adapter"], bench_items(speaker, a), r["per_item_nll"]
        res["speakers"].append({
            "speaker": speaker, "rank": rank, **r,
            "live_annotations": next(x["record"].get("annotations") for x in row["adapters"]
                                     if x["version"] == row["active_adapter"]),
            "nll_live": sum(live) / len(live), "nll_refit": sum(nll) / len(nll),
            "nll_bench": sum(bench) / len(bench),
            "refit_minus_live": paired(nll, live, a.seed),
            "refit_minus_bench": paired(nll, bench, a.seed),
        })  # fmt: skip
        print(table(res).splitlines()[-5], flush=True)
    atomic_write_text(OUT / "refit.json", json.dumps(res, indent=1))
    atomic_write_text(OUT / "refit.md", table(res))
    print(table(res))


if __name__ == "__main__":
    main()
