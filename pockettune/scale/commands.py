"""The bodies of ``bench --ray`` and ``fleet`` for the CLI, so its handlers stay one call.

``--ray`` takes an optional address (``nargs="?"``), so a ``key=value`` right after it would
be read as the address; ``ray_address`` gives it back to the overrides.
"""

from __future__ import annotations

import argparse

RAY_HELP = (
    "run cells as Ray tasks (model.threads CPUs each): a local runtime sized to the machine, "
    "or a cluster (auto, host:port, ray://host:10001); needs the [ray] extra"
)


def ray_address(args: argparse.Namespace) -> str | None:
    """The ``--ray`` address (None: serial), moving a misread ``key=value`` to overrides."""
    if args.ray and "=" in args.ray:
        args.overrides, args.ray = [args.ray, *args.overrides], "local"
    return args.ray


def fleet_command(args: argparse.Namespace) -> int:
    from . import run_fleet
    from .fleet import load_fleet

    address = ray_address(args)
    cfg, fleet = load_fleet(args.preset, args.overrides)
    command = " ".join(
        [
            "pockettune fleet",
            *(["--preset", args.preset] if args.preset else []),
            *(["--ray"] if address == "local" else ["--ray", address] if address else []),
            *(["--out", args.out] if args.out else []),
            *args.overrides,
        ]
    )
    report = getattr(args, "report", False)
    text, failed = run_fleet(
        cfg, fleet, args.out, address, command, not args.quiet, report_only=report
    )
    print(text)
    print(f"results in {args.out}/ (run.json, results.json, table.md, cells/); rerun to resume")
    return 1 if failed else 0
