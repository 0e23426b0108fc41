"""PII redaction precision, recall and speed on labelled sets of realistic chat messages.

    python benchmarks/privacy.py

``data/pii_heldout.jsonl`` (248 messages, 86 of them with look-alikes only: versions,
section numbers, prices, order numbers, product codes, hashes, places and brands) was
written and committed before the Presidio-based redactor existed and is only measured.
``data/pii_dev.jsonl`` (the earlier sets, 111 messages) is the one the recognizers were
tuned on, so its figures are optimistic. Each labels every PII value with its category; a
predicted span is a true positive when it overlaps a labelled value of the same category.
Also measured: ms per message (median, p95) after the one-off engine build, and the name
recognizer without its lexicon (cues only), the baseline the lexicon was chosen against.
Writes JSON and Markdown under results/.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from collections import Counter
from pathlib import Path

from pockettune.privacy import CATEGORIES, Redactor

HERE = Path(__file__).parent
EMBED_MS = "186 ms/turn in batches of 8, 224 ms alone (SmolLM2-135M forward pass, results/selection-chitchat.md)"


def load(name: str) -> list[dict]:
    return [
        json.loads(line) for line in (HERE / "data" / f"pii_{name}.jsonl").read_text().splitlines()
    ]


def score(cases: list[dict], red: Redactor) -> dict:
    tp, fp, fn = Counter(), Counter(), Counter()
    misses, false_alarms, ms = [], [], []
    for case in cases:
        text = case["text"]
        gold = [
            (p["category"], text.index(p["value"]), text.index(p["value"]) + len(p["value"]))
            for p in case["pii"]
        ]
        t0 = time.perf_counter()
        found = red.find(text)
        ms.append((time.perf_counter() - t0) * 1000)
        used = set()
        for s in found:
            hit = next(
                (
                    g
                    for g in gold
                    if g[0] == s.category and s.start < g[2] and g[1] < s.end and g not in used
                ),
                None,
            )
            if hit:
                tp[s.category] += 1
                used.add(hit)
            else:
                fp[s.category] += 1
                false_alarms.append(f"{s.category}: {text[s.start : s.end]!r} in {text!r}")
        for g in gold:
            if g not in used:
                fn[g[0]] += 1
                misses.append(f"{g[0]}: {text[g[1] : g[2]]!r} in {text!r}")
    rows = []
    for cat in [*CATEGORIES, "all"]:
        t = sum(tp.values()) if cat == "all" else tp[cat]
        p_ = t + (sum(fp.values()) if cat == "all" else fp[cat])
        g = t + (sum(fn.values()) if cat == "all" else fn[cat])
        rows.append(
            {
                "category": cat,
                "labelled": g,
                "predicted": p_,
                "true_positives": t,
                "precision": t / p_ if p_ else None,
                "recall": t / g if g else None,
            }
        )
    ms.sort()
    return {
        "messages": len(cases),
        "rows": rows,
        "misses": misses,
        "false_alarms": false_alarms,
        "ms_median": statistics.median(ms),
        "ms_p95": ms[int(0.95 * (len(ms) - 1))],
    }


def f(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"


def table(name: str, r: dict) -> list[str]:
    lines = [
        f"## {name} set: {r['messages']} labelled messages",
        "",
        "| category | labelled | predicted | precision | recall |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {x['category']} | {x['labelled']} | {x['predicted']} | {f(x['precision'])} | {f(x['recall'])} |"
        for x in r["rows"]
    ]
    lines += ["", f"{r['ms_median']:.1f} ms median, {r['ms_p95']:.1f} ms p95 per message", ""]
    lines += ["Missed:", *[f"- {m}" for m in r["misses"]], ""]
    lines += ["False alarms:", *[f"- {m}" for m in r["false_alarms"]], ""]
    return lines


def main() -> None:
    t0 = time.perf_counter()
    red = Redactor()
    red.find("warm up: Anna at anna@example.com, +44 20 7946 0958")
    build_s = time.perf_counter() - t0
    sets = {name: load(name) for name in ("heldout", "dev")}
    results = {name: score(cases, red) for name, cases in sets.items()}

    from pockettune.privacy.names import NameRecognizer

    cues_only = Redactor(["name"])
    cues_only.analyzer.registry.recognizers[:] = [NameRecognizer(use_lexicon=False)]
    baseline = {
        name: score(cases, cues_only)["rows"][CATEGORIES.index("name")]
        for name, cases in sets.items()
    }
    chosen = {name: r["rows"][CATEGORIES.index("name")] for name, r in results.items()}
    results["names_baseline_cues_only"] = baseline

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    h = results["heldout"]["rows"][-1]
    lines = [
        "# PII redaction: precision and recall by category",
        "",
        "Engine: Microsoft Presidio (analyzer + anonymizer) on a tokenizer-only NLP engine, offline; "
        "names from a Faker names lexicon with cue words (see pockettune/privacy/names.py).",
        "",
        f"Speed on {cores} cores: {results['heldout']['ms_median']:.1f} ms median, "
        f"{results['heldout']['ms_p95']:.1f} ms p95 per message (held-out set); "
        f"one-off engine build {build_s:.1f} s. Embedding for comparison: {EMBED_MS}.",
        "",
        f"Held-out overall: precision {f(h['precision'])}, recall {f(h['recall'])} "
        "(targets: precision >= 0.90, recall >= 0.95, every category >= 0.85 recall, <= 20 ms median).",
        "",
        "Honesty note: the first held-out measurement (before any change made after seeing it) was "
        "precision 0.91, recall 0.95, with IBAN recall 0.73 and card precision 0.82: a card number "
        "found inside grouped AT/PL/CH IBANs won the overlap. IBAN now has priority over card; that "
        "one change was made after seeing the held-out set, nothing else was tuned on it.",
        "",
        "Names, lexicon + cues (kept) vs cues only (baseline):",
        "",
        "| set | variant | precision | recall |",
        "|---|---|---|---|",
    ]
    for name in sets:
        for label, row in (("lexicon + cues", chosen[name]), ("cues only", baseline[name])):
            lines.append(f"| {name} | {label} | {f(row['precision'])} | {f(row['recall'])} |")
    lines.append("")
    for name in sets:
        lines += table(name, results[name])
    lines.append("command: python benchmarks/privacy.py")
    out = HERE / "results" / "privacy.json"
    out.write_text(json.dumps(results, indent=1))
    text = "\n".join(lines) + "\n"
    out.with_suffix(".md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
