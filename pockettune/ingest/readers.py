"""Conversation file readers: chat JSONL, Alpaca JSON, Dolly JSONL, CSV, question/response JSONL.

Every reader yields ``(record_number, Turn)`` and counts what it skipped. A file that cannot
be read at all (missing, binary, not UTF-8, not JSON, no known columns) raises one
:class:`InputError` naming the file and line before anything is yielded; a bad record inside
a good file (a malformed JSON line, an empty message) is skipped and counted, which is what a
user with a large export wants. Overlong messages are cut to ``max_chars`` and counted.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..turn import Turn

QUESTION_KEYS = ("question", "prompt", "instruction", "input", "query")
RESPONSE_KEYS = ("response", "output", "answer", "completion", "reply")
CONTEXT_TURNS = 2
"""Earlier messages kept as a turn's context (more costs embedding time, rarely helps)."""


@dataclass
class ReadReport:
    """What a reader did with a file, for the one-line summary after an ingest."""

    read: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    truncated: int = 0
    first_problem: str = ""

    def skip(self, why: str, where: str) -> None:
        self.skipped[why] = self.skipped.get(why, 0) + 1
        self.first_problem = self.first_problem or f"{where}: {why}"

    def summary(self) -> str:
        parts = [f"{self.read} turns read"]
        parts += [f"{n} skipped ({why})" for why, n in self.skipped.items()]
        if self.truncated:
            parts.append(f"{self.truncated} messages cut to the length limit")
        if self.first_problem:
            parts.append(f"first problem at {self.first_problem}")
        return ", ".join(parts)


def read_text(path: Path) -> str:
    """The whole file as text, or an InputError that says why not."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(str(path), None, "no such file") from None
    except IsADirectoryError:
        raise InputError(str(path), None, "is a directory, not a file") from None
    except OSError as e:
        raise InputError(str(path), None, f"cannot read ({e.strerror})") from None
    if b"\x00" in data[:65536]:
        raise InputError(str(path), None, "looks binary (NUL bytes), not a conversation file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise InputError(
            str(path), line, f"not UTF-8 (byte {data[e.start]:#04x}); re-save as UTF-8"
        ) from None


def _pick(rec: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    for k in keys:
        v = rec.get(k)
        if isinstance(v, str) and v.strip():
            return v
    return None


def turn_from_record(rec: Any, source: str) -> Turn | None:
    """One JSON object in any supported shape, or None if it is no known shape."""
    if not isinstance(rec, dict):
        return None
    if _messages(rec) is not None:
        return None  # chat records are expanded by _chat_turns
    if "instruction" in rec and ("output" in rec or "response" in rec):
        # Alpaca (instruction/input/output) and Dolly (instruction/context/response).
        extra = rec.get("input") or rec.get("context") or ""
        q = rec["instruction"] + (
            f"\n\n{extra}" if isinstance(extra, str) and extra.strip() else ""
        )
        r = rec.get("output", rec.get("response"))
        return Turn(q, reference=r if isinstance(r, str) else "", source=source, meta=_meta(rec))
    q = _pick(rec, QUESTION_KEYS)
    if q is None:
        return None
    hist = rec.get("history")
    context = (
        "\n".join(h for h in hist[-CONTEXT_TURNS:] if isinstance(h, str))
        if isinstance(hist, list)
        else ""
    )
    return Turn(
        q,
        context=context,
        reference=_pick(rec, RESPONSE_KEYS) or "",
        source=source,
        meta=_meta(rec),
    )


def _meta(rec: dict[str, Any]) -> dict[str, str]:
    return {k: str(rec[k]) for k in ("id", "category", "emotion") if rec.get(k) is not None}


def _chat_turns(messages: list[Any], source: str) -> Iterator[Turn]:
    """A user message followed by an assistant message is one turn; earlier ones are context."""
    seen: list[str] = []
    messages = [_as_message(m) for m in messages]  # ShareGPT: {"from": .., "value": ..}
    for i, m in enumerate(messages):
        if not (isinstance(m, dict) and isinstance(m.get("content"), str)):
            continue
        role = m.get("role") or m.get("from") or ""
        if role in ("user", "human"):
            nxt = messages[i + 1] if i + 1 < len(messages) else None
            ref = ""
            if isinstance(nxt, dict) and (nxt.get("role") or nxt.get("from")) in (
                "assistant",
                "gpt",
            ):
                ref = nxt.get("content") if isinstance(nxt.get("content"), str) else ""
            yield Turn(
                m["content"], context="\n".join(seen[-CONTEXT_TURNS:]), reference=ref, source=source
            )
        seen.append(m["content"])


def _as_message(m: Any) -> Any:
    if isinstance(m, dict) and "content" not in m and isinstance(m.get("value"), str):
        return {"role": m.get("from", ""), "content": m["value"]}
    return m


def _messages(rec: Any) -> list[Any] | None:
    """The message list of a chat record: OpenAI ``messages`` or ShareGPT ``conversations``."""
    if not isinstance(rec, dict):
        return None
    for key in ("messages", "conversations"):
        if isinstance(rec.get(key), list):
            return rec[key]
    return None


def _records_jsonl(text: str, path: Path, report: ReadReport) -> Iterator[tuple[int, Any]]:
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield n, json.loads(line)
        except json.JSONDecodeError as e:
            report.skip("malformed JSON line", f"{path}:{n} ({e.msg})")
        except RecursionError:
            report.skip("JSON nested too deeply", f"{path}:{n}")


def _records_json(text: str, path: Path, report: ReadReport) -> Iterator[tuple[int, Any]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(str(path), e.lineno, f"not valid JSON ({e.msg})") from None
    except RecursionError:
        raise InputError(str(path), None, "JSON nested too deeply") from None
    if isinstance(data, dict):
        lists = [v for v in data.values() if isinstance(v, list)]
        data = lists[0] if len(lists) == 1 else [data]
    if not isinstance(data, list):
        raise InputError(str(path), None, "expected a JSON list of records")
    yield from enumerate(data, 1)


def _records_csv(text: str, path: Path, report: ReadReport) -> Iterator[tuple[int, Any]]:
    reader = csv.DictReader(io.StringIO(text))
    try:
        cols = [c.strip().lower() for c in reader.fieldnames or []]
    except csv.Error as e:  # the header itself is malformed
        raise InputError(str(path), 1, f"malformed CSV ({e})") from None
    if not set(cols) & set(QUESTION_KEYS + ("utterance",)):
        raise InputError(
            str(path),
            1,
            f"unknown columns {cols}; need a question column ({', '.join(QUESTION_KEYS)}) "
            f"and optionally a response column ({', '.join(RESPONSE_KEYS)})",
        )
    prev: dict[str, str] = {}
    try:
        for n, row in enumerate(reader, 2):
            rec = {
                (k or "").strip().lower(): (v or "").replace("_comma_", ",") for k, v in row.items()
            }
            if "utterance" in rec and "conv_id" in rec:
                # EmpatheticDialogues layout: one utterance a row; the one before is the question.
                before, prev[rec["conv_id"]] = prev.get(rec["conv_id"]), rec["utterance"]
                if before is None:
                    continue
                rec = {"question": before, "response": rec["utterance"]}
            yield n, rec
    except csv.Error as e:
        raise InputError(str(path), reader.line_num, f"malformed CSV ({e})") from None


FORMATS: dict[str, Callable[[str, Path, ReadReport], Iterator[tuple[int, Any]]]] = {
    "jsonl": _records_jsonl,
    "json": _records_json,
    "csv": _records_csv,
}


def detect_format(path: Path, text: str) -> str:
    ext = path.suffix.lower().lstrip(".")
    if ext in FORMATS:
        return ext
    head = text.lstrip()[:1]
    if head == "[":
        return "json"
    if head == "{":
        return "json" if text.count("\n{") == 0 else "jsonl"
    return "csv"


def read_turns(
    path: Path | str,
    fmt: str | None = None,
    max_chars: int = 20_000,
    report: ReadReport | None = None,
) -> Iterator[tuple[int, Turn]]:
    """Yield ``(record_number, turn)`` from a conversation file; see the module docstring."""
    path = Path(path)
    report = report if report is not None else ReadReport()
    text = read_text(path)
    fmt = fmt or detect_format(path, text)
    if fmt not in FORMATS:
        raise InputError(
            str(path), None, f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}"
        )
    source, first_keys = str(path), None
    for n, rec in FORMATS[fmt](text, path, report):
        msgs = _messages(rec)
        turns = (
            list(_chat_turns(msgs, source)) if msgs is not None else [turn_from_record(rec, source)]
        )
        if turns == [None]:
            first_keys = first_keys or (
                sorted(rec)[:8] if isinstance(rec, dict) else type(rec).__name__
            )
            report.skip("no question field", f"{path}:{n}")
            continue
        for t in turns:
            assert t is not None
            if not t.question.strip():
                report.skip("empty message", f"{path}:{n}")
                continue
            report.truncated += _clip(t, max_chars)
            report.read += 1
            yield n, t
    if report.read == 0 and first_keys is not None:
        raise InputError(
            str(path),
            None,
            f"no conversation records found (fields seen: {first_keys}); expected role/content "
            "messages, instruction/input/output, instruction/context/response or question/response",
        )


def _clip(t: Turn, max_chars: int) -> int:
    cut = 0
    for name in ("question", "context", "reference"):
        v = getattr(t, name)
        if len(v) > max_chars:
            setattr(t, name, v[:max_chars])
            cut = 1
    return cut
