"""Adapter versions on disk: atomic writes, manifests, verification, activation, rollback.

An adapter lives in ``<home>/adapters/vNNNN/`` with ``manifest.json``: the sha256 of every
file, the base model's fingerprint, the training config and data counts. It is written to a
temporary folder and renamed into place, then recorded and activated in one SQLite
transaction, so a crash or a full disk leaves the previous adapter active and intact. Loading
verifies everything first and refuses a corrupted adapter or one made for another base model.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path
from typing import Any

from ..errors import PockettuneError
from ..faults import point as fault
from ..store import Store
from ..store.atomic import fsync_dir, owned_tempdir, pid_alive, sha256_file, sweep_tempdirs


def write_manifest(folder: Path, info: dict[str, Any]) -> None:
    files = {
        p.name: sha256_file(p)
        for p in sorted(folder.iterdir())
        if p.is_file() and p.name != "manifest.json"
    }
    (folder / "manifest.json").write_text(json.dumps({**info, "files": files}, indent=1))


def verify_folder(folder: Path, fingerprint: str | None = None) -> dict[str, Any]:
    """The manifest of a verified folder, or a PockettuneError saying what is wrong."""
    mpath = folder / "manifest.json"
    try:
        manifest = json.loads(mpath.read_text())
        files = manifest["files"]
    except FileNotFoundError:
        raise PockettuneError(f"{folder}: no manifest.json; not a complete adapter") from None
    except (json.JSONDecodeError, KeyError, TypeError):
        raise PockettuneError(f"{folder}: manifest.json is corrupted") from None
    if fingerprint is not None and manifest.get("base_fingerprint") != fingerprint:
        raise PockettuneError(
            f"{folder}: made for another base model ({str(manifest.get('base_model'))}, "
            f"fingerprint {str(manifest.get('base_fingerprint'))[:12]}), not the one loaded ({fingerprint[:12]})"
        )
    for name, digest in files.items():
        p = folder / name
        if not p.exists():
            raise PockettuneError(f"{folder}: file {name} is missing; the adapter cannot be used")
        if sha256_file(p) != digest:
            raise PockettuneError(f"{folder}: file {name} is corrupted (checksum mismatch)")
    return manifest


class AdapterStore:
    def __init__(self, store: Store, root: Path) -> None:
        self.store, self.root = store, root

    def list(self) -> list[dict[str, Any]]:
        active = self.active()
        rows = self.store.conn.execute("SELECT * FROM adapters ORDER BY version").fetchall()
        return [dict(r, active=r["version"] == active) for r in rows]

    def active(self) -> int | None:
        return self.store.get_meta("adapters.active")

    def path(self, version: int) -> Path:
        return self.root / f"v{version:04d}"

    def next_version(self) -> int:
        row = self.store.conn.execute("SELECT MAX(version) FROM adapters").fetchone()
        on_disk = [int(p.name[1:]) for p in self.root.glob("v[0-9]*") if p.name[1:].isdigit()]
        return max([row[0] or 0, *on_disk]) + 1

    def sweep(self) -> int:
        """Remove what killed writers left: temporary folders, and version folders renamed
        into place but never recorded (killed between the rename and the insert)."""
        n = sweep_tempdirs(self.root, ".v*")
        recorded = {r[0] for r in self.store.conn.execute("SELECT version FROM adapters")}
        for p in self.root.glob("v[0-9]*"):
            if not p.name[1:].isdigit() or int(p.name[1:]) in recorded:
                continue
            try:
                pid = json.loads((p / "manifest.json").read_text()).get("pid")
            except (OSError, ValueError):
                continue
            if pid is not None and pid != os.getpid() and not pid_alive(int(pid)):
                shutil.rmtree(p, ignore_errors=True)
                n += 1
        return n

    def save(self, write: Any, info: dict[str, Any], activate: bool = True) -> int:
        """``write(folder)`` writes the adapter files; we add the manifest, rename, record."""
        self.root.mkdir(parents=True, exist_ok=True)
        self.sweep()
        version = self.next_version()
        tmp = owned_tempdir(self.root, f".v{version:04d}.")
        try:
            write(tmp)
            write_manifest(
                tmp, {**info, "version": version, "created_at": time.time(), "pid": os.getpid()}
            )
            for p in tmp.iterdir():
                with p.open("rb") as f:
                    os.fsync(f.fileno())
            fault("train.mid_adapter_save")
            os.replace(tmp, self.path(version))
            fsync_dir(self.root)
            fault("train.mid_rename")
        except OSError as e:
            shutil.rmtree(tmp, ignore_errors=True)
            active = self.active()
            keep = f"adapter v{active} stays active" if active else "no adapter was active"
            raise PockettuneError(
                f"could not save the adapter ({e.strerror or e}); {keep}"
            ) from None
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        with self.store.transaction() as c:
            c.execute(
                "INSERT INTO adapters (version, created_at, path, base_fingerprint, n_annotations,"
                " n_synth, final_loss, note) VALUES (?,?,?,?,?,?,?,?)",
                (
                    version,
                    time.time(),
                    str(self.path(version)),
                    info["base_fingerprint"],
                    info.get("n_annotations", 0),
                    info.get("n_synth", 0),
                    info.get("final_loss"),
                    info.get("note", ""),
                ),
            )
            c.executemany(
                "INSERT INTO adapter_annotations VALUES (?, ?)",
                [(version, a) for a in info.get("annotation_ids", [])],
            )
            if activate:
                Store.set_meta(c, "adapters.active", version)
            Store.log(c, "adapter", None, version=version, activated=activate)
        return version

    def set_note(self, version: int, note: str, round_info: dict[str, Any] | None = None) -> None:
        """Why an adapter is (or is not) in use, shown by ``pockettune adapters``; with
        ``round_info``, what the adaptation round that made it did (adapt/record.py)."""
        with self.store.transaction() as c:
            c.execute("UPDATE adapters SET note=? WHERE version=?", (note, version))
            if round_info is not None:
                c.execute(
                    "UPDATE adapters SET round_info=? WHERE version=?",
                    (json.dumps(round_info), version),
                )

    def round_info(self, version: int) -> dict[str, Any] | None:
        """What the round that made ``version`` did (None: not made by a round)."""
        row = self.store.conn.execute(
            "SELECT round_info FROM adapters WHERE version=?", (version,)
        ).fetchone()
        got = json.loads(row[0]) if row and row[0] else {}
        return got or None

    def activate(self, version: int | None, fingerprint: str | None = None) -> None:
        """Make ``version`` active (None: the base model alone), after verifying it."""
        if version is not None:
            if not self.store.conn.execute(
                "SELECT 1 FROM adapters WHERE version=?", (version,)
            ).fetchone():
                raise PockettuneError(f"no adapter v{version}; see `pockettune adapters`")
            verify_folder(self.path(version), fingerprint)
        with self.store.transaction() as c:
            Store.set_meta(c, "adapters.active", version)
            Store.log(c, "activate", None, version=version)

    def rollback(self, fingerprint: str | None = None) -> int | None:
        """Activate the newest intact version older than the active one."""
        active = self.active()
        if active is None:
            raise PockettuneError("no adapter is active; nothing to roll back")
        for row in reversed(self.list()):
            if row["version"] < active:
                try:
                    self.activate(row["version"], fingerprint)
                    return int(row["version"])
                except PockettuneError:
                    continue
        self.activate(None)
        return None

    def load(self, model: Any, version: int, fingerprint: str) -> Any:
        """The base model wrapped with verified adapter ``version`` (PEFT)."""
        import warnings

        from peft import PeftModel

        folder = self.path(version)
        verify_folder(folder, fingerprint)
        with warnings.catch_warnings():  # transformers' deprecation inside PEFT, each load
            warnings.filterwarnings("ignore", message=".*is_gradient_checkpointing.*")
            return PeftModel.from_pretrained(model, folder, is_trainable=False).eval()
