"""Synthesis for one open home: look-alike pairs for every annotation not yet synthesized.

    Synthesis(config, store, lm=lambda: pt.lm, base_only=replies.base_only).run()

Always with the base model (the loaded adapter, if any, is switched off).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..config import Config
from ..store import Store


class Synthesis:
    def __init__(
        self, config: Config, store: Store, lm: Callable[[], Any], base_only: Callable[[], Any]
    ) -> None:
        self.config, self.store, self._lm, self._base_only = config, store, lm, base_only

    def run(self, progress: bool = True) -> Any:
        """Look-alike pairs for every annotation not yet synthesized (base model, no adapter)."""
        from .synthesizer import SynthReport, synthesize

        c = self.config.synth
        if c.k == 0:
            return SynthReport()
        with self._base_only():
            return synthesize(
                self.store,
                self._lm(),
                c.k,
                c.rouge_low,
                c.rouge_high,
                c.max_new_tokens,
                c.batch_size,
                c.temperature,
                c.top_p,
                self.config.train.seed,
                progress,
            )
