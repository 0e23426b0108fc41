"""The profile at reply time, before (or on top of) any training: a system prompt with the
user's style and interests, and the user's own annotated turns most similar to the question
as in-context examples."""

from __future__ import annotations

from typing import Any

import numpy as np


def annotated_examples(store: Any) -> tuple[list[tuple[str, str]], np.ndarray]:
    """(question, preferred response) of every annotation with an embedding, and their unit
    embeddings as rows."""
    rows = store.conn.execute(
        "SELECT question, response, embedding FROM annotations WHERE embedding IS NOT NULL"
        " ORDER BY id"
    ).fetchall()
    if not rows:
        return [], np.zeros((0, 0), dtype=np.float32)
    units = np.stack([np.frombuffer(r[2], dtype="<f4") for r in rows])
    units = units / np.maximum(np.linalg.norm(units, axis=1, keepdims=True), 1e-12)
    return [(r[0], r[1]) for r in rows], units


def nearest(
    queries: np.ndarray, examples: list[tuple[str, str]], units: np.ndarray, k: int
) -> list[list[tuple[str, str]]]:
    """For each query embedding, the ``k`` most similar examples, most similar last (nearest
    the question, where a small model attends most)."""
    if k == 0 or not examples or queries.size == 0 or units.shape[1] != queries.shape[1]:
        return [[] for _ in range(len(queries))]
    q = queries / np.maximum(np.linalg.norm(queries, axis=1, keepdims=True), 1e-12)
    sims = q @ units.T
    out = []
    for row in sims:
        top = np.argsort(-row)[:k][::-1]
        out.append([examples[i] for i in top])
    return out
