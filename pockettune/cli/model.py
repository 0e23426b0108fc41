"""Commands that use the personalized model: adapters, chat, export."""

from __future__ import annotations

import argparse
import time

from ..errors import PockettuneError
from .registry import arg, command, open_home


@command(
    "adapters",
    "list, activate, verify or roll back adapters",
    arg(
        "action",
        nargs="?",
        choices=["list", "activate", "base", "rollback", "verify"],
        default="list",
    ),
    arg("version", nargs="?", type=int),
)
def cmd_adapters(args: argparse.Namespace) -> int:
    with open_home(args) as pt:
        ad = pt.adapters
        if args.action == "activate":
            if args.version is None:
                raise SystemExit(
                    "pockettune adapters activate N (or `adapters base` for no adapter)"
                )
            ad.activate(args.version, pt.lm.fingerprint)
            print(f"adapter v{args.version} is active")
        elif args.action == "base":
            ad.activate(None)
            print("no adapter active: chat uses the base model")
        elif args.action == "rollback":
            v = ad.rollback(pt.lm.fingerprint)
            print(
                f"rolled back to v{v}"
                if v
                else "rolled back to the base model (no older intact adapter)"
            )
        elif args.action == "verify":
            from ..train.adapters import verify_folder

            for row in ad.list():
                try:
                    verify_folder(ad.path(row["version"]), pt.lm.fingerprint)
                    print(f"v{row['version']}: ok")
                except PockettuneError as e:
                    print(f"v{row['version']}: {e}")
        rows = ad.list()
        if not rows:
            print("no adapters yet: `pockettune train` makes one")
        for r in rows:
            when = time.strftime("%Y-%m-%d %H:%M", time.localtime(r["created_at"]))
            loss = f"{r['final_loss']:.3f}" if r["final_loss"] is not None else "-"
            print(
                f"{'*' if r['active'] else ' '} v{r['version']:<4} {when}  {r['n_annotations']:>4} annotations "
                f"{r['n_synth']:>5} synthesized  final loss {loss}"
            )
    return 0


@command(
    "chat",
    "chat with the personalized model",
    arg("--adapter", type=int, help="adapter version (default: the active one)"),
    arg("--base", action="store_true", help="no adapter: the base model, for comparison"),
    arg("--no-adapt", action="store_true", help="never start background training"),
)
def cmd_chat(args: argparse.Namespace) -> int:
    from ..chat import HELP, ChatSession

    with open_home(args) as pt:
        version = None if args.base else (args.adapter if args.adapter is not None else "active")
        session = ChatSession(pt, version, adapt=not args.no_adapt)
        pt.use_adapter(version)
        label = f"adapter v{pt.adapter_version}" if pt.adapter_version else "base model"
        print(f"pockettune chat ({pt.lm.name}, {label}); {HELP}")
        while True:
            try:
                msg = input("you> ").strip()
            except (EOFError, KeyboardInterrupt):
                print()
                break
            if msg.startswith("/"):
                if not session.command(msg):
                    break
            elif msg:
                session.reply(msg[: pt.config.ingest.max_chars])
    return 0


@command(
    "export",
    "write the adapter for PEFT, llama.cpp or Ollama",
    arg("--format", choices=["peft", "gguf", "ollama"], default="peft"),
    arg("--version", type=int, help="adapter version (default: the active one)"),
    arg("--out", help="output folder (default ./pockettune-vN-FORMAT)"),
)
def cmd_export(args: argparse.Namespace) -> int:
    from ..export import export

    with open_home(args) as pt:
        print(export(pt, args.format, args.out, args.version))
    return 0
