"""Reading the buffer: a kept turn as a user sees it (``pockettune buffer``, the web app)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..store import Store
from .state import BufferState


@dataclass
class BufferItem:
    """A kept turn as a user sees it in ``pockettune buffer``."""

    id: int
    seq: int
    arrived_at: float
    question: str
    context: str
    reply: str
    reference: str
    source: str
    speaker: str
    domain: str
    n_tokens: int
    eoe: float
    dss: float
    idd: float
    annotated: bool
    embedding: np.ndarray


def kept_items(store: Store, state: BufferState) -> list[BufferItem]:
    """Kept turns in arrival order, with IDD as it stands now (``state``'s live value; a row
    the state does not hold keeps the IDD it was admitted with)."""
    slot_of = {int(i): s for s, i in enumerate(state.item_id) if i >= 0}
    out = []
    for r in store.conn.execute("SELECT * FROM buffer ORDER BY seq"):
        s = slot_of.get(r["id"])
        idd = float(state.live_idd([s])[0]) if s is not None else r["idd"]
        out.append(
            BufferItem(
                r["id"], r["seq"], r["arrived_at"], r["question"], r["context"], r["reply"],
                r["reference"], r["source"], r["speaker"], r["domain"], r["n_tokens"],
                r["eoe"], r["dss"], idd, bool(r["annotated"]),
                np.frombuffer(r["embedding"], dtype="<f4"),
            )
        )  # fmt: skip
    return out
