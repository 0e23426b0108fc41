"""Presidio and its helpers, kept offline and quick to import.

Two things here run before Presidio is imported anywhere (``pockettune.privacy`` calls
:func:`skip_hf_ner` on import; it only registers two stand-in modules):
Presidio's Hugging Face NER components, and tldextract's network fetch of the Public Suffix
List.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def offline_tldextract() -> Any:
    """A ``TLDExtract`` that never touches the network: the bundled PSL snapshot only."""
    import tldextract

    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)


def skip_hf_ner() -> None:
    """Presidio's package import loads its two Hugging Face NER components, which import
    ``transformers.pipeline`` eagerly: 5-25 s of start-up (measured here) for NER backends we
    never use (they need model weights from a hub). Stand-ins that say "transformers NER
    unavailable" are registered first; every recognizer we use is untouched."""
    import sys
    import types

    pipe = "presidio_analyzer.nlp_engine.huggingface_token_pipe"
    ner = "presidio_analyzer.predefined_recognizers.ner.huggingface_ner_recognizer"
    if pipe not in sys.modules:
        stub = types.ModuleType(pipe)
        stub.FACTORY_NAME = "presidio_hf_token_pipe"  # type: ignore[attr-defined]
        stub.is_available = lambda: False  # type: ignore[attr-defined]
        stub.create_huggingface_token_pipe = _unused  # type: ignore[attr-defined]  # spaCy entry point
        sys.modules[pipe] = stub
    if ner not in sys.modules:
        stub = types.ModuleType(ner)
        stub.HuggingFaceNerRecognizer = type("HuggingFaceNerRecognizer", (), {})  # type: ignore[attr-defined]
        sys.modules[ner] = stub


def _unused(*a: Any, **kw: Any) -> Any:
    raise RuntimeError("pockettune does not use Presidio's transformers NER")
