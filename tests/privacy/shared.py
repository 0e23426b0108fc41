"""One redactor for the privacy tests (building it takes ~1.5 s) and the spans it finds."""

from functools import lru_cache

from pockettune.privacy import Redactor


@lru_cache(maxsize=1)
def redactor() -> Redactor:
    return Redactor()


def found(text: str) -> list[tuple[str, str]]:
    """(category, value) of every span the redactor finds in ``text``."""
    return [(s.category, text[s.start : s.end]) for s in redactor().find(text)]


def covered(text: str, category: str, value: str) -> bool:
    """Whether a span of ``category`` covers the first occurrence of ``value`` in ``text``."""
    start = text.index(value)
    return any(
        s.category == category and s.start <= start and start + len(value) <= s.end
        for s in redactor().find(text)
    )
