"""Whether a match is a whole token, shared by the recognizers and the phone pass."""

from __future__ import annotations

import re


def standalone(text: str, start: int, end: int) -> bool:
    """The match is a whole token, not part of a longer code ("1Z999AA1012", "734-22-1190-B")."""
    return not re.search(rf"{WORD_NOT_CJK}[-/.]?$", text[:start]) and not re.match(
        rf"[-/.]?{WORD_NOT_CJK}", text[end:]
    )


WORD_NOT_CJK = r"[^\W\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]"
"""A word character other than kana, kanji and Hangul, which run into numbers with no space:
"연락처는 031-629-0024입니다", "電話番号は090-1234-5678です" (fresh5 fixes)."""
