"""The chitchat-dataset corpus as per-user streams: one speaker is one real user.

Each of a speaker's replies becomes a turn whose question is the other person's message just
before it (with the earlier messages as context) and whose reference is the speaker's reply,
in conversation-time order. The corpus ships inside the PyPI package ``chitchat-dataset``
(MIT) and is read from its folder, never downloaded.
"""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import PockettuneError
from ..turn import Turn
from .readers import CONTEXT_TURNS


def corpus_path() -> Path:
    spec = importlib.util.find_spec("chitchat_dataset")
    if spec is None or not spec.submodule_search_locations:
        raise PockettuneError("chitchat needs the package: pip install chitchat-dataset==0.9.0")
    return Path(next(iter(spec.submodule_search_locations))) / "dataset.json"


@lru_cache(maxsize=1)
def _corpus() -> dict[str, Any]:
    return json.loads(corpus_path().read_text(encoding="utf-8"))


def chitchat_speakers(min_replies: int = 1000) -> list[tuple[str, int]]:
    """Speakers with at least ``min_replies`` replies, most active first."""
    replies: Counter[str] = Counter()
    for conv in _corpus().values():
        msgs = conv["messages"]
        for prev, cur in zip(msgs, msgs[1:]):
            if cur and prev and cur[0]["sender"] != prev[0]["sender"]:
                replies[cur[0]["sender"]] += 1
    return [(s, n) for s, n in replies.most_common() if n >= min_replies]


def read_chitchat(speaker: str) -> Iterator[tuple[int, Turn]]:
    """Yield ``(n, turn)`` for every reply of ``speaker``, oldest conversation first."""
    convs = sorted(
        _corpus().items(),
        key=lambda kv: (
            kv[1]["messages"][0][0]["timestamp"]
            if kv[1]["messages"] and kv[1]["messages"][0]
            else ""
        ),
    )
    n, found = 0, False
    for cid, conv in convs:
        texts = [(m[0]["sender"], " ".join(u["text"] for u in m)) for m in conv["messages"] if m]
        for i in range(1, len(texts)):
            sender, reply = texts[i]
            if sender != speaker or texts[i - 1][0] == speaker:
                continue
            found = True
            n += 1
            context = "\n".join(t for _, t in texts[max(0, i - 1 - CONTEXT_TURNS) : i - 1])
            yield (
                n,
                Turn(
                    texts[i - 1][1],
                    context=context,
                    reference=reply,
                    source=f"chitchat:{speaker}",
                    speaker=speaker,
                    meta={"conv": cid},
                ),
            )
    if not found:
        raise PockettuneError(
            f"chitchat: no replies by speaker {speaker!r}; see `pockettune ingest --list-speakers`"
        )
