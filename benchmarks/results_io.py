"""Writing a benchmark's results: the measured data as JSON and its table as Markdown, side by
side under benchmarks/results/, each written atomically; the table is printed too."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pockettune.store import atomic_write_text


def save_results(out: str | Path, info: dict[str, Any], lines: list[str]) -> None:
    """``out`` without suffix: ``out.json`` gets ``info``, ``out.md`` the table ``lines``."""
    out = Path(out)
    atomic_write_text(out.with_suffix(".json"), json.dumps(info, indent=1))
    atomic_write_text(out.with_suffix(".md"), "\n".join(lines) + "\n")
    print("\n".join(lines))
