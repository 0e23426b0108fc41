"""Did the swap rule keep the better adapter? Every adapter a live-loop round kept aside,
scored on the speaker's held-out replies against the adapter that stayed in use.

    python benchmarks/live_loop_aside.py --messages 400 --answers 64 --test 100 --rouge-items 40

The live loop scores only the adapter in use after each round, so a candidate the rule kept
aside (not better on the held-out annotations) was never scored on the held-out replies. Here
each is, in the run's own home (``--work``, as live_loop.py left it; ``--rerun-work`` for
speakers run again with ``--rerun``): reference NLL on the same held-out items (no replies:
NLL is the low-noise metric), paired bootstrap against the adapter in use then. With the
swaps the loop already tested (an activated adapter against the one it replaced), this gives
the rule's decisions against what the held-out replies say: how often it set aside an
adapter that was better and let through one that was worse. A report, never a tuning set:
the rule was chosen on dev pairs (swap-pairs-dev.md). Writes kept-aside.{json,md} beside the
live loop's results.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from live_loop import parser, same_config, sizes, speaker_turns
from live_loop_progress import Progress, speaker_dir
from live_loop_report import ci


def aside(row: dict[str, Any], home: Path, prog: Progress, held: list[Any], seed: int) -> list:
    """Each kept-aside candidate against the adapter in use when it was set aside."""
    from pockettune import Personalizer
    from pockettune.eval.score import score_turns
    from pockettune.eval.stats import paired_bootstrap

    out = []
    pt = Personalizer.open(home)
    try:
        for entry in row["adapters"]:
            rec = entry["record"]
            if rec.get("activated", True) or entry["active"] == entry["version"]:
                continue
            s = score_turns(pt.use_adapter(entry["version"]), pt.lm.tokenizer, held, rouge_items=0)
            kept = prog.score(entry["active"])
            c = paired_bootstrap(s.nll, kept.nll, seed=seed)
            out.append({"round": entry["round"], "candidate": entry["version"],
                        "in_use": entry["active"], "rule": rec.get("rule"),
                        "annotations": rec.get("annotations"), "heldout": rec.get("heldout"),
                        "test": ci(c, lower_better=True)})  # fmt: skip
            print(f"  round {entry['round']}: v{entry['version']} kept aside ({rec.get('rule')}); "
                  f"against v{entry['active']} on held-out replies {c.diff:+.3f} "
                  f"[{c.low:+.3f}, {c.high:+.3f}]", flush=True)  # fmt: skip
    finally:
        pt.close()
    return out


def swaps(row: dict[str, Any]) -> list[dict[str, Any]]:
    """The swaps the loop made, each already tested against the adapter it replaced."""
    return [{"round": e["round"], "candidate": e["version"], "in_use": e["vs_previous"]["previous"],
             "rule": e["record"].get("rule"), "test": e["vs_previous"]}
            for e in row["adapters"] if e.get("vs_previous") and e["vs_previous"].get("previous")
            is not None]  # fmt: skip


def table(res: dict[str, Any]) -> str:
    lines = ["# The swap rule's decisions against the held-out replies", "",
             "Each live-loop round's candidate adapter against the adapter in use then, on the "
             "speaker's 100 held-out replies (reference NLL, candidate - in use, paired bootstrap "
             "95% CI; lower is better). Activated: the loop's own test of each swap (first swaps "
             "from base left out). Kept aside: scored here (benchmarks/live_loop_aside.py). A "
             "report, not a tuning set: the rule was chosen on dev pairs.", "",
             "| speaker (rank) | round | candidate | in use | rule | decision | held-out NLL diff "
             "[95% CI] | verdict |", "|---|---|---|---|---|---|---|---|"]  # fmt: skip
    counts: dict[tuple[str, str], int] = {}
    for sp in res["speakers"]:
        for d, items in (("activated", sp["swaps"]), ("kept aside", sp["aside"])):
            for e in items:
                t = e["test"]
                counts[(d, t["verdict"])] = counts.get((d, t["verdict"]), 0) + 1
                lines.append(f"| {sp['speaker'][:8]} ({sp['rank']}) | {e['round']} | "
                             f"v{e['candidate']} | v{e['in_use']} | {e['rule']} | {d} | "
                             f"{t['diff']:+.3f} [{t['low']:+.3f}, {t['high']:+.3f}] | "
                             f"{t['verdict']} |")  # fmt: skip
    lines += ["", "| decision | better | no difference | worse |", "|---|---|---|---|"]
    for d in ("activated", "kept aside"):
        lines.append(f"| {d} | " + " | ".join(str(counts.get((d, v), 0))
                     for v in ("better", "no difference", "worse")) + " |")  # fmt: skip
    lines += ["", f"Command: `{res['command']}`", ""]
    return "\n".join(lines)


def main() -> None:
    ap = parser()
    ap.add_argument("--rerun-work", default="", help="--work of speakers run with --rerun")
    a = ap.parse_args()
    from pockettune.store import atomic_write_text

    out = Path(a.out)
    rows = json.loads((out / "results.json").read_text())["speakers"]
    res: dict[str, Any] = {"command": "python benchmarks/live_loop_aside.py " + " ".join(
        sys.argv[1:]), "speakers": []}  # fmt: skip
    for row in rows:
        if not row.get("finished") or row.get("sizes") != sizes(a):
            continue
        works = [Path(w) for w in (a.rerun_work, a.work) if w]
        dirs = [speaker_dir(w, row["speaker"], sizes(a), same_config(row=row)) for w in works]
        found = [(d, Progress.load(d / "progress.json")) for d in dirs
                 if (d / "progress.json").exists()]  # fmt: skip
        found = [(d, p) for d, p in found if p.rounds == row["rounds"]]
        if not found:
            print(f"{row['speaker'][:8]}: no home of this run here; skipped")
            continue
        work, prog = found[0]
        print(f"== {row['speaker'][:8]} (rank {row['rank']}): {work}", flush=True)
        held = speaker_turns(row["speaker"], a)[1]
        res["speakers"].append({"speaker": row["speaker"], "rank": row["rank"],
                                "swaps": swaps(row),
                                "aside": aside(row, work / "home", prog, held, a.seed)})  # fmt: skip
    atomic_write_text(out / "kept-aside.json", json.dumps(res, indent=1))
    atomic_write_text(out / "kept-aside.md", table(res))
    print(table(res))


if __name__ == "__main__":
    main()
