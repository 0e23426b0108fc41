"""The Presidio analyzer pockettune runs, built to work offline with no model weights.

Presidio's default engine wants the spaCy model ``en_core_web_lg`` (not on PyPI) and its
e-mail recognizer makes ``tldextract`` fetch the Public Suffix List. Here the NLP engine is
a blank spaCy English tokenizer (tokens, lowercased words as lemmas for Presidio's context
words, stop words and punctuation; no NER, nothing to download), ``tldextract`` reads only
its bundled suffix snapshot, and the recognizers are Presidio's own for e-mail, phone, card,
IBAN, IP and SSN plus pockettune's for what Presidio lacks (``recognizers.py``, ``names.py``).
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

ENTITY_OF: dict[str, str] = {
    "email": "EMAIL_ADDRESS",
    "iban": "IBAN_CODE",
    "card": "CREDIT_CARD",
    "secret": "SECRET",
    "ssn": "US_SSN",
    "ip": "IP_ADDRESS",
    "phone": "PHONE_NUMBER",
    "dob": "DATE_OF_BIRTH",
    "address": "STREET_ADDRESS",
    "name": "PERSON",
}
"""pockettune category -> Presidio entity type, in priority order: an earlier category wins
an overlap (a card number is never also a phone number; an IBAN's digit groups can pass
Luhn, so the validated IBAN wins over the card inside it)."""

KEEP_AS_CONTEXT = {"call", "number", "phone", "ring", "text"}
"""Context words that spaCy counts as stop words."""

SCORE_THRESHOLD = 0.4
"""Presidio score a finding needs. Presidio's context enhancer lifts a weak pattern (an SSN
without dashes, a date) to 0.4 when one of its context words precedes it, so weak patterns
count only with context; validated formats score 0.5 or more on their own."""


def _nlp_engine_class() -> type:
    import spacy
    from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine

    class TokenNlpEngine(NlpEngine):
        """Tokenization only: a blank spaCy English pipeline, lowercased words as lemmas."""

        def __init__(self) -> None:
            self.nlp: Any = None

        def load(self) -> None:
            self.nlp = spacy.blank("en")

        def is_loaded(self) -> bool:
            return self.nlp is not None

        def process_text(self, text: str, language: str) -> NlpArtifacts:
            doc = self.nlp.make_doc(text)
            return NlpArtifacts(
                entities=[],
                tokens=doc,
                tokens_indices=[t.idx for t in doc],
                lemmas=[t.lower_ for t in doc],
                nlp_engine=self,
                language=language,
                scores=[],
            )

        def process_batch(
            self,
            texts: Iterable[str],
            language: str,
            batch_size: int = 1,
            n_process: int = 1,
            **_: Any,
        ) -> Iterator[tuple[str, NlpArtifacts]]:
            for t in texts:
                yield t, self.process_text(t, language)

        def is_stopword(self, word: str, language: str) -> bool:
            # spaCy lists "call" as a stop word; Presidio drops stop words before it looks
            # for context, so "call me on <number>" would never count as phone context
            return bool(self.nlp.vocab[word].is_stop) and word.lower() not in KEEP_AS_CONTEXT

        def is_punct(self, word: str, language: str) -> bool:
            return bool(self.nlp.vocab[word].is_punct)

        def get_supported_entities(self) -> list[str]:
            return []

        def get_supported_languages(self) -> list[str]:
            return ["en"]

    return TokenNlpEngine


FREEZE_BELOW = 50_000
"""Tracked objects a process may hold before the build for the build to end in
``gc.freeze()`` (see :func:`_gc_paused`); a fresh ``pockettune redact`` holds about 12,000."""


@contextmanager
def _gc_paused() -> Iterator[None]:
    """The cyclic garbage collector paused while the engine is built (issue #41).

    The build makes some 210,000 container objects (modules, classes, patterns of Presidio,
    spaCy and the recognizers, all alive as long as the engine is); the collector ran about
    500 times over them while they were made, 0.15-0.25 s of start-up measured here. Paused,
    it runs again from the end of the build, as before; nothing else changes (garbage is
    freed by reference counting meanwhile). Where the collector is already off, it stays off.

    Where the process held few objects before the build (under :data:`FREEZE_BELOW`: the
    ``pockettune redact`` command, a fresh worker), what it holds after the build is also
    frozen (``gc.freeze``): no later collection walks those long-lived objects again, which
    spares 0.2-0.3 s at exit and part of each full collection while messages are redacted.
    Not in a process that already holds much (a server with a model loaded), where a frozen
    reference cycle that became garbage later would never be collected."""
    if not gc.isenabled():
        yield
        return
    freeze = len(gc.get_objects()) < FREEZE_BELOW
    gc.disable()
    try:
        yield
    except BaseException:
        gc.enable()
        raise
    if freeze:
        gc.freeze()
    gc.enable()


WARM_UP = (
    "Hi, Anna Schmidt here (born 03/04/1988): anna.schmidt@example.com, +44 20 7946 0958, "
    "221B Baker Street, London NW1 6XE; IBAN DE89 3704 0044 0532 0130 00, card "
    "4111 1111 1111 1111, host 192.168.1.20, key sk-proj-abcdefghijklmnop1234."
)
"""Analysed once at the end of the build, inside :func:`build_cache.session`, so that the
patterns recognizers compile on first use (street types, look-alike checks) are kept too:
0.10-0.14 s of the first message, measured here."""


def build_analyzer(categories: Iterable[str], ner: str = "off") -> Any:
    """An ``AnalyzerEngine`` with one or more recognizers for each requested category, and
    with ``ner`` other than ``"off"`` a spaCy NER model's names too (``ner.py``)."""
    from .build_cache import session

    categories = list(categories)
    with session():  # what each build compiles, kept (build_cache.py)
        with _gc_paused():
            engine = _build_analyzer(categories, ner)
        if categories:
            engine.analyze(WARM_UP, language="en", entities=[ENTITY_OF[c] for c in categories])
    return engine


def _build_analyzer(categories: list[str], ner: str) -> Any:
    from .offline import thinc_without_torch

    thinc_without_torch()  # before Presidio imports spaCy (see offline.py)
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer

    from .recognizers import recognizers_for

    registry = RecognizerRegistry(supported_languages=["en"])
    for cat in categories:
        for rec in recognizers_for(cat):
            registry.add_recognizer(rec)
    if ner != "off" and "name" in categories:
        from .ner import ner_recognizer

        registry.add_recognizer(ner_recognizer(ner))
    nlp = _nlp_engine_class()()
    nlp.load()
    return AnalyzerEngine(
        registry=registry,
        nlp_engine=nlp,
        supported_languages=["en"],
        default_score_threshold=SCORE_THRESHOLD,
        context_aware_enhancer=LemmaContextAwareEnhancer(context_prefix_count=6),
    )
