"""PII redaction precision and recall on a labelled set of realistic chat messages.

    python benchmarks/privacy.py

Two sets of our own, each labelling every PII value with its category and including
look-alikes that are not PII (dates, versions, order numbers, a card failing Luhn, an IBAN
failing mod-97): ``pii_dev.jsonl`` (71 messages) was used while writing the recognizers, so
its figures are optimistic; ``pii_heldout.jsonl`` (40 messages) was written after the rules
were frozen and never tuned on. A predicted span is a true positive when it overlaps a
labelled value of the same category. Writes JSON and Markdown under results/.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from pockettune.privacy import RECOGNIZERS, Redactor

HERE = Path(__file__).parent


def evaluate(name: str) -> tuple[list[str], dict]:
    cases = [
        json.loads(line) for line in (HERE / "data" / f"pii_{name}.jsonl").read_text().splitlines()
    ]
    tp, fp, fn = Counter(), Counter(), Counter()
    misses, false_alarms = [], []
    red = Redactor()
    for case in cases:
        text = case["text"]
        gold = [
            (p["category"], text.index(p["value"]), text.index(p["value"]) + len(p["value"]))
            for p in case["pii"]
        ]
        found = red.find(text)
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
    for cat in [*RECOGNIZERS, "all"]:
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
    result = {"messages": len(cases), "rows": rows, "misses": misses, "false_alarms": false_alarms}

    def f(x: float | None) -> str:
        return "-" if x is None else f"{x:.2f}"

    lines = [
        f"## {name} set: {len(cases)} labelled messages",
        "",
        "| category | labelled | predicted | precision | recall |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {r['category']} | {r['labelled']} | {r['predicted']} | {f(r['precision'])} | {f(r['recall'])} |"
        for r in rows
    ]
    lines += [
        "",
        "Missed:",
        *[f"- {m}" for m in misses],
        "",
        "False alarms:",
        *[f"- {m}" for m in false_alarms],
        "",
    ]
    return lines, result


def main() -> None:
    lines = ["# PII redaction: precision and recall by category", ""]
    results = {}
    for name in ("heldout", "dev"):
        part, results[name] = evaluate(name)
        lines += part
    lines.append("command: python benchmarks/privacy.py")
    out = HERE / "results" / "privacy.json"
    out.write_text(json.dumps(results, indent=1))
    text = "\n".join(lines) + "\n"
    out.with_suffix(".md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
