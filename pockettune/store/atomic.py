"""Atomic file writes: a reader sees the old file or the new one, never half of either."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a temp file in the same directory, fsync, then rename over ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def fsync_dir(path: Path) -> None:
    """Make a rename durable: fsync the directory that holds it (a no-op where unsupported)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file, read in 1 MiB chunks (fingerprints and manifests)."""
    h = hashlib.sha256()
    with Path(path).open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def owned_tempdir(parent: Path, prefix: str) -> Path:
    """A temporary folder under ``parent`` whose name carries this process's pid
    (``{prefix}{pid}.xxxx``), so :func:`sweep_tempdirs` can tell a dead writer's leftovers
    from a live writer's work in progress."""
    return Path(tempfile.mkdtemp(dir=parent, prefix=f"{prefix}{os.getpid()}."))


def sweep_tempdirs(parent: Path, pattern: str) -> int:
    """Delete ``pattern`` folders under ``parent`` made by processes no longer alive.

    A writer killed between writing its files and renaming them into place leaves weights
    behind (a trained adapter is the user's data too); the next writer removes them. Folders
    whose pid is alive, or that carry no pid, are left alone."""
    n = 0
    for p in parent.glob(pattern):
        try:
            pid = int(p.name.split(".")[2])
        except (IndexError, ValueError):
            continue
        if pid != os.getpid() and not pid_alive(pid):
            shutil.rmtree(p, ignore_errors=True)
            n += 1
    return n


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True
