"""One personalization round on a real user, on the CPU: select, annotate, synthesize, train, evaluate.

    python benchmarks/round.py                      # the most active chitchat-dataset speaker
    python benchmarks/round.py --stream 600 --k 3 --epochs 2 --test 50

The user is one chitchat-dataset speaker: their replies are the preferred responses. The first
``--stream`` of their turns go through the selection buffer (capacity 64); the buffered turns
are annotated with the speaker's real replies (the simulated annotator), synthesized (K per
annotation), and LoRA-trained. The speaker's last ``--test`` replies, never streamed, are the
held-out set: ROUGE-1 and reference NLL of the base model vs the adapter. Every stage is timed;
peak RSS is the whole process. Writes JSON and Markdown under benchmarks/results/.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import torch

from pockettune import Personalizer
from pockettune.annotate import simulated_annotator
from pockettune.eval.machine import machine, peak_rss_mb
from pockettune.eval.memory import RssWatch
from pockettune.eval.score import score_turns
from pockettune.ingest import chitchat_speakers, read_chitchat

RESULTS = Path(__file__).parent / "results"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--speaker", help="chitchat speaker id (default: the most active)")
    ap.add_argument("--stream", type=int, default=600)
    ap.add_argument("--capacity", type=int, default=64)
    ap.add_argument("--k", type=int, default=3)
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--test", type=int, default=50)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--out", default="round-chitchat", help="results name under benchmarks/results")
    ap.add_argument("overrides", nargs="*", help="config key=value, e.g. model.precision=fp32")
    args = ap.parse_args()

    speaker = args.speaker or chitchat_speakers(1000)[0][0]
    turns = [t for _, t in read_chitchat(speaker)]
    held_out = turns[-args.test :]
    stream = turns[: min(args.stream, len(turns) - args.test)]
    overrides = [
        f"select.capacity={args.capacity}",
        f"synth.k={args.k}",
        f"train.epochs={args.epochs}",
        f"train.seed={args.seed}",
        f"select.seed={args.seed}",
        f"model.threads={args.threads}",
        *args.overrides,
    ]
    times: dict[str, float] = {}
    with (
        RssWatch() as watch,
        tempfile.TemporaryDirectory() as home,
        Personalizer.open(home, overrides=overrides) as pt,
    ):
        t = time.perf_counter()
        with watch.stage("load_model"):
            _ = pt.lm
        pt_precision = pt.lm.precision
        times["load_model_s"] = time.perf_counter() - t
        t = time.perf_counter()
        with watch.stage("select"):
            pt.observe_many(stream)
        times["select_s"] = time.perf_counter() - t
        t = time.perf_counter()
        with watch.stage("annotate"):
            ann = pt.annotate(simulated_annotator, limit=args.capacity, show_replies=False)
        times["annotate_s"] = time.perf_counter() - t
        with watch.stage("synth"):
            synth = pt.synthesize(progress=True)
        times["synth_s"] = synth.seconds
        with watch.stage("train"):
            rep = pt.train(progress=True)
        times["train_s"] = rep.seconds
        t = time.perf_counter()
        with watch.stage("eval_base"):
            base = score_turns(
                pt.use_adapter(None),
                pt.lm.tokenizer,
                held_out,
                progress=True,
                precision=pt_precision,
            )
        times["eval_base_s"] = time.perf_counter() - t
        t = time.perf_counter()
        with watch.stage("eval_adapter"):
            tuned = score_turns(
                pt.use_adapter("active"),
                pt.lm.tokenizer,
                held_out,
                progress=True,
                precision=pt_precision,
            )
        times["eval_adapter_s"] = time.perf_counter() - t
        cfg = pt.config.to_dict()
        examples = [
            {"question": h.question, "reference": h.reference, "base": b, "adapter": a}
            for h, b, a in list(zip(held_out, base.replies, tuned.replies))[:5]
        ]

    round_s = times["synth_s"] + times["train_s"]
    result = {
        "benchmark": "round",
        "speaker": speaker,
        "stream": len(stream),
        "test": len(held_out),
        "seed": args.seed,
        "config": cfg,
        "annotations": ann["saved"],
        "synth": {
            "generated": synth.generated,
            "parsed": synth.parsed,
            "kept": synth.kept,
            "keep_rate": synth.keep_rate,
            "rejected": dict(synth.rejected),
            "kept_per_min": 60 * synth.kept / synth.seconds if synth.seconds else 0.0,
        },
        "train": {
            "steps": rep.steps,
            "s_per_step": rep.seconds_per_step,
            "tokens_per_s": rep.tokens_per_second,
            "response_tokens": rep.tokens,
            "first_loss": rep.first_loss,
            "final_loss": rep.final_loss,
            "examples": rep.examples,
        },
        "times": times,
        "round_s": round_s,
        "peak_rss_mb": peak_rss_mb(),
        "rss_by_stage_mb": watch.stages,
        "rouge1": {"base": base.rouge1_mean, "adapter": tuned.rouge1_mean},
        "nll": {"base": base.nll_mean, "adapter": tuned.nll_mean},
        "reply_words": {"base": base.reply_tokens_mean, "adapter": tuned.reply_tokens_mean},
        "examples": examples,
        "machine": machine(),
        "torch_threads": torch.get_num_threads(),
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
        "precision": {"generation": pt_precision, "training": rep.precision},
        "overrides": args.overrides,
    }
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"{args.out}.json"
    out.write_text(json.dumps(result, indent=1))
    m = result["machine"]
    lines = [
        f"# One personalization round on a real user (chitchat speaker {speaker[:8]}), seed {args.seed}",
        f"machine: {m['cpu']}, {m['cores']} cores, torch threads {result['torch_threads']}; "
        f"peak RSS {result['peak_rss_mb']:.0f} MB; arithmetic: generation {pt_precision}, "
        f"training {rep.precision}",
        f"stream {len(stream)} turns -> buffer {args.capacity} -> {ann['saved']} annotations (the speaker's real replies); "
        f"K={args.k}; {args.epochs} epochs; held-out: the speaker's last {len(held_out)} replies",
        "",
        "| stage | seconds | RSS at start MB | peak RSS in stage MB |",
        "|---|---|---|---|",
        *[
            f"| {k.removesuffix('_s')} | {v:.1f} | {watch.stages[k.removesuffix('_s')]['start_mb']:.0f} | "
            f"{watch.stages[k.removesuffix('_s')]['peak_mb']:.0f} |"
            for k, v in times.items()
        ],
        f"| **round (synth + train)** | **{round_s:.1f}** | | |",
        "",
        f"synthesis: {synth.generated} generated, {synth.parsed} parsed, {synth.kept} kept "
        f"({synth.keep_rate:.0%}), {result['synth']['kept_per_min']:.1f} kept pairs/min; rejected {dict(synth.rejected)}",
        f"training: {rep.steps} steps, {rep.seconds_per_step:.2f} s/step, {rep.tokens_per_second:.0f} response tokens/s, "
        f"loss {rep.first_loss:.3f} -> {rep.final_loss:.3f}, examples {rep.examples}",
        "",
        f"| held-out (n={len(held_out)}) | ROUGE-1 F1 | reference NLL/token | reply words |",
        "|---|---|---|---|",
        f"| base model | {base.rouge1_mean:.4f} | {base.nll_mean:.3f} | {base.reply_tokens_mean:.1f} |",
        f"| adapter | {tuned.rouge1_mean:.4f} | {tuned.nll_mean:.3f} | {tuned.reply_tokens_mean:.1f} |",
        "",
        f"command: python benchmarks/round.py --stream {args.stream} --capacity {args.capacity} --k {args.k} "
        f"--epochs {args.epochs} --test {args.test} --seed {args.seed}"
        + (f" --out {args.out}" if args.out != "round-chitchat" else "")
        + "".join(f" {o}" for o in args.overrides),
    ]
    text = "\n".join(lines) + "\n"
    out.with_suffix(".md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
