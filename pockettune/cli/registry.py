"""A tiny command registry over argparse: one decorated function per verb, its arguments beside it.

    @command("synth", "write look-alike pairs for new annotations", QUIET)
    def synth(args): ...

``arg(...)`` takes exactly what ``ArgumentParser.add_argument`` takes. Every command gets
``--home`` and ``--preset`` (unless ``common=False``) and a trailing ``key=value``
``overrides`` positional (unless ``overrides=False``). Modules that define commands import
only the standard library at the top: torch and friends load inside the handlers, so
``pockettune --help`` stays instant.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Handler = Callable[[argparse.Namespace], int | None]


@dataclass(frozen=True)
class Arg:
    flags: tuple[str, ...]
    kwargs: dict[str, Any]


def arg(*flags: str, **kwargs: Any) -> Arg:
    """One argument spec, as for ``ArgumentParser.add_argument``."""
    return Arg(flags, kwargs)


QUIET = arg("-q", "--quiet", action="store_true", help="no progress bar")
JSON = arg("--json", action="store_true", help="machine-readable output")


@dataclass
class Command:
    name: str
    help: str
    func: Handler
    args: tuple[Arg, ...] = ()
    common: bool = True
    overrides: bool = True
    overrides_help: str = "config overrides"
    extra: dict[str, Any] = field(default_factory=dict)


COMMANDS: dict[str, Command] = {}


def command(
    name: str,
    help: str,
    *args: Arg,
    common: bool = True,
    overrides: bool = True,
    overrides_help: str = "config overrides",
) -> Callable[[Handler], Handler]:
    """Register the decorated function as ``pockettune NAME``; stack it to give one handler several names."""

    def register(func: Handler) -> Handler:
        if name in COMMANDS:
            raise ValueError(f"pockettune {name} is registered twice")
        COMMANDS[name] = Command(name, help, func, args, common, overrides, overrides_help)
        return func

    return register


def common_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--home", help="home directory (default: $POCKETTUNE_HOME or the platform data dir)"
    )
    common.add_argument("--preset", help="config preset name (default, tiny) or a YAML path")
    return common


def add_commands(sub: Any, commands: dict[str, Command]) -> None:
    common = common_parser()
    for c in commands.values():
        s = sub.add_parser(c.name, parents=[common] if c.common else [], help=c.help)
        positional = [a for a in c.args if not a.flags[0].startswith("-")]
        options = [a for a in c.args if a.flags[0].startswith("-")]
        for a in positional:
            s.add_argument(*a.flags, **a.kwargs)
        if c.overrides:  # after the other positionals: `ingest FILE key=value ...`
            s.add_argument("overrides", nargs="*", metavar="key=value", help=c.overrides_help)
        for a in options:
            s.add_argument(*a.flags, **a.kwargs)
        s.set_defaults(func=c.func)


def open_home(args: argparse.Namespace) -> Any:
    """The Personalizer for ``--home``, ``--preset`` and the overrides (imports the pipeline)."""
    from ..personalizer import Personalizer

    return Personalizer.open(args.home, preset=args.preset, overrides=args.overrides)
