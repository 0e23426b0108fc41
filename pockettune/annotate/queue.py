"""What to ask next: unannotated buffered turns, most valuable first.

Value is the same rank sum the sdss policy uses to find the weakest item, taken over the
whole buffer: a turn that ranks high on EOE, DSS and IDD at once is the most informative one
to spend the user's attention on.
"""

from __future__ import annotations

import numpy as np

from ..select import Buffer, BufferItem
from ..select.policies.sdss import ranks


def annotation_queue(
    buffer: Buffer,
    limit: int | None = None,
    interests: dict[str, float] | None = None,
    interest_weight: float = 0.0,
) -> list[BufferItem]:
    """``interests`` (the profile's domain shares) add ``interest_weight * n * share`` rank
    points, so with a weight the user is asked first about what they talk about most."""
    items = buffer.items()
    if not items:
        return []
    table = np.array([[it.eoe, it.dss, it.idd] for it in items]).T
    weights = np.array([buffer.cfg.weights.get(m, 1.0) for m in ("eoe", "dss", "idd")])
    value = weights @ np.stack([ranks(row) for row in table])
    if interests and interest_weight:
        value = value + interest_weight * len(items) * np.array(
            [interests.get(it.domain, 0.0) for it in items]
        )
    order = sorted(range(len(items)), key=lambda i: (-value[i], items[i].seq))
    todo = [items[i] for i in order if not items[i].annotated]
    return todo[:limit] if limit is not None else todo
