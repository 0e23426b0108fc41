"""Commands that keep adapting: profile, adapt."""

from __future__ import annotations

import argparse
import json

from .registry import JSON, QUIET, arg, command, open_home


@command("profile", "show what pockettune learned about you", JSON)
def cmd_profile(args: argparse.Namespace) -> int:
    from ..adapt.loop import LAST_ROUND

    with open_home(args) as pt:
        prof = pt.profile
        prof.drift = prof.drift_from((pt.store.get_meta(LAST_ROUND) or {}).get("centroid"))
        if args.json:
            print(json.dumps(prof.to_dict(), indent=1))
        else:
            print(prof.render())
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
    with open_home(args) as pt:
        if args.dry_run:
            from ..adapt.loop import plan

            print(plan(pt).explain())
            return 0
        if args.background:
            from ..adapt.background import spawn, training_now

            if training_now(pt.home.root):
                print("a background round is already running")
                return 0
            proc = spawn(pt.home.root, args.overrides)
            print(f"training in the background (pid {proc.pid}); log in {pt.home.runs}")
            return 0
        from ..adapt.background import training_lock

        with training_lock(pt.home.root) as mine:
            if not mine:
                print("a background round is already running")
                return 0
            print(pt.adapt(force=args.force, progress=not args.quiet).summary())
    return 0
