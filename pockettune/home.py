"""Where pockettune keeps its files: one home directory, one cache directory.

The home (``POCKETTUNE_HOME``, else the platform's app-data dir) holds the user's private
state: the SQLite store, adapters, the resolved config. The cache (``POCKETTUNE_CACHE``, else
the platform's cache dir) holds converted model weights, which are large, not private and
shared between homes, tests and CI. Nothing else on disk is touched.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path


def default_home() -> Path:
    env = os.environ.get("POCKETTUNE_HOME")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("pockettune", appauthor=False))


def default_cache() -> Path:
    env = os.environ.get("POCKETTUNE_CACHE")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("pockettune", appauthor=False))


@dataclass(frozen=True)
class Home:
    """The layout of files under a home directory."""

    root: Path

    @property
    def db(self) -> Path:
        return self.root / "pockettune.db"

    @property
    def config(self) -> Path:
        return self.root / "config.yaml"

    @property
    def adapters(self) -> Path:
        return self.root / "adapters"

    @property
    def runs(self) -> Path:
        return self.root / "runs"

    def create(self) -> Home:
        self.root.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(OSError):  # private by default: the store holds conversations
            os.chmod(self.root, 0o700)
        return self

    def disk_usage(self) -> int:
        """Bytes used by everything under the home directory."""
        if not self.root.exists():
            return 0
        return sum(p.stat().st_size for p in self.root.rglob("*") if p.is_file())
