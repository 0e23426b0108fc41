"""Typed configuration: dataclasses with a docstring under each field, YAML presets, overrides.

Resolution order, later wins: the defaults below, a preset (``configs/<name>.yaml`` in the
package, or any YAML path), ``key=value`` overrides such as ``select.capacity=128``.
Field docstrings are read back by :func:`field_docs` so ``pockettune config`` documents
itself. The sections live in ``sections.py`` (building an adapter) and ``usage.py`` (using
it), the reading in ``loading.py``;
``from pockettune.config import X`` works for all of them.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from ..errors import PockettuneError
from .loading import (
    PRESETS,
    _preset_path,
    _read_yaml,
    _set_path,
    field_docs,
    from_dict,
)
from .sections import (
    AnnotateConfig,
    IngestConfig,
    ModelConfig,
    SelectConfig,
    SynthConfig,
    TrainConfig,
)
from .usage import AdaptConfig, ChatConfig, PrivacyConfig, ProfileConfig, ServeConfig

__all__ = [
    "Config",
    "AdaptConfig",
    "AnnotateConfig",
    "ChatConfig",
    "IngestConfig",
    "ModelConfig",
    "PrivacyConfig",
    "ProfileConfig",
    "SelectConfig",
    "SynthConfig",
    "TrainConfig",
    "PRESETS",
    "field_docs",
    "from_dict",
]


@dataclass
class Config:
    model: ModelConfig = field(default_factory=ModelConfig)
    """The LLM and how embeddings are taken from it."""
    select: SelectConfig = field(default_factory=SelectConfig)
    """The selection buffer."""
    ingest: IngestConfig = field(default_factory=IngestConfig)
    """Reading conversation files."""
    annotate: AnnotateConfig = field(default_factory=AnnotateConfig)
    """Asking the user for preferred responses."""
    synth: SynthConfig = field(default_factory=SynthConfig)
    """LLM data synthesis."""
    train: TrainConfig = field(default_factory=TrainConfig)
    """LoRA fine-tuning."""
    chat: ChatConfig = field(default_factory=ChatConfig)
    """The terminal chat."""
    serve: ServeConfig = field(default_factory=ServeConfig)
    """The local HTTP server: OpenAI-compatible API and web app."""
    privacy: PrivacyConfig = field(default_factory=PrivacyConfig)
    """PII redaction, retention, encryption at rest."""
    profile: ProfileConfig = field(default_factory=ProfileConfig)
    """The user profile and where it is used."""
    adapt: AdaptConfig = field(default_factory=AdaptConfig)
    """Continuous adaptation: when and how to retrain."""

    @classmethod
    def load(cls, preset: str | None = None, overrides: list[str] | None = None) -> Config:
        """Defaults, then a preset by name or path, then ``key=value`` overrides."""
        data: dict[str, Any] = {}
        if preset:
            data = _read_yaml(_preset_path(preset))
        for item in overrides or []:
            key, sep, raw = item.partition("=")
            if not sep or not key:
                raise PockettuneError(
                    f"override {item!r}: expected key=value, e.g. select.capacity=128"
                )
            import yaml

            _set_path(data, key.strip().split("."), yaml.safe_load(raw))
        return from_dict(cls, data)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)
