"""Commands that personalize: annotate, synth, train."""

from __future__ import annotations

import argparse

from .registry import QUIET, arg, command, open_home


@command(
    "annotate",
    "give preferred responses to buffered turns",
    arg("--limit", type=int, help="questions this session (default annotate.per_session)"),
    arg("--simulate", action="store_true", help="use the data's reference responses (experiments)"),
    arg("--no-reply", action="store_true", help="do not generate the model's reply first"),
)
def cmd_annotate(args: argparse.Namespace) -> int:
    from ..annotate import simulated_annotator
    from ..annotate.prompt import terminal_annotator

    with open_home(args) as pt:
        limit = args.limit or pt.config.annotate.per_session
        todo = pt.annotations.queue(limit)
        if not todo:
            print("nothing to annotate: the buffer holds no unannotated turns")
            return 0
        if args.simulate:
            annotator = simulated_annotator
        else:
            annotator = terminal_annotator(len(todo), pt.config.annotate.max_chars)
            print(f"{len(todo)} questions, most valuable first; each answer is saved at once.")
        counts = pt.annotations.run(annotator, limit, show_replies=not args.no_reply)
        print(
            f"saved {counts['saved']}, skipped {counts['skipped']}; "
            f"{pt.annotations.count()} annotations in all"
        )
    return 0


@command("synth", "write look-alike pairs for new annotations", QUIET)
def cmd_synth(args: argparse.Namespace) -> int:
    with open_home(args) as pt:
        print(pt.synthesize(progress=not args.quiet).summary())
    return 0


@command(
    "train",
    "LoRA fine-tune on annotations + synthesized pairs",
    arg("--resume", action="store_true", help="continue the last interrupted round"),
    arg("--max-steps", type=int, help="stop after this many steps (smoke runs)"),
    QUIET,
)
def cmd_train(args: argparse.Namespace) -> int:
    with open_home(args) as pt:
        rep = pt.train(resume=args.resume, progress=not args.quiet, max_steps=args.max_steps)
        print(rep.summary())
        return 130 if rep.interrupted else 0
