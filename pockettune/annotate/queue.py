"""What to ask next: unannotated buffered turns, most valuable first.

Value is the same rank sum the sdss policy uses to find the weakest item, taken over the
whole buffer: a turn that ranks high on EOE, DSS and IDD at once is the most informative one
to spend the user's attention on.
"""

from __future__ import annotations

import numpy as np

from ..select import Buffer, BufferItem
from ..select.policies.sdss import ranks


def annotation_queue(buffer: Buffer, limit: int | None = None) -> list[BufferItem]:
    items = buffer.items()
    if not items:
        return []
    table = np.array([[it.eoe, it.dss, it.idd] for it in items]).T
    weights = np.array([buffer.cfg.weights.get(m, 1.0) for m in ("eoe", "dss", "idd")])
    value = weights @ np.stack([ranks(row) for row in table])
    order = sorted(range(len(items)), key=lambda i: (-value[i], items[i].seq))
    todo = [items[i] for i in order if not items[i].annotated]
    return todo[:limit] if limit is not None else todo
