"""Style statistics of the user's own words: how long, how formal, how varied.

Computed from text the user wrote (annotations and edits), never from the model's replies,
so the profile describes the user and not the assistant.
"""

from __future__ import annotations

import re

WORD = re.compile(r"[A-Za-z']+")
INFORMAL = {
    "lol", "haha", "yeah", "yep", "nope", "gonna", "wanna", "gotta", "kinda", "ok", "okay",
    "cool", "awesome", "hey", "omg", "btw", "u", "ur", "thx", "pls", "yea", "nah", "dude",
}  # fmt: skip
FORMAL = {
    "therefore", "however", "furthermore", "regards", "sincerely", "moreover", "indeed",
    "certainly", "additionally", "consequently", "thus", "hence", "kindly", "please",
}  # fmt: skip
STOP = {
    "the", "a", "an", "and", "or", "but", "to", "of", "in", "on", "at", "for", "with", "is",
    "are", "was", "were", "be", "it", "that", "this", "i", "you", "he", "she", "we", "they",
    "my", "your", "me", "do", "did", "so", "not", "have", "has", "had", "just", "what",
    "i'm", "it's", "don't", "im", "its", "dont", "if", "as", "about", "there", "all", "can",
}  # fmt: skip


def style_of(text: str) -> dict[str, float]:
    """``words``; ``formality`` in [-1, 1] (casual markers vs formal ones, contractions,
    exclamation marks, a lower-case start); ``ttr`` (distinct words / words)."""
    words = [w.lower() for w in WORD.findall(text)]
    if not words:
        return {"words": 0.0, "formality": 0.0, "ttr": 0.0}
    casual = sum(w in INFORMAL for w in words) + sum("'" in w for w in words)
    casual += text.count("!") + text.count("?!") + int(text[:1].islower())
    formal = sum(w in FORMAL for w in words) + int(text[:1].isupper() and text.rstrip()[-1:] == ".")
    formality = (formal - casual) / max(1, formal + casual)
    return {"words": float(len(words)), "formality": formality, "ttr": len(set(words)) / len(words)}


def content_words(text: str) -> list[str]:
    """Lower-cased words that say something about the topic (no stop words, no short ones)."""
    return [w for w in (w.lower() for w in WORD.findall(text)) if len(w) > 2 and w not in STOP]
