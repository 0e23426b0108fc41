"""An optional generation backend: llama.cpp (``pip install 'pockettune[llamacpp]'``) serving
the base GGUF as it ships (quantized) with the adapter exported to a GGUF LoRA.

Prompts are the same token ids the transformers backend builds (the tokenizer comes from
the same GGUF), decoding is greedy. Outputs can differ from transformers after some tokens:
transformers runs fp32 weights dequantized from the GGUF, llama.cpp the quantized weights
themselves; ``benchmarks/backends.py`` measures how often and how early.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import PockettuneError


class LlamaCppGenerator:
    def __init__(
        self, base_gguf: Path, lora_gguf: Path | None = None, threads: int = 2, n_ctx: int = 2048
    ) -> None:
        try:
            from llama_cpp import Llama
        except ImportError:
            raise PockettuneError(
                "model.backend=llamacpp needs llama-cpp-python: pip install 'pockettune[llamacpp]'"
            ) from None
        kw: dict[str, Any] = dict(n_ctx=n_ctx, n_threads=threads, verbose=False, seed=0)
        if lora_gguf is not None:
            kw["lora_path"] = str(lora_gguf)
        self.llm = Llama(model_path=str(base_gguf), **kw)

    def generate_many(self, prompts: list[list[int]], max_new_tokens: int = 64) -> list[str]:
        out = []
        for ids in prompts:
            r = self.llm.create_completion(
                prompt=ids, max_tokens=max_new_tokens, temperature=0.0, top_k=1, top_p=1.0,
                repeat_penalty=1.0, min_p=0.0,
            )  # fmt: skip
            out.append(r["choices"][0]["text"].strip())
        return out

    def stream(self, prompt: list[int], max_new_tokens: int, sample: bool = False) -> Any:
        """Reply pieces as they are generated (the terminal chat)."""
        kw = dict(temperature=0.8, top_p=0.95) if sample else dict(temperature=0.0, top_k=1)
        for chunk in self.llm.create_completion(
            prompt=prompt, max_tokens=max_new_tokens, stream=True, repeat_penalty=1.1, **kw
        ):
            yield chunk["choices"][0]["text"]

    def generate_ids(self, prompt: list[int], max_new_tokens: int) -> list[int]:
        """Greedy token ids, to compare with another backend token by token."""
        self.llm.reset()
        ids: list[int] = []
        for tok in self.llm.generate(prompt, top_k=1, top_p=1.0, temp=0.0, repeat_penalty=1.0):
            if tok == self.llm.token_eos() or len(ids) >= max_new_tokens:
                break
            ids.append(int(tok))
        return ids


def adapter_gguf(adapter_dir: Path, base_gguf: Path) -> Path:
    """The adapter as a GGUF LoRA, written once beside its folder (adapters are immutable;
    the folder itself is checked against its manifest, so nothing is added inside)."""
    target = adapter_dir.with_name(adapter_dir.name + ".gguf")
    if not target.exists():
        from ..export.gguf_lora import write_gguf_lora

        write_gguf_lora(adapter_dir, base_gguf, target)
    return target
