"""Parse a generated ``Question: ... Answer: ...`` pair, tolerating what small models do:
other capitalisation, ``Q:``/``A:``, markdown bold, a second pair appended, no newline."""

from __future__ import annotations

import re

_PAIR = re.compile(
    r"(?:\*\*)?(?:question|q)\s*(?:\*\*)?\s*[:\-]\s*(?P<q>.+?)\s*"
    r"(?:\*\*)?(?:answer|a|response)\s*(?:\*\*)?\s*[:\-]\s*(?P<a>.+?)\s*"
    r"(?=(?:\*\*)?(?:question|q)\s*(?:\*\*)?\s*:|$)",
    re.IGNORECASE | re.DOTALL,
)


def parse_pair(text: str) -> tuple[str, str] | None:
    """The first complete pair in ``text``, or None."""
    m = _PAIR.search(text.strip())
    if not m:
        return None
    q, a = (" ".join(m.group(g).split()).strip("* ") for g in ("q", "a"))
    return (q, a) if q and a else None
