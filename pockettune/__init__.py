"""pockettune: personalize a small LLM on the user's own device, from their own conversations.

The public surface is small and loads lazily (torch and transformers only when a model is
needed): ``Personalizer`` (the facade), ``Config`` and ``Turn``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["Config", "Personalizer", "PockettuneError", "Turn"]
__version__ = "0.1.0"

if TYPE_CHECKING:
    from .config import Config
    from .errors import PockettuneError
    from .personalizer import Personalizer
    from .turn import Turn

_WHERE = {
    "Config": "config",
    "Personalizer": "personalizer",
    "PockettuneError": "errors",
    "Turn": "turn",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        import importlib

        return getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
    raise AttributeError(name)
