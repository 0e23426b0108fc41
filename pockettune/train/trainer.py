"""Training for one open home: a LoRA round (the recipe in ``lora.py``) on what is annotated.

Trainer(store, home, lm=lambda: pt.lm, adapters=pt.adapters, config=cfg.train,
        before=replies.drop_adapter).train(resume=True)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..config import TrainConfig
from ..home import Home
from ..store import Store


class Trainer:
    def __init__(
        self,
        store: Store,
        home: Home,
        lm: Callable[[], Any],
        adapters: Any,
        config: TrainConfig,
        before: Callable[[], None],
    ) -> None:
        self.store, self.home, self._lm, self.adapters = store, home, lm, adapters
        self.config, self._before = config, before

    def train(self, resume: bool = False, progress: bool = True, cfg: Any = None, **kw: Any) -> Any:
        """One LoRA round on everything annotated (+ synthesized); activates the new adapter.

        ``cfg`` replaces the TrainConfig for this round (the adaptation layer's lr); ``kw`` are
        TrainRound fields (``annotation_ids``, ``init_from``, ``activate``, ``note``, ...) or
        TrainConfig fields overridden for this round (``epochs``, ``max_steps``)."""
        from .lora import round_options, train_round

        self._before()  # the round trains the bare base model
        tcfg, spec = round_options(cfg or self.config, resume=resume, **kw)
        return train_round(self.store, self.home, self._lm(), tcfg, self.adapters, spec, progress)
