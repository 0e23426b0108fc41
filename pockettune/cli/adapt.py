"""Commands that keep adapting: profile, adapt."""

from __future__ import annotations

import argparse
import json

from .registry import JSON, QUIET, arg, command, open_home


@command("profile", "show what pockettune learned about you", JSON)
def cmd_profile(args: argparse.Namespace) -> int:
    from ..adapt.loop import profile_with_drift

    with open_home(args) as pt:
        prof = profile_with_drift(pt)
        print(json.dumps(prof.to_dict(), indent=1) if args.json else prof.render())
    return 0


@command(
    "adapt",
    "retrain if the adaptation policy says so (see status)",
    arg("--dry-run", action="store_true", help="only say what the policy decides"),
    arg("--force", action="store_true", help="train even if the policy says no"),
    arg("--background", action="store_true", help="train in a detached process"),
    QUIET,
)
def cmd_adapt(args: argparse.Namespace) -> int:
    from ..adapt.background import adapt_unless_running, start_background
    from ..adapt.loop import plan

    with open_home(args) as pt:
        if args.dry_run:
            print(plan(pt).explain())
        elif args.background:
            proc = start_background(pt.home.root, args.overrides)
            print(
                f"training in the background (pid {proc.pid}); log in {pt.home.runs}"
                if proc
                else "a background round is already running"
            )
        else:
            rep = adapt_unless_running(pt, args.force, progress=not args.quiet)
            print(rep.summary() if rep else "a background round is already running")
    return 0
