"""Replies a user keeps: the personal prompt (profile summary, in-context examples) and the
adapter, measured on held-out dev turns of several datasets.

    flock /tmp/pockettune-cpu.lock python benchmarks/replies.py \
        --datasets chitchat:1,chitchat:2,alpaca,empathetic --stream 400 --items 60

Per dataset (the bench's dev split: the first ``--stream`` turns stream in, the ``--items``
scored are the first of the 200 ``bench.dev`` turns right after them; the last 400 test
turns are never read here): the default pipeline of ``scripts/demo.py`` (ingest the stream
into the buffer, a SIMULATED annotator answers every kept turn with the dataset's real
reply, synthesize, train one LoRA adapter). Then 8 cells: profile summary on/off x
in-context examples (``profile.examples`` 2 / 0) x base / adapter, each scored on the same
items with the personal prompt the chat would build:

- NLL: mean per-token NLL of the real reply after that prompt (teacher forcing; the
  reference's tokens plus the end-of-turn token, at most 128);
- ROUGE-1 F1 and the length gap (``Scores.length_gap``: mean |log((1 + reply words) /
  (1 + reference words))|) of the greedy reply (chat decoding, 64 new tokens at most);
- degenerate share (``pockettune.eval.degenerate``): loops, a 4-gram said twice, word salad,
  or ROUGE-1 F1 >= 0.8 with the reply the same cell gave to the previous dev item (the chat's
  "answers the next message with the same text").

Chitchat speakers ranked 10-12 by replies are refused; a dataset file that is absent is
skipped with a line saying so. Resumable per dataset: rows of a finished dataset with the same
sizes are kept. Writes benchmarks/results/replies.{json,md}.
"""

from __future__ import annotations

import argparse
import json
import math
import shlex
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
FILES = {
    "alpaca": DATA / "alpaca" / "alpaca_5000.json",
    "empathetic": DATA / "empathetic_dialogues" / "empathetic_dialogues_test.jsonl",
}
RESERVED_RANKS = (10, 11, 12)
OUT = Path(__file__).parent / "results" / "replies"
CELLS = [(s, e) for s in (False, True) for e in (0, 2)]  # (summary, examples)


def resolve(name: str) -> tuple[str, str] | None:
    """(label, spec for load_dataset / ingest); None when the file is absent."""
    from pockettune.ingest import chitchat_speakers

    if name.startswith("chitchat"):
        who = name.partition(":")[2] or "1"
        ids = [s for s, _ in chitchat_speakers(1000)]
        rank = int(who) if who.isdigit() else ids.index(who) + 1
        if rank in RESERVED_RANKS:
            raise SystemExit(f"{name}: chitchat ranks 10-12 are reserved for an outside check")
        return f"chitchat-{ids[rank - 1][:8]}", f"chitchat:{ids[rank - 1]}"
    path = FILES.get(name, Path(name))
    if not path.exists():
        print(f"{name}: {path} is absent here, skipped")
        return None
    return name, str(path)


def nll_many(model: Any, tokenizer: Any, prompts: list[list[int]], refs: list[str]) -> list[float]:
    """Per item: mean NLL of the reference's tokens (plus end of turn) after its prompt."""
    import torch
    import torch.nn.functional as F

    eos = tokenizer.convert_tokens_to_ids("<|im_end|>")
    eos = eos if isinstance(eos, int) and eos >= 0 else tokenizer.eos_token_id
    out = []
    for ids, ref in zip(prompts, refs):
        cont = tokenizer.encode(ref, add_special_tokens=False)[:127] + [eos]
        x = torch.tensor([ids + cont])
        with torch.inference_mode():
            logits = model(input_ids=x).logits[0, len(ids) - 1 : -1].float()
        out.append(float(F.cross_entropy(logits, torch.tensor(cont)).item()))
    return out


def run_dataset(label: str, spec: str, a: argparse.Namespace) -> dict[str, Any]:
    from pockettune import Personalizer
    from pockettune.annotate import simulated_annotator
    from pockettune.eval import degenerate
    from pockettune.eval.protocol import load_dataset
    from pockettune.eval.rouge import rouge1
    from pockettune.eval.score import Scores
    from pockettune.turn import Turn

    t0 = time.perf_counter()
    ds = load_dataset(spec, a.stream, a.test_tail, a.dev)
    items = ds.test[: a.items]  # with dev, ``test`` holds the dev turns (protocol.py)
    home = Path(tempfile.mkdtemp(prefix="pt-replies-")) / "home"
    over = [f"select.capacity={a.capacity}", f"train.seed={a.seed}", *a.overrides]
    print(f"\n== {label}: stream {len(ds.stream)} turns, {len(items)} dev items scored")
    pt = Personalizer.open(home, preset=a.preset or None, overrides=over)
    try:
        pt.ingest(spec, limit=len(ds.stream), progress=False)
        ann = pt.annotate(simulated_annotator, limit=a.capacity, show_replies=False)
        syn = pt.synthesize(progress=False)
        tr = pt.train(progress=False)
        version = pt.adapters.active()
        print(f"  {ann['saved']} annotations (SIMULATED: the real replies); {syn.summary()}; "
              f"{tr.summary()}; adapter v{version}")  # fmt: skip
        pairs = [(t.question, t.context) for t in items]
        embs, _ = pt.embed_turns([Turn(q, context=c) for q, c in pairs])
        refs = [t.reference for t in items]
        rows = []
        prof = pt.config.profile
        for adapter in (None, version):
            for summary, examples in CELLS:
                prof.summary, prof.examples = summary, examples
                model = pt.use_adapter(adapter)
                ids = pt.prompts(pairs, personal=True, embeddings=embs)
                nll = nll_many(model, pt.lm.tokenizer, ids, refs)
                replies = pt.reply_many(pairs, a.max_new_tokens, adapter=adapter,
                                        personal=True, embeddings=embs)  # fmt: skip
                replies = [r.strip() for r in replies]
                ratio = [math.log((1 + len(r.split())) / (1 + len(t.split())))
                         for r, t in zip(replies, refs)]  # fmt: skip
                sc = Scores(nll, [rouge1(r, t) for r, t in zip(replies, refs)], replies, ratio)
                prev = [""] + replies[:-1]
                rows.append({
                    "adapter": "adapter" if adapter is not None else "base",
                    "summary": summary, "examples": examples,
                    "prompt_tokens": sum(map(len, ids)) / len(ids),
                    "nll": sc.nll_mean, "rouge1": sc.rouge1_mean, "length_gap": sc.length_gap,
                    "reply_words": sc.reply_tokens_mean,
                    "degenerate": degenerate.share(replies, prev),
                    "degenerate_reasons": degenerate.reasons(replies, prev),
                    "per_item": {"nll": nll, "rouge1": sc.rouge1},
                    "replies": replies[:5],
                })  # fmt: skip
                r = rows[-1]
                print(f"  {r['adapter']:<7} summary={summary!s:<5} examples={examples}: "
                      f"NLL {r['nll']:.3f} ROUGE-1 {r['rouge1']:.4f} gap {r['length_gap']:.2f} "
                      f"words {r['reply_words']:.1f} degenerate {r['degenerate']:.1%}", flush=True)  # fmt: skip
        summary_text = pt.profile.summary()
    finally:
        pt.close()
        shutil.rmtree(home.parent, ignore_errors=True)
    return {
        "dataset": label, "spec": spec, "sizes": sizes(a), "stream": len(ds.stream),
        "items": len(items), "annotations": ann["saved"], "adapter_version": version,
        "reference_words": sum(len(t.split()) for t in refs) / len(refs),
        "profile_summary": summary_text, "cells": rows,
        "seconds": round(time.perf_counter() - t0, 1),
    }  # fmt: skip


def sizes(a: argparse.Namespace) -> dict[str, Any]:
    return {"stream": a.stream, "dev": a.dev, "items": a.items, "capacity": a.capacity,
            "max_new_tokens": a.max_new_tokens, "seed": a.seed, "preset": a.preset,
            "overrides": a.overrides}  # fmt: skip


def aggregate(res: dict[str, Any]) -> list[dict[str, Any]]:
    """Per cell, the mean over datasets, and paired CIs against the bare prompt."""
    import numpy as np

    from pockettune.eval.stats import paired_bootstrap

    out = []
    for adapter in ("base", "adapter"):
        for summary, examples in CELLS:
            nll, r1, gap, deg, dn, dr = [], [], [], [], [], []
            for d in res["datasets"]:
                cell = next(c for c in d["cells"] if (c["adapter"], c["summary"],
                            c["examples"]) == (adapter, summary, examples))  # fmt: skip
                bare = next(c for c in d["cells"] if (c["adapter"], c["summary"],
                            c["examples"]) == (adapter, False, 0))  # fmt: skip
                nll.append(cell["nll"])
                r1.append(cell["rouge1"])
                gap.append(cell["length_gap"])
                deg.append(cell["degenerate"])
                dn += list(np.subtract(cell["per_item"]["nll"], bare["per_item"]["nll"]))
                dr += list(np.subtract(cell["per_item"]["rouge1"], bare["per_item"]["rouge1"]))
            cn = paired_bootstrap(np.array(dn), np.zeros(len(dn)))
            cr = paired_bootstrap(np.array(dr), np.zeros(len(dr)))
            out.append({"adapter": adapter, "summary": summary, "examples": examples,
                        "nll": float(np.mean(nll)), "rouge1": float(np.mean(r1)),
                        "length_gap": float(np.mean(gap)), "degenerate": float(np.mean(deg)),
                        "nll_vs_bare": [cn.diff, cn.low, cn.high],
                        "rouge1_vs_bare": [cr.diff, cr.low, cr.high]})  # fmt: skip
    return out


def table(res: dict[str, Any]) -> str:
    run = res["run"]
    lines = [
        "# Replies a user keeps: personal prompt x adapter on dev turns",
        "",
        "SIMULATED annotator (each dataset's real replies). Dev turns only (the bench's "
        "`bench.dev` split); the test tail is never read. NLL of the real reply after the "
        "cell's prompt (lower is better), ROUGE-1 F1 and length gap of greedy replies, "
        "degenerate share (pockettune/eval/degenerate.py; repeat = ROUGE-1 F1 >= 0.8 with the "
        "reply to the previous dev item).",
        "",
    ]
    for d in res["datasets"]:
        lines += [f"## {d['dataset']} ({d['items']} dev items, {d['annotations']} annotations, "
                  f"real replies {d['reference_words']:.1f} words)", "",
                  "| model | summary | examples | NLL | ROUGE-1 | length gap | words | degenerate |",
                  "|---|---|---|---|---|---|---|---|"]  # fmt: skip
        for c in d["cells"]:
            lines.append(f"| {c['adapter']} | {'on' if c['summary'] else 'off'} | "
                         f"{c['examples']} | {c['nll']:.3f} | {c['rouge1']:.4f} | "
                         f"{c['length_gap']:.2f} | {c['reply_words']:.1f} | "
                         f"{c['degenerate']:.1%} |")  # fmt: skip
        lines.append("")
    if res.get("mean"):
        lines += [f"## Mean over {len(res['datasets'])} datasets (CI: items pooled, paired "
                  "against the same model's bare prompt)", "",
                  "| model | summary | examples | NLL | NLL vs bare [95% CI] | ROUGE-1 | "
                  "ROUGE-1 vs bare [95% CI] | length gap | degenerate |",
                  "|---|---|---|---|---|---|---|---|---|"]  # fmt: skip
        for c in res["mean"]:
            n, r = c["nll_vs_bare"], c["rouge1_vs_bare"]
            lines.append(f"| {c['adapter']} | {'on' if c['summary'] else 'off'} | "
                         f"{c['examples']} | {c['nll']:.3f} | {n[0]:+.3f} [{n[1]:+.3f}, "
                         f"{n[2]:+.3f}] | {c['rouge1']:.4f} | {r[0]:+.4f} [{r[1]:+.4f}, "
                         f"{r[2]:+.4f}] | {c['length_gap']:.2f} | {c['degenerate']:.1%} |")  # fmt: skip
    m = run["machine"]
    lines += ["", f"Sizes: {json.dumps(run['sizes'])}. Machine: {m.get('cpu', '?')}, "
              f"{m.get('cores', m.get('cpus', '?'))} cores. Command: `{run['command']}`", ""]  # fmt: skip
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--datasets", default="chitchat:1,chitchat:2,alpaca,empathetic")
    ap.add_argument("--stream", type=int, default=1000, help="turns streamed before dev")
    ap.add_argument("--dev", type=int, default=200, help="dev turns after the stream")
    ap.add_argument("--test-tail", type=int, default=400, help="test turns held out of both")
    ap.add_argument("--items", type=int, default=100, help="dev items scored")
    ap.add_argument("--capacity", type=int, default=32, help="buffer size = annotations")
    ap.add_argument("--max-new-tokens", type=int, default=64)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--preset", default="", help="config preset (tiny: a smoke test)")
    ap.add_argument("--out", default=str(OUT))
    ap.add_argument("overrides", nargs="*", help="config key=value")
    a = ap.parse_args()

    from pockettune.eval.machine import machine
    from pockettune.store import atomic_write_text

    out = Path(a.out)
    path = out.with_suffix(".json")
    old = json.loads(path.read_text()) if path.exists() else {}
    done = {d["dataset"]: d for d in old.get("datasets", []) if d.get("sizes") == sizes(a)}
    print("The annotator is SIMULATED: each dataset's real replies answer the questions.")
    res: dict[str, Any] = {"datasets": [], "run": {
        "command": "python benchmarks/replies.py " + shlex.join(sys.argv[1:]),
        "sizes": sizes(a), "machine": machine()}}  # fmt: skip
    for name in filter(None, a.datasets.split(",")):
        got = resolve(name.strip())
        if got is None:
            continue
        label, spec = got
        row = done.get(label) or run_dataset(label, spec, a)
        res["datasets"] = [d for d in res["datasets"] if d["dataset"] != label] + [row]
        res["mean"] = aggregate(res)
        out.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, json.dumps(res, indent=1))
        atomic_write_text(out.with_suffix(".md"), table(res))
    print(table(res))


if __name__ == "__main__":
    main()
