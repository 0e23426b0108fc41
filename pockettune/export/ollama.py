"""An Ollama Modelfile: the base GGUF, the adapter GGUF and SmolLM2's ChatML template."""

from __future__ import annotations

from pathlib import Path

TEMPLATE = """{{- if .System }}<|im_start|>system
{{ .System }}<|im_end|>
{{ end }}{{- range .Messages }}<|im_start|>{{ .Role }}
{{ .Content }}<|im_end|>
{{ end }}<|im_start|>assistant
"""


def write_modelfile(out_dir: Path, base_gguf: Path, adapter_gguf: Path, system: str = "") -> Path:
    """``Modelfile`` in ``out_dir``; the adapter is referenced relative to it, the base model
    by its absolute path on this machine (that is where Ollama will read it)."""
    lines = [
        f"FROM {base_gguf.resolve()}",
        f"ADAPTER ./{adapter_gguf.name}",
        f'TEMPLATE """{TEMPLATE}"""',
        'PARAMETER stop "<|im_end|>"',
        "PARAMETER temperature 0.2",
    ]
    if system:
        lines.append(f'SYSTEM """{system}"""')
    path = out_dir / "Modelfile"
    path.write_text("\n".join(lines) + "\n")
    return path
