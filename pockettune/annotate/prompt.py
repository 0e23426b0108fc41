"""The terminal annotator: one buffered question at a time, accept / edit / write / skip / quit."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Callable

from ..select import BufferItem
from .session import Annotation

HELP = "[a]ccept  [e]dit  [w]rite new  [s]kip  [q]uit"


def _input_prefilled(prompt: str, text: str) -> str:
    """input() with ``text`` already typed in, editable where readline exists."""
    try:
        import readline
    except ImportError:
        return input(prompt)
    readline.set_startup_hook(lambda: readline.insert_text(text.replace("\n", " ")))
    try:
        return input(prompt)
    finally:
        readline.set_startup_hook()


def terminal_annotator(
    total: int,
    max_chars: int,
    ask: Callable[[str], str] = input,
    out: Callable[[str], None] = print,
) -> Callable[[BufferItem, str], Annotation | None]:
    count = {"n": 0}

    def annotate(item: BufferItem, reply: str) -> Annotation | None:
        count["n"] += 1
        out(
            f"\n[{count['n']}/{total}] domain {item.domain}  (EOE {item.eoe:.2f}, DSS {item.dss:.3f}, IDD {item.idd:.2f})"
        )
        if item.context:
            out(textwrap.indent(item.context, "  context | "))
        out(f"  you     | {item.question}")
        out(f"  model   | {reply or '(no reply)'}")
        while True:
            try:
                choice = ask(f"{HELP} > ").strip().lower()[:1]
            except EOFError:
                raise StopIteration from None
            if choice == "q":
                raise StopIteration
            if choice == "s":
                return None
            if choice == "a" and reply.strip():
                return Annotation(reply, "accept")
            if choice in ("e", "w"):
                try:
                    text = (
                        _input_prefilled("your response > ", reply)
                        if choice == "e" and ask is input
                        else ask("your response > ")
                    )
                except EOFError:
                    raise StopIteration from None
                if not text.strip():
                    out("  an empty response is not an annotation: choose again (s skips)")
                    continue
                if len(text) > max_chars:
                    out(f"  cut to the first {max_chars} characters (annotate.max_chars)")
                return Annotation(text[:max_chars], "edit" if choice == "e" else "new")
            out(f"  {HELP}" if choice != "a" else "  there is no reply to accept")

    return annotate


def is_interactive() -> bool:
    return sys.stdin.isatty()
