"""What a round trains on: the new annotations, plus earlier ones replayed so that what the
user taught before is not forgotten; a fixed share of annotations is never trained on and
verifies each new adapter."""

from __future__ import annotations

import random
import zlib


def split_heldout(ids: list[int], share: float) -> tuple[list[int], list[int]]:
    """(trainable, held-out): an annotation's side is fixed by a hash of its id, so it never
    changes as annotations arrive (a held-out one is never trained on later)."""
    if share <= 0:
        return list(ids), []
    cut = int(share * 1000)
    held = [i for i in ids if zlib.crc32(str(i).encode()) % 1000 < cut]
    keep = set(held)
    return [i for i in ids if i not in keep], held


def round_data(new: list[int], old: list[int], replay: int, seed: int) -> list[int]:
    """The new annotations and ``replay`` earlier ones drawn uniformly (seeded)."""
    rng = random.Random(seed)
    return sorted(new + rng.sample(old, min(replay, len(old))))
