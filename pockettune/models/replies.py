"""Replies from the model being personalized: adapter swaps, personal prompts, generation.

    replies = Replies(config, store, lm=lambda: pt.lm, embed_turns=pt.observer.embed_turns,
                      adapters=pt.adapters, profile=pt.profile_keeper)
    replies.reply_many([("How do I keep basil alive?", "")], 64)

One adapter at a time is loaded into the shared base model (PEFT layers); ``base_only()``
switches it off for the passes that must see the base model (selection embeddings,
synthesis). Building a ``Replies`` loads nothing: the model loads on the first reply.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..config import Config
from ..store import Store
from ..turn import Turn


class Replies:
    def __init__(
        self,
        config: Config,
        store: Store,
        lm: Callable[[], Any],
        embed_turns: Callable[[list[Turn]], tuple[Any, list[int]]],
        adapters: Any,
        profile: Any,
    ) -> None:
        self.config, self.store, self.adapters = config, store, adapters
        self._lm, self.embed_turns, self._profile = lm, embed_turns, profile
        """``embed_turns``: selection embeddings of turns (the Observer's), for the examples."""
        self._adapter_model: Any = None
        self._adapter_version: int | None = None

    @property
    def lm(self) -> Any:
        return self._lm()

    @property
    def profile(self) -> Any:
        return self._profile.profile

    def use_adapter(self, version: int | None | str = "active") -> Any:
        """The model that answers: base + the given adapter version (``active`` by default)."""
        if version == "active":
            version = self.adapters.active()
        if version != getattr(self, "_adapter_version", None):
            self.drop_adapter()
            if version is not None:
                self._adapter_model = self.adapters.load(
                    self.lm.model, int(version), self.lm.fingerprint
                )
                self._adapter_version = version  # type: ignore[assignment]
        return getattr(self, "_adapter_model", None) or self.lm.model

    @property
    def adapter_version(self) -> int | None:
        """The adapter version loaded for replies now (None: the base model)."""
        return getattr(self, "_adapter_version", None)

    def reply_many(
        self,
        prompts: list[tuple[str, str]],
        max_new_tokens: int = 64,
        adapter: int | None | str = "active",
        progress: bool = False,
        personal: bool = True,
        embeddings: Any = None,
    ) -> list[str]:
        """Greedy replies to (question, context) pairs; ``personal`` adds the profile's system
        prompt and similar annotated examples (``embeddings`` of the prompts, if at hand)."""
        from .generate import generate_many

        if self.config.model.backend == "llamacpp":
            ids = self.prompts(prompts, personal, embeddings)
            return self.llamacpp(adapter).generate_many(ids, max_new_tokens)
        model = self.use_adapter(adapter)
        ids = self.prompts(prompts, personal, embeddings)
        from .stream import chat_decoding

        return generate_many(
            model,
            self.lm.tokenizer,
            ids,
            max_new_tokens,
            progress=progress,
            desc="reply",
            decoding=chat_decoding(),
            precision=getattr(self.lm, "precision", "fp32"),
        )

    def llamacpp(self, adapter: int | None | str = "active") -> Any:
        """The llama.cpp generator for base + ``adapter`` (kept while the version is the same)."""
        from .llamacpp import LlamaCppGenerator, adapter_gguf
        from .loader import default_gguf

        version = self.adapters.active() if adapter == "active" else adapter
        cached = getattr(self, "_llamacpp", None)
        if cached is None or cached[0] != version:
            path = self.config.model.path
            base = Path(path).expanduser() if path else default_gguf()
            lora = None if version is None else adapter_gguf(self.adapters.path(int(version)), base)
            self._llamacpp = (version, LlamaCppGenerator(base, lora, self.config.model.threads))
        return self._llamacpp[1]

    def prompts(
        self, prompts: list[tuple[str, str]], personal: bool = True, embeddings: Any = None
    ) -> list[list[int]]:
        """Token ids of reply prompts, personalized by the profile when ``personal``."""
        from .generate import prompt_ids

        c, n = self.config.profile, len(prompts)
        system = self.profile.summary() if personal and c.summary else ""
        shots: list[list[tuple[str, str]]] = [[] for _ in range(n)]
        if personal and c.examples:
            from ..profile.context import annotated_examples, nearest

            examples, units = annotated_examples(self.store)
            if examples:
                if embeddings is None:
                    embeddings, _ = self.embed_turns([Turn(q, context=ctx) for q, ctx in prompts])
                import numpy as np

                shots = nearest(np.asarray(embeddings), examples, units, c.examples)
        limit = self.config.model.max_tokens
        return [
            prompt_ids(self.lm.tokenizer, q, ctx, limit, system, ex)
            for (q, ctx), ex in zip(prompts, shots)
        ]

    def drop_adapter(self) -> None:
        m = getattr(self, "_adapter_model", None)
        if m is not None:
            m.unload()  # take the LoRA layers out of the shared base model
        self._adapter_model, self._adapter_version = None, None

    def base_only(self) -> Any:
        """A context in which the shared model answers without the loaded adapter."""
        import contextlib

        m = getattr(self, "_adapter_model", None)
        return m.disable_adapter() if m is not None else contextlib.nullcontext()
