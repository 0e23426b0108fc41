"""Hand the personalized adapter to the tools people serve models with.

pockettune export --format peft     # a PEFT adapter folder (no local paths inside)
pockettune export --format gguf     # a llama.cpp LoRA adapter (GGUF)
pockettune export --format ollama   # Modelfile + adapter GGUF: `ollama create`
"""

from pathlib import Path
from typing import Any

from .gguf_lora import write_gguf_lora
from .ollama import write_modelfile
from .peft_dir import write_peft

__all__ = ["export", "write_gguf_lora", "write_modelfile", "write_peft"]


def export(pt: Any, fmt: str, out: Path | None = None, version: int | None = None) -> str:
    """Write adapter ``version`` (default: the active one) as ``fmt``; returns what was
    written and how to use it."""
    from ..errors import PockettuneError
    from ..models.loader import default_gguf

    version = version if version is not None else pt.adapters.active()
    if version is None:
        raise PockettuneError("no adapter to export: train one first (`pockettune train`)")
    adapter = pt.adapters.path(version)
    from ..train.adapters import verify_folder

    verify_folder(adapter)
    out = Path(out or f"pockettune-v{version}-{fmt}").expanduser()
    if fmt == "peft":
        write_peft(adapter, out)
        return f"{out}: PEFT adapter v{version} (PeftModel.from_pretrained(base, '{out}'))"
    path = pt.config.model.path
    base = Path(path).expanduser() if path else default_gguf()
    if base.suffix != ".gguf":
        raise PockettuneError(f"--format {fmt} needs a GGUF base model; model.path is {path!r}")
    if fmt == "gguf":
        target = out if out.suffix == ".gguf" else out / "adapter.gguf"
        write_gguf_lora(adapter, base, target)
        return f"{target}: llama.cpp LoRA (llama-cli -m {base} --lora {target})"
    if fmt == "ollama":
        target = write_gguf_lora(adapter, base, out / "adapter.gguf")
        system = pt.profile.summary() if pt.config.profile.summary else ""
        modelfile = write_modelfile(out, base, target, system)
        return (
            f"{modelfile} and {target}: run\n"
            f"  ollama create pockettune -f {modelfile}\n  ollama run pockettune"
        )
    raise PockettuneError(f"--format {fmt!r}: use peft, gguf or ollama")
