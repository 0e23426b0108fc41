"""The held-out items a round's swap decision scores, and their losses under one model.

    ids = verifiable(pt.store, heldout_ids, current)     # neither model trained on them
    losses = unit_losses_of(pt, ids, version, with_synth=False)

A held-out annotation (adapt.heldout, replay.split_heldout) is never in a round's data, nor
are its synthesized pairs. An adapter made by ``pockettune train`` learned from every
annotation, the held-out ones included: those it saw are left out of the comparison, or the
model in use would be scored on its own training data.
"""

from __future__ import annotations

from typing import Any

from ..store import Store


def verifiable(store: Store, heldout: list[int], current: int | None) -> list[int]:
    """The held-out annotation ids the adapter in use (None: base) did not learn from."""
    if current is None or not heldout:
        return list(heldout)
    seen = {
        r[0]
        for r in store.conn.execute(
            "SELECT annotation_id FROM adapter_annotations WHERE version=?", (current,)
        )
    }
    return [i for i in heldout if i not in seen]


def unit_losses_of(
    pt: Any, ids: list[int], version: int | None, with_synth: bool = False
) -> list[float]:
    """Per held-out annotation (in ``ids`` order), the mean NLL per token of its preferred
    response under base + ``version``; with ``with_synth`` the mean over it and its
    synthesized pairs (one unit: they are not independent items)."""
    from ..eval.score import reference_nll
    from ..turn import Turn
    from .verify import unit_losses

    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    rows = {
        r[0]: Turn(r[1], context=r[2], reference=r[3])
        for r in pt.store.conn.execute(
            f"SELECT id, question, context, response FROM annotations WHERE id IN ({marks})", ids
        )
    }
    order = [i for i in ids if i in rows]
    turns, units = [rows[i] for i in order], list(order)
    if with_synth:
        for aid, q, a in pt.store.conn.execute(
            f"SELECT annotation_id, question, response FROM synth WHERE annotation_id IN ({marks})"
            " ORDER BY id",
            ids,
        ):
            turns.append(Turn(q, reference=a))  # as training sees a pair: no context
            units.append(aid)
    model = pt.use_adapter(version)
    nll = reference_nll(model, pt.lm.tokenizer, turns, pt.config.train.max_example_tokens)
    return unit_losses(nll, units)
