"""Privacy commands: forget, encrypt, rekey, decrypt, redact."""

from __future__ import annotations

import argparse

from ..errors import PockettuneError
from .registry import arg, command, open_home


@command(
    "forget",
    "delete turns and annotations for good",
    arg("--turn", type=int, help="a buffered turn's id (see `pockettune buffer`)"),
    arg("--annotation", type=int, help="an annotation's id"),
    arg("--since", help="from this date/time (ISO 8601)"),
    arg("--until", help="up to this date/time (ISO 8601)"),
    arg("--domain", help="every turn and annotation of this domain"),
    arg("--all", action="store_true", help="everything"),
    arg("--yes", action="store_true", help="confirm --all"),
    arg("--purge-adapters", action="store_true", help="also delete adapters trained on it"),
)
def cmd_forget(args: argparse.Namespace) -> int:
    import datetime as dt

    def when(text: str | None) -> float | None:
        if text is None:
            return None
        try:
            return dt.datetime.fromisoformat(text).timestamp()
        except ValueError:
            raise PockettuneError(
                f"--since/--until: expected a date like 2026-11-23 or 2026-11-23T14:00, got {text!r}"
            ) from None

    sel = {
        "turn": args.turn,
        "annotation": args.annotation,
        "since": when(args.since),
        "until": when(args.until),
        "domain": args.domain,
        "everything": args.all,
    }
    if args.all and not args.yes:
        raise PockettuneError(
            "`forget --all` deletes every turn and annotation: add --yes to confirm"
        )
    with open_home(args) as pt:
        print(pt.forget(purge_adapters=args.purge_adapters, **sel).summary())
    return 0


KEYRING = arg("--keyring", action="store_true", help="a random key kept in the OS keyring")


# decorators apply bottom-up: registered (and listed in --help) as encrypt, rekey, decrypt
@command("decrypt", "turn an encrypted store back into a plain SQLite file", overrides=False)
@command("rekey", "change the store's passphrase or key (crash-safe)", KEYRING, overrides=False)
@command(
    "encrypt",
    "encrypt the store (passphrase from $POCKETTUNE_NEW_PASSPHRASE or asked)",
    KEYRING,
    overrides=False,
)
def cmd_encrypt(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..home import Home, default_home
    from ..store.crypt import encrypt

    home = Home(Path(args.home).expanduser() if args.home else default_home())
    print(encrypt(home.db, args.command, keyring=getattr(args, "keyring", False)))
    return 0


@command(
    "redact",
    "print text with PII replaced by placeholders ([EMAIL] ...)",
    arg(
        "file",
        nargs="?",
        default="-",
        help="one message per line, or JSONL with a text field; - for stdin",
    ),
    arg("--only", help="comma-separated categories (default: all)"),
    arg("--ner", default="off", choices=("off", "spacy-sm"), help="names also from an NER model"),
    common=False,
    overrides=False,
)
def cmd_redact(args: argparse.Namespace) -> int:
    import sys

    from ..privacy import Redactor, redact_lines

    red = Redactor(args.only.split(",") if args.only else None, ner=args.ner)
    if args.file == "-":
        lines = sys.stdin
    else:
        try:
            lines = open(args.file, encoding="utf-8")  # noqa: SIM115 - closed at exit
        except OSError as e:
            raise PockettuneError(f"{args.file}: {e.strerror}") from e
    for out in redact_lines(lines, red):
        print(out, flush=True)
    return 0
