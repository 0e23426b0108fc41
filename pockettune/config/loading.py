"""Reading configs: YAML presets, ``key=value`` overrides, nested dicts into dataclasses,
and the field docstrings that ``pockettune config`` prints."""

from __future__ import annotations

import ast
import dataclasses
import inspect
import textwrap
from pathlib import Path
from typing import Any

from ..errors import PockettuneError

PRESETS = Path(__file__).parent.parent / "configs"


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
        sub = _section_type(fields[name])
        kwargs[name] = (
            from_dict(sub, value, f"{prefix}{name}.")
            if sub
            else _coerce(fields[name], value, prefix)
        )
    try:
        return cls(**kwargs)
    except TypeError as e:
        raise PockettuneError(f"config {prefix.rstrip('.') or 'root'}: {e}") from None


def _section_type(f: dataclasses.Field) -> type | None:
    """The config dataclass a field holds (its default factory tells), or None for a value."""
    if f.default_factory is dataclasses.MISSING:  # type: ignore[misc]
        return None
    made = f.default_factory()  # type: ignore[misc]
    return type(made) if dataclasses.is_dataclass(made) else None


def _coerce(f: dataclasses.Field, value: Any, prefix: str) -> Any:
    """YAML reads ``2e-4`` as a string and ``1`` as an int; follow the field's default type."""
    default = f.default if f.default is not dataclasses.MISSING else None
    if isinstance(default, bool) or value is None:
        return value
    try:
        if isinstance(default, float) and isinstance(value, (int, str)):
            return float(value)
        if isinstance(default, int) and isinstance(value, str):
            return int(value)
    except ValueError:
        raise PockettuneError(f"{prefix}{f.name}={value!r}: expected a number") from None
    return value


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
