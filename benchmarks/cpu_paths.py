"""Ingest and evaluation on the CPU people own: the old path and the new one, in one run.

    python benchmarks/cpu_paths.py                      # ~15 min on 2 AVX2 cores
    ATEN_CPU_CAPABILITY=avx2 ONEDNN_MAX_CPU_ISA=AVX2 MKL_ENABLE_INSTRUCTIONS=AVX2 \\
        python benchmarks/cpu_paths.py model.precision=fp32 train.precision=fp32   # AMX/AVX-512 hosts

Ingest: a stream through a fresh home with the default policy (``random``), old path
(``select.lazy_embed=false model.embed_tokens=0``: every turn embedded from 512 tokens) against
the defaults (only admitted turns embedded, from their last 128 tokens); both buffers must
hold the same turns. Evaluation: ``score_turns`` on held-out items, the reference NLL in a pass
of its own (old) against scored on the reply's own prefill (new); NLL and replies must agree.
Old and new alternate (``--repeats``), so a change in the machine's load hits both.

Data: long "Dolly-like" turns (an ALPACA instruction with an unrelated 150+-word ALPACA answer
as its context, the shape of Dolly's closed QA and summarization items; ../shared/data, skipped
where absent) and the demo's chitchat speaker (short turns). Prints and writes
benchmarks/results/cpu-paths.{md,json} with the command, config, CPU flags and machine.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from results_io import save_results

ROOT = Path(__file__).resolve().parents[1]
ALPACA = ROOT.parent / "shared" / "data" / "alpaca" / "alpaca_5000.json"
OLD = ["select.lazy_embed=false", "model.embed_tokens=0"]


def dolly_like(n: int, offset: int = 0) -> list[dict]:
    """Dolly-format records (instruction, context, response) built from ALPACA."""
    rows = json.loads(ALPACA.read_text(encoding="utf-8"))
    passages = [r["output"] for r in rows if len(r["output"].split()) >= 150]
    return [
        {"instruction": r["instruction"], "context": passages[i % len(passages)], "response": r["output"]}
        for i, r in enumerate(rows[offset : offset + n])
    ]  # fmt: skip


def ingest_once(src: str, n: int, overrides: list[str]) -> dict:
    from pockettune import Personalizer

    with tempfile.TemporaryDirectory() as home, Personalizer.open(home, overrides=overrides) as pt:
        _ = pt.lm, pt.embedder  # loading is not ingest
        t0 = time.perf_counter()
        rep = pt.ingest(src, limit=n, progress=False)
        sec = time.perf_counter() - t0
        kept = sorted(i.question for i in pt.buffer.items())
    return {"s": sec, "s_per_turn": sec / rep.offered, "admitted": rep.admitted, "kept": kept}


def eval_once(lm, turns, rouge_items: int, shared: bool) -> dict:
    from pockettune.eval.score import score_turns

    t0 = time.perf_counter()
    s = score_turns(lm.model, lm.tokenizer, turns, rouge_items=rouge_items, semantic=False,
                    precision=lm.precision, shared_prefill=shared)  # fmt: skip
    sec = time.perf_counter() - t0
    return {"s": sec, "s_per_item": sec / len(turns), "nll": s.nll, "replies": s.replies}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--turns", type=int, default=400, help="turns streamed per ingest")
    ap.add_argument(
        "--old-turns",
        type=int,
        default=0,
        help="turns the old ingest streams (default --turns): it embeds every turn, so its"
        " cost per turn does not depend on the stream's length",
    )
    ap.add_argument("--items", type=int, default=40, help="Dolly-like held-out items")
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--out", default=str(ROOT / "benchmarks/results/cpu-paths"))
    ap.add_argument("overrides", nargs="*", help="key=value for both paths (model.precision=fp32)")
    ap.add_argument(
        "--write-dolly",
        metavar="PATH",
        help="only write a Dolly-like file for `pockettune bench`: --turns streamed, then"
        " --items held out (the bench scores the file's last items), and exit",
    )
    args = ap.parse_args()
    if args.write_dolly:
        rows = dolly_like(args.turns) + dolly_like(args.items, offset=4000)
        Path(args.write_dolly).write_text("".join(json.dumps(r) + "\n" for r in rows))
        print(f"{args.write_dolly}: {len(rows)} Dolly-like records")
        return

    from pockettune.config import Config
    from pockettune.eval.machine import machine
    from pockettune.ingest import chitchat_speakers, read_chitchat
    from pockettune.models import load_model
    from pockettune.turn import Turn

    cfg = Config.load(None, args.overrides)
    speaker = chitchat_speakers(1000)[0][0]  # the demo's user
    chat = [t for _, t in read_chitchat(speaker) if t.reference.strip()]
    sets = [("chitchat", f"chitchat:{speaker}", chat[-100:], 24)]
    tmp = Path(tempfile.mkdtemp())
    if ALPACA.exists():
        recs = dolly_like(args.turns)
        path = tmp / "dolly_like.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
        held = [Turn(r["instruction"], context=r["context"], reference=r["response"])
                for r in dolly_like(args.items, offset=4000)]  # fmt: skip
        sets.insert(0, ("dolly-like", str(path), held, args.items))
    else:
        print(f"{ALPACA} is absent: the Dolly-like rows are skipped")

    lm = load_model(cfg.model)
    rows, info = [], {"runs": []}
    for name, src, held, rouge in sets:
        res: dict[str, list[dict]] = {
            "ingest old": [],
            "ingest new": [],
            "eval old": [],
            "eval new": [],
        }
        for _ in range(args.repeats):
            old_n = args.old_turns or args.turns
            res["ingest old"].append(ingest_once(src, old_n, [*args.overrides, *OLD]))
            res["ingest new"].append(ingest_once(src, args.turns, list(args.overrides)))
            res["eval old"].append(eval_once(lm, held, rouge, False))
            res["eval new"].append(eval_once(lm, held, rouge, True))
        same_buffer = (
            all(r["kept"] == res["ingest old"][0]["kept"] for r in res["ingest new"])
            if not args.old_turns
            else None  # streams of different lengths: tests/select/test_lazy_embed.py checks it
        )
        o, n = res["eval old"][0], res["eval new"][0]
        nll_diff = max(abs(a - b) for a, b in zip(o["nll"], n["nll"]))
        for stage, unit in (("ingest", "s_per_turn"), ("eval", "s_per_item")):
            old = min(r[unit] for r in res[f"{stage} old"])
            new = min(r[unit] for r in res[f"{stage} new"])
            rows.append((name, stage, unit, old, new))
        info["runs"].append({
            "data": name, "held_out": len(held), "rouge_items": rouge, "same_buffer": same_buffer,
            "admitted": res["ingest new"][0]["admitted"], "nll_max_abs_diff": nll_diff,
            "same_replies": o["replies"] == n["replies"],
            "seconds": {k: [r["s"] for r in v] for k, v in res.items()},
        })  # fmt: skip

    cmd = "python benchmarks/cpu_paths.py " + " ".join(sys.argv[1:])
    m = machine()
    lines = [
        "# Ingest and evaluation: old path against new, one run",
        "",
        f"`{cmd.strip()}`; {m['cpu']}, flags {', '.join(m['cpu_flags']['has'])}"
        f" (torch capability {m['torch_capability']}, caps {m['cpu_flags']['capped'] or 'none'}),"
        f" {m['torch_threads']} threads; generation precision {lm.precision}; best of"
        f" {args.repeats} alternating repeat(s); {args.turns} turns streamed"
        f" ({args.old_turns or args.turns} on the old path), policy"
        f" {cfg.select.policy}, capacity {cfg.select.capacity}.",
        "",
        "| data | stage | old | new | speed-up |",
        "|---|---|---|---|---|",
    ]
    for name, stage, unit, old, new in rows:
        lines.append(f"| {name} | {stage} ({unit}) | {old:.3f} | {new:.3f} | {old / new:.2f}x |")
    lines.append("")
    for r in info["runs"]:
        lines.append(
            f"- {r['data']}: same buffer {r['same_buffer']} ({r['admitted']} admitted of"
            f" {args.turns}); NLL max |old - new| {r['nll_max_abs_diff']:.2e} over"
            f" {r['held_out']} items; same replies {r['same_replies']} ({r['rouge_items']})"
        )
    info.update(command=cmd, machine=m, config=cfg.to_dict(), rows=rows)
    save_results(args.out, info, lines)


if __name__ == "__main__":
    main()
