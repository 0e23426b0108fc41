"""PII redaction precision, recall and speed on labelled chat messages.

    python benchmarks/privacy.py              # every set; writes results/privacy.{md,json}
    python benchmarks/privacy.py --dev-only   # the sets tuned on (Faker dev, Faker fresh2,
                                              # Faker fresh3, Faker fresh4, Faker fresh5,
                                              # Faker fresh6, project dev); prints, writes
                                              # nothing unless --out names a results file
    python benchmarks/privacy.py --help       # this text
    python benchmarks/privacy.py --out privacy-before   # another results name (PYTHONPATH
                                              # at an older checkout measures its redactor)
    python benchmarks/privacy.py --fresh-seed 4141   # adds the test templates and locales
                                              # filled with another seed's values
    python benchmarks/privacy.py --split fresh6 --out privacy-fresh6-first
                                              # only that Faker split (any name in
                                              # pii_splits.SPLITS); writes results/<out>
                                              # (privacy-<split> by default)
    python benchmarks/privacy.py --dev-only privacy.ner=spacy-sm   # with a spaCy NER
                                              # model's names added (privacy.ner; needs
                                              # requirements/ner.txt; results/privacy-ner.md)

(``--fresh-seed`` re-fills the test split; the "Faker fresh", "Faker fresh2" ... "Faker fresh6"
splits are another thing: their own templates and locales, and they are in every
full run. ``--split NAME`` measures that one Faker split and nothing else; ``--fresh-seed`` and
``--dev-only`` keep their meaning without it.)

Sets:

- Faker dev / test (``pii_faker.py``, seed 41): messages from templates written before any
  tuning, filled with Faker values of 14 locales; dev and test share no template and no
  locale. Recognizers were tuned on dev only; test is measured by the full run.
- Faker fresh (``pii_faker.py``, seed 41): templates written after the test split had been
  looked at (``pii_templates_fresh.py``), in 8 locales used by neither dev nor test, committed
  (16b8ffc) before any measurement on them; measured unseen once (results/privacy-fresh-first.md),
  no longer unseen since the issue #41 fixes that measurement informed.
- Faker fresh2 (``pii_faker.py``, seed 41): templates by an author who had not read the
  recognizers (``pii_templates_fresh2.py``), in 8 more locales used by no other split,
  committed (242a238) before any measurement on them; measured unseen once at 0ce2c13
  (results/privacy-fresh2-first.md); no longer unseen since the fixes that measurement
  informed: a dev set from then on, printed by ``--dev-only``
  (results/privacy-before-fresh2-fixes.md: the redactor before those fixes).
- Faker fresh3 (``pii_faker.py``, seed 41): templates by an independent author who had not
  read the recognizers or any leak list (``pii_templates_fresh3.py``), in 8 more locales used
  by no other split, committed (79c5db1, 5d18462) before any measurement on them; measured
  unseen once at b2dbc52 (results/privacy-fresh3-first.md; redactor of 5d18462: precision
  0.979, recall 0.894, PII-free left clean 0.925); no longer unseen since the fixes that
  measurement informed: a dev set from then on, printed by ``--dev-only``
  (results/privacy-before-fresh3-fixes.md: the redactor before those fixes).
- Faker fresh4 (``pii_faker.py``, seed 41): templates by another independent author who had not
  read the recognizers or any leak list (``pii_templates_fresh4.py``), in 8 more locales used
  by no other split, committed (d9b1ce5) before any measurement on them; measured unseen once
  (results/privacy-fresh4-first.md); no longer unseen since the fixes that measurement
  informed: a dev set from then on, printed by ``--dev-only``
  (results/privacy-before-fresh4-fixes.md: the redactor before those fixes).
- Faker fresh5 (``pii_faker.py``, seed 41): templates by yet another independent author who
  had not read the recognizers or any leak list (``pii_templates_fresh5.py``), in 8 more locales
  used by no other split, committed (012cb4f) before any measurement on them; measured unseen
  once, alone, at 981e1cd (results/privacy-fresh5-first.md); no longer unseen since the fixes
  that measurement informed: a dev set from then on, in every full run and printed by
  ``--dev-only`` (results/privacy-before-fresh5-fixes.md: the dev sets before those fixes).
- Faker fresh6 (``pii_faker.py``, seed 61): English templates by another independent author who
  had not read the recognizers or any leak list (``pii_templates_fresh6.py``: text as users
  paste it into an English-speaking assistant), filled with values of 8 more locales used by no
  other split, committed (ef9b985) before any measurement on them; measured unseen once, alone,
  at 4b6d5ea (results/privacy-fresh6-first.md); no longer unseen since the fixes that
  measurement informed: a dev set from then on, in every full run and printed by ``--dev-only``
  (results/privacy-before-fresh6-fixes.md: the dev sets before those fixes).
- ``data/pii_heldout.jsonl`` (248 messages, 86 PII-free with look-alikes), written before the
  Presidio-based redactor existed and only measured.
- ``data/pii_dev.jsonl`` (157 messages): the set the first recognizers were tuned on.

Two scores. Strict (``pii_score.py``, the one the figures are about): a value is redacted
only if none of its identifying parts survives (name words, house and unit numbers,
postcodes, digit groups), under any placeholder; a predicted span is a false alarm when it
overlaps no labelled value. Overlap (the score the project reported before issue #41): a
predicted span is a true positive when it overlaps a labelled value of the same category.
Also measured: PII-free messages left clean, other words kept, ms per message after the
one-off engine build.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from pii_faker import (
    DEV_LOCALES,
    FRESH2_LOCALES,
    FRESH3_LOCALES,
    FRESH4_LOCALES,
    FRESH5_LOCALES,
    FRESH6_LOCALES,
    FRESH_LOCALES,
    SEED,
    SPLIT_LOCALES,
    SPLIT_SEEDS,
    SPLITS,
    TEST_LOCALES,
    generate,
)
from pii_score import run
from privacy_notes import HONESTY
from results_io import save_results

from pockettune.privacy import CATEGORIES, Redactor

HERE = Path(__file__).parent
EMBED_MS = "186 ms/turn in batches of 8, 224 ms alone (SmolLM2-135M forward pass, results/selection-chitchat.md)"


def load(name: str) -> list[dict]:
    return [
        json.loads(line) for line in (HERE / "data" / f"pii_{name}.jsonl").read_text().splitlines()
    ]


def overlap_score(cases: list[dict], red: Redactor) -> dict:
    """The project's earlier score: same-category overlap, per category."""
    tp, fp, fn = Counter(), Counter(), Counter()
    for case in cases:
        text = case["text"]
        gold = [
            (p["category"], text.index(p["value"]), text.index(p["value"]) + len(p["value"]))
            for p in case["pii"]
        ]
        used = set()
        for s in red.find(text):
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
        for g in gold:
            if g not in used:
                fn[g[0]] += 1
    t, p_, g = sum(tp.values()), sum(tp.values()) + sum(fp.values()), sum(tp.values())
    g += sum(fn.values())
    return {"precision": t / p_ if p_ else None, "recall": t / g if g else None}


def f(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def overall(name: str, r: dict, extra: str = "") -> str:
    return (
        f"| {name} | {r['messages']} | {r['labelled']} | {f(r['precision'])} | "
        f"{f(r['recall'])} | {f(r['clean'])} ({r['pii_free']}) | {f(r['words_kept'])} | "
        f"{r['ms_median']:.1f} |{extra}"
    )


def tables(name: str, r: dict) -> list[str]:
    lines = [f"## {name}: per label", "", "| label | values | redacted | recall | predicted |"]
    lines[-1] += " precision |"
    lines.append("|---|---|---|---|---|---|")
    for cat in [c for c in CATEGORIES if c in r["per_label"]]:
        x = r["per_label"][cat]
        lines.append(
            f"| {cat} | {x['labelled']} | {x['redacted']} | {f(x['recall'])} | "
            f"{x['predicted']} | {f(x['precision'])} |"
        )
    if r["per_locale"]:
        lines += ["", f"## {name}: per locale", "", "| locale | messages | values | precision |"]
        lines[-1] += " recall | clean (PII-free) | words kept | ms median (whole set) |"
        lines.append("|---|---|---|---|---|---|---|---|")
        lines += [
            overall(loc, x | {"ms_median": r["ms_median"]}) for loc, x in r["per_locale"].items()
        ]
    lines += ["", "Leaks:", *([f"- {m}" for m in r["leaks"]] or ["- none"]), ""]
    lines += ["False alarms:", *([f"- {m}" for m in r["false_alarms"]] or ["- none"]), ""]
    return lines


def checkout() -> str:
    """The commit of the pockettune being measured, and whether its privacy/ is edited."""
    import subprocess

    import pockettune

    root = Path(pockettune.__file__).parents[1]
    git = ["git", "-C", str(root)]
    try:
        head = subprocess.run(
            [*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True
        )
        dirty = subprocess.run(
            [*git, "status", "--porcelain", "pockettune/privacy"], capture_output=True, text=True
        )
    except OSError:
        return str(root)
    return f"{root} {head.stdout.strip()}" + (" (privacy/ edited)" if dirty.stdout.strip() else "")


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{cpu}, {cores} cores, Python {platform.python_version()}, {platform.system()}"


def full_sets(argv: list[str], dev_only: bool) -> dict[str, list[dict]]:
    """The sets of a run without ``--split``; Faker fresh5 and fresh6 are dev sets since their
    one first-sight measurement (``--split``, results/privacy-fresh{5,6}-first.md)."""
    sets = {"Faker dev": generate("dev"), "project dev": load("dev")}
    if not dev_only:
        sets = {"Faker test": generate("test"), "project held-out": load("heldout")} | sets
        sets = {"Faker fresh": generate("fresh")} | sets
    sets = {"Faker fresh5": generate("fresh5"), "Faker fresh6": generate("fresh6")} | sets
    sets = {"Faker fresh4": generate("fresh4")} | sets
    sets = {"Faker fresh3": generate("fresh3")} | sets
    sets = {"Faker fresh2": generate("fresh2")} | sets
    if "--fresh-seed" in argv:
        seed = int(argv[argv.index("--fresh-seed") + 1])
        sets = {f"Faker test, seed {seed}": generate("test", seed=seed)} | sets
    return sets


def locales_line(split: str | None) -> str:
    """The seed and the Faker locales of the sets measured."""
    if split is not None:
        return (
            f"seed {SPLIT_SEEDS[split]}; Faker {split} locales {', '.join(SPLIT_LOCALES[split])}; "
            "no other set."
        )
    return (
        f"seed {SEED}; Faker dev locales {', '.join(DEV_LOCALES)}; "
        f"test locales {', '.join(TEST_LOCALES)}; fresh locales {', '.join(FRESH_LOCALES)}; "
        f"fresh2 locales {', '.join(FRESH2_LOCALES)}; "
        f"fresh3 locales {', '.join(FRESH3_LOCALES)}; "
        f"fresh4 locales {', '.join(FRESH4_LOCALES)}; "
        f"fresh5 locales {', '.join(FRESH5_LOCALES)}; "
        f"fresh6 (seed {SPLIT_SEEDS['fresh6']}) locales {', '.join(FRESH6_LOCALES)}."
    )


def main(argv: list[str]) -> None:
    if "--help" in argv or "-h" in argv:
        print(__doc__)
        return
    dev_only = "--dev-only" in argv
    split = argv[argv.index("--split") + 1] if "--split" in argv else None
    default_out = "privacy" if split is None else f"privacy-{split}"
    out = argv[argv.index("--out") + 1] if "--out" in argv else default_out
    if split is not None and split not in SPLITS:
        sys.exit(f"--split: unknown split {split!r}; one of {', '.join(SPLITS)}")
    ner = next((a.split("=", 1)[1] for a in argv if a.startswith("privacy.ner=")), "off")
    t0 = time.perf_counter()
    red = Redactor(ner=ner)
    red.find("warm up: Anna at anna@example.com, +44 20 7946 0958")
    build_s = time.perf_counter() - t0
    sets = full_sets(argv, dev_only) if split is None else {f"Faker {split}": generate(split)}
    results = {name: run(cases, red) for name, cases in sets.items()}
    overlap = {
        name: overlap_score(cases, red)
        for name, cases in sets.items()
        if name.startswith("project")
    }
    command = " ".join(["python benchmarks/privacy.py", *argv])
    lines = [
        "# PII redaction: precision and recall",
        "",
        "Engine: Microsoft Presidio (analyzer + anonymizer) on a tokenizer-only NLP engine, offline "
        "(pockettune/privacy/). Strict leak rule (benchmarks/pii_score.py): a value counts as "
        "redacted only if no name word, house/unit number, postcode or digit group of it survives."
        + ("" if ner == "off" else f" Names also from the spaCy NER model privacy.ner={ner}."),
        "",
        f"Command: `{command}`; redactor at {checkout()}; {locales_line(split)}",
        f"Machine: {machine()}. One-off engine build {build_s:.1f} s. Embedding for comparison: "
        f"{EMBED_MS}.",
        "",
        HONESTY,
        "",
        "| set | messages | values | precision | recall | clean (PII-free) | words kept | ms median |",
        "|---|---|---|---|---|---|---|---|",
    ]
    lines += [overall(name, r) for name, r in results.items()]
    all_ms = [results[n]["ms_median"] for n in results]
    lines += ["", f"Median of the sets' median ms per message: {statistics.median(all_ms):.1f}."]
    p95 = "; ".join(f"{n} {r['ms_median']:.1f} / {r['ms_p95']:.1f}" for n, r in results.items())
    lines += ["", f"ms per message, median / p95: {p95}."]
    if overlap:
        lines += ["", "Overlap score (same category overlaps, as reported before issue #41):", ""]
        lines += ["| set | precision | recall |", "|---|---|---|"]
        lines += [f"| {n} | {f(o['precision'])} | {f(o['recall'])} |" for n, o in overlap.items()]
    lines.append("")
    for name, r in results.items():
        lines += tables(name, r)
    info = {
        "command": command,
        "seed": SEED if split is None else SPLIT_SEEDS[split],
        "machine": machine(),
        "engine_build_s": build_s,
        "sets": results,
        "overlap": overlap,
    }
    if dev_only:
        print("\n".join(lines))
    if not dev_only or "--out" in argv:
        save_results(HERE / "results" / out, info, lines)


if __name__ == "__main__":
    main(sys.argv[1:])
