"""The ``pockettune`` command: parse, call one public function, print.

One module per group of verbs; each command is one function registered with
``@command(name, help, arg(...), ...)`` (see ``registry.py``), its arguments beside it.
A new group is a new module here plus its name in ``GROUPS``.

Every command takes ``--home``, ``--preset`` and trailing ``key=value`` config overrides
(``pockettune ingest chats.jsonl select.capacity=128``). Errors print one line and exit 2.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from .registry import COMMANDS, add_commands

__all__ = ["COMMANDS", "build_parser", "main"]

# the order of `pockettune --help`
GROUPS = ("data", "personalize", "model", "serve", "adapt", "privacy", "bench")


def build_parser() -> argparse.ArgumentParser:
    for group in GROUPS:  # importing a group registers its commands
        importlib.import_module(f".{group}", __name__)
    p = argparse.ArgumentParser(
        prog="pockettune", description="Personalize a small LLM on your own device."
    )
    p.add_argument("--version", action="version", version="pockettune 0.1.0")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    add_commands(sub, COMMANDS)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args, rest = parser.parse_known_args(argv)
    # key=value overrides may follow options (`ingest f.jsonl --limit 5 select.capacity=8`)
    unknown = [r for r in rest if r.startswith("-") or "=" not in r]
    if unknown:
        parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    args.overrides = list(getattr(args, "overrides", None) or []) + rest
    # key=value items may land in `source` when no source is given
    extra = [
        a
        for a in [getattr(args, "source", None)]
        if a and "=" in a and not a.startswith("chitchat")
    ]
    if extra:
        args.source = None
        args.overrides = extra + args.overrides
    from ..errors import PockettuneError

    try:
        return int(args.func(args) or 0)
    except PockettuneError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `pockettune buffer | head`
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("interrupted; everything committed so far is kept", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
