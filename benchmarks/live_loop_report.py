"""The live loop's table and curve (benchmarks/live_loop.py writes them after each round)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from live_loop_bench import TOLERANCE
from live_loop_served import mean


def table(res: dict[str, Any]) -> str:
    run = res["run"]
    m = run["machine"]
    lines = [
        "# Live loop: a real chitchat speaker through `pockettune serve`",
        "",
        "SIMULATED annotator: the speaker's own real replies answer the questions the server "
        "asks (`GET/POST /v1/pockettune/annotations`); rounds are started by the server's "
        "adaptation policy. Held-out: the speaker's last replies, never sent. NLL per "
        "reference token (lower is better), ROUGE-1 F1 of greedy replies; differences are "
        "adapter - base with a paired bootstrap 95% CI. Bench: the batch bench's `random-dedup` "
        "cell at the same speaker, stream, answer budget and held-out items, with the server's "
        "config (benchmarks/live_loop_bench.py; cells of the bench's quick preset, K = 1, are "
        "kept in results.json as `bench_quick_preset`); live - bench paired per item, NLL. "
        "Degenerate: "
        "share of the held-out replies that loop or repeat (pockettune/eval/degenerate.py). "
        "Swaps worse: swaps of the active adapter whose held-out NLL is significantly worse "
        "than the adapter they replaced (paired bootstrap 95% CI); - where a run predates "
        "per-round scores. Served replies: the same held-out items answered as `pockettune "
        "serve` answers (the profile's system prompt and annotated examples, chat decoding; "
        "benchmarks/live_loop_served.py) by base / the final adapter: ROUGE-1, adapter - base "
        "[95% CI], words, and the degenerate share the issue's 5% bar is about.",
        "",
        "| speaker (rank) | messages sent | answers | rounds | NLL base | NLL adapter | NLL diff [95% CI] "
        "| ROUGE-1 base | ROUGE-1 adapter | ROUGE-1 diff [95% CI] | words speaker / base / adapter "
        "| degenerate base / adapter (bench decoding) | swaps worse / swaps "
        "| failed requests | bench NLL; live - bench [95% CI] "
        "| served replies base / adapter: ROUGE-1, diff; words; degenerate |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in res["speakers"]:
        c, d = r["ci_nll"], r["ci_rouge1"]
        lines.append(
            f"| {r['speaker'][:8]} ({r['rank']}){'' if r.get('finished', True) else ' unfinished'}"
            f" | {r.get('messages_sent', r['messages'])} | {r['answers']} | "
            f"{r['rounds']} | {r['nll_base']:.3f} | {r['nll_adapter']:.3f} | "
            f"{c['diff']:+.3f} [{c['low']:+.3f}, {c['high']:+.3f}] {c['verdict']} | "
            f"{r['rouge1_base']:.4f} | {r['rouge1_adapter']:.4f} | "
            f"{d['diff']:+.4f} [{d['low']:+.4f}, {d['high']:+.4f}] {d['verdict']} | "
            f"{r['words_speaker']:.1f} / {r['words_base']:.1f} / {r['words_adapter']:.1f} | "
            f"{degenerate_text(r)} | {swaps_text(r)} | {r['failed_requests']} | {cell_text(r)} | "
            f"{served_text(r)} |"
        )
    lines += [
        "",
        f"Sizes: {json.dumps(run['sizes'])}. Seed {run['seed']}.",
        "Machines (each row where it ran; `auto` precision is bf16 where the CPU multiplies "
        "bf16 natively, fp32 elsewhere):",
        *(
            f"- {r['speaker'][:8]} ({r['rank']}): {machine_text(r.get('machine') or m)}"
            for r in res["speakers"]
        ),
        "",
        "Commands:",
        *(
            f"- {r['speaker'][:8]} ({r['rank']}): `{r.get('command') or run['command']}`"
            for r in res["speakers"]
        ),
        "",
    ]
    return "\n".join(lines)


def machine_text(m: dict[str, Any]) -> str:
    """CPU, cores, the ISA flags that decide the arithmetic, and the precision it ran."""
    flags = m.get("cpu_flags") or {}
    has = "+".join(f.upper() for f in flags.get("has", [])) or "?"
    capped = " capped " + ", ".join(f"{k}={v}" for k, v in flags["capped"].items()) \
        if flags.get("capped") else ""  # fmt: skip
    p = m.get("precision")
    prec = f"; model {p['model']}, training {p['train']}" if isinstance(p, dict) else ""
    return f"{m.get('cpu', '?')}, {m.get('cores', '?')} cores, {has}{capped}{prec}"


def ci(c: Any, lower_better: bool = False) -> dict[str, Any]:
    """A paired comparison as the results file keeps it (NLL: lower is better)."""
    verdict = c.verdict
    if lower_better:  # Comparison's verdict reads a positive difference as better
        verdict = {"better": "worse", "worse": "better"}.get(verdict, verdict)
    return {"diff": c.diff, "low": c.low, "high": c.high, "n": c.n, "verdict": verdict}


def plot(res: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 4))
    for r in res["speakers"]:
        xs = [p["messages_seen"] for p in r["curve"]]
        lbl = f"{r['speaker'][:8]} (rank {r['rank']})"
        line = ax1.plot(xs, [p["nll_adapter"] for p in r["curve"]], marker="o", label=lbl)[0]
        ax1.axhline(r["nll_base"], color=line.get_color(), linestyle=":", linewidth=1)
        ax2.plot(xs, [p["rouge1_adapter"] for p in r["curve"]], marker="o", label=lbl,
                 color=line.get_color())  # fmt: skip
        ax2.axhline(r["rouge1_base"], color=line.get_color(), linestyle=":", linewidth=1)
    ax1.set(xlabel="messages seen by the server", ylabel="held-out NLL / token (lower is better)")
    ax2.set(xlabel="messages seen by the server", ylabel="held-out ROUGE-1 F1")
    ax1.legend(fontsize=8)
    fig.suptitle("Live loop through `pockettune serve` (dotted: base model)", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def cell_text(r: dict[str, Any]) -> str:
    """The table's bench column: the cell's NLL and live - bench with its interval."""
    b = r.get("bench")
    if not b:
        return "not run"
    d = b["nll_live_minus_bench"]
    ok = f"within {TOLERANCE}" if b["within_tolerance"] else f"MISSES {TOLERANCE}"
    return f"{b['nll']:.3f}; live - bench {d['diff']:+.3f} [{d['low']:+.3f}, {d['high']:+.3f}] {ok}"


def degenerate_text(r: dict[str, Any]) -> str:
    if "degenerate_adapter" not in r:
        return "-"
    return f"{r['degenerate_base']:.0%} / {r['degenerate_adapter']:.0%}"


def swaps_text(r: dict[str, Any]) -> str:
    """Significantly worse swaps of all swaps, with the worst swap's NLL change."""
    tested = [x["vs_previous"] for x in r.get("adapters", []) if x.get("vs_previous")]
    if "swaps_worse" not in r:
        return "-"
    if not tested:
        return "0 / 0"
    worst = max(tested, key=lambda c: c["diff"])
    return (f"{r['swaps_worse']} / {len(tested)} (worst {worst['diff']:+.3f} "
            f"[{worst['low']:+.3f}, {worst['high']:+.3f}])")  # fmt: skip


def served_text(r: dict[str, Any]) -> str:
    """The table's served-replies column."""
    s = r.get("served")
    if not s:
        return "not run"
    b, a, c = s["base"], s["adapter"], s["ci_rouge1"]
    return (f"{mean(b['rouge1']):.4f} / {mean(a['rouge1']):.4f}, {c['diff']:+.4f} "
            f"[{c['low']:+.4f}, {c['high']:+.4f}] {c['verdict']}; {b['words']:.1f} / "
            f"{a['words']:.1f} words; degenerate {b['degenerate']:.1%} / {a['degenerate']:.1%}")  # fmt: skip
