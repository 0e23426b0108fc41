"""Presidio and its helpers, kept offline and quick to import.

Three things here run before Presidio is imported anywhere (``pockettune.privacy`` calls
:func:`skip_hf_ner` on import; it only registers modules, nothing heavy is imported):
Presidio's Hugging Face NER components, its GPU probe (``torch``) at import, and
tldextract's network fetch of the Public Suffix List.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
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
    lazy_device_detector()


def lazy_device_detector() -> None:
    """Presidio's ``nlp_engine`` package runs ``from .device_detector import
    device_detector`` on import, and that builds a ``DeviceDetector``, which imports
    ``torch`` to look for CUDA: 2-3 s of start-up (measured here) for a device only its
    spaCy, stanza and transformers NER engines read. Its real module is loaded here first,
    with the instance made lazy: the same ``DeviceDetector`` probes the device the first
    time ``get_device()`` is called, which our tokenizer-only engine never does."""
    import importlib.util
    import sys

    name = "presidio_analyzer.nlp_engine.device_detector"
    if name in sys.modules or "presidio_analyzer" in sys.modules:
        return
    top = importlib.util.find_spec("presidio_analyzer")  # finds, does not import
    if top is None or not top.submodule_search_locations:
        return
    path = Path(next(iter(top.submodule_search_locations))) / "nlp_engine" / "device_detector.py"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None or not path.is_file():
        return
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    if not hasattr(module, "DeviceDetector") or not hasattr(module, "_detector_instance"):
        return  # another Presidio layout: leave it to Presidio
    sys.modules[name] = module
    module._detector_instance = _LazyDevice(module.DeviceDetector)


def thinc_without_torch() -> None:
    """spaCy's ``thinc`` imports ``torch`` (and asks it how many CUDA devices there are) when
    it is installed, only to offer PyTorch-backed layers: 2-4 s of start-up (measured here)
    that a blank tokenizer never uses. Where ``torch`` is not loaded yet, ``thinc.compat`` is
    imported with ``torch`` hidden, so it takes its no-torch branch; ``torch`` is importable
    again right after. Where ``torch`` is loaded already (the server, training) it costs
    nothing and is used as before."""
    import sys

    if "thinc.compat" in sys.modules or "torch" in sys.modules:
        return
    sys.modules["torch"] = None  # type: ignore[assignment]  # "import torch" -> ImportError
    try:
        import thinc.compat  # noqa: F401
    except ImportError:
        pass  # no spaCy: Presidio's import will say so
    finally:
        if "torch" in sys.modules and sys.modules["torch"] is None:
            del sys.modules["torch"]


class _LazyDevice:
    """Stands in for Presidio's ``device_detector`` until a device is asked for."""

    def __init__(self, detector: type) -> None:
        self._detector = detector
        self._real: Any = None

    def __getattr__(self, attr: str) -> Any:
        if self._real is None:
            self._real = self._detector()
        return getattr(self._real, attr)


def _unused(*a: Any, **kw: Any) -> Any:
    raise RuntimeError("pockettune does not use Presidio's transformers NER")
