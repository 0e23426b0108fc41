"""Test-only fault injection: a process SIGKILLs itself at the N-th hit of a named point.

The crash tests set ``POCKETTUNE_FAULT=<point>:<N>`` on a child ``pockettune`` process, which
then kills itself (SIGKILL: no cleanup, no ``finally``) the N-th time it reaches
``faults.point("<point>")``. Kills land at chosen moments of progress, not after a sleep, so
the tests mean the same on a loaded 2-core laptop as on a fast one. The variable is read
once at import; without it ``point`` is a function that does nothing. Not for users.

The points, each one line in the code it names:

- ``ingest.before_commit``: a buffer offer's writes are done, its transaction not committed
  (``select/buffer.py``; every ingested turn is one offer).
- ``ingest.after_commit``: that offer is committed, its in-memory state not yet updated.
- ``train.step``: an optimizer step is done (``train/lora.py``).
- ``train.mid_checkpoint``: a checkpoint's files are written, not yet renamed into place
  (``train/checkpoint.py``).
- ``train.after_checkpoint``: a checkpoint is complete (``train/lora.py``).
- ``train.mid_adapter_save``: the new adapter's files are written to its temporary folder,
  not yet renamed (``train/adapters.py``).
- ``train.mid_rename``: the adapter folder is renamed into place, its row not yet recorded
  nor activated.
- ``rekey.after_export``: a key change's re-encrypted copy is written (``store/crypt.py``).
- ``rekey.after_link``: the old file has its second name, the copy is not yet renamed.
- ``rekey.after_rename``: the copy replaced the store, the old file is not yet shredded.
"""

from __future__ import annotations

import os
import signal

POINTS = (
    "ingest.before_commit",
    "ingest.after_commit",
    "train.step",
    "train.mid_checkpoint",
    "train.after_checkpoint",
    "train.mid_adapter_save",
    "train.mid_rename",
    "rekey.after_export",
    "rekey.after_link",
    "rekey.after_rename",
)


def _parse(spec: str) -> tuple[str, int]:
    name, _, n = spec.rpartition(":")
    if name not in POINTS or not n.isdigit() or int(n) < 1:
        raise ValueError(f"POCKETTUNE_FAULT={spec!r}: expected <point>:<N>, a point of {POINTS}")
    return name, int(n)


_SPEC = os.environ.get("POCKETTUNE_FAULT")
if _SPEC:
    _target, _at = _parse(_SPEC)
    _hits = 0

    def point(name: str) -> None:
        """The armed fault point: SIGKILL at the N-th hit of the point POCKETTUNE_FAULT names."""
        global _hits
        if name == _target:
            _hits += 1
            if _hits == _at:
                os.kill(os.getpid(), signal.SIGKILL)

else:

    def point(name: str) -> None:
        """A named fault point: nothing happens unless POCKETTUNE_FAULT names it."""
