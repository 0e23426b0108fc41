"""Persistent state: one SQLite database per home, plus atomically written artifact files."""

from .atomic import atomic_write_bytes, atomic_write_text, sha256_file
from .db import Store

__all__ = ["Store", "atomic_write_bytes", "atomic_write_text", "sha256_file"]
