"""One redactor for the privacy tests (building it takes ~1.5 s), the spans it finds, and the
two tests every rules file runs over its own messages."""

from functools import lru_cache

import pytest

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


def rule_tests(redacted: list[tuple[str, str, str]], kept: list[str]) -> tuple:
    """``test_redacted`` (each value covered by a span of its category) and ``test_kept`` (no
    span at all) over a rules file's messages; the file binds them to those names."""

    @pytest.mark.parametrize("text, category, value", redacted)
    def test_redacted(text: str, category: str, value: str) -> None:
        assert covered(text, category, value), found(text)

    @pytest.mark.parametrize("text", kept)
    def test_kept(text: str) -> None:
        assert found(text) == []

    return test_redacted, test_kept
