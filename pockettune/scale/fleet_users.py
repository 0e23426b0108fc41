"""Who is in the fleet: chitchat speakers by replies, never the ranks kept for an outside
check, each user's stream and held-out split, and where the buffer is handed off (split from
fleet.py). ``fleet`` arguments are a fleet.FleetConfig, typed loosely so this module does
not import fleet.py back."""

from __future__ import annotations

from typing import Any

from ..errors import PockettuneError

RESERVED_RANKS = (10, 11, 12)
"""1-based ranks (by replies, most first) of the chitchat speakers kept for an outside check
(issue #42): never selected, run, tuned or reported. Not a config field on purpose."""


def reserved_speakers() -> set[str]:
    """The speakers at :data:`RESERVED_RANKS`, ranked by replies over the whole corpus."""
    from ..ingest import chitchat_speakers

    ranked = chitchat_speakers(0)
    return {ranked[r - 1][0] for r in RESERVED_RANKS if r <= len(ranked)}


def eligible_users(fleet: Any) -> list[str]:
    """The fleet's users, most active first: enough replies, never a reserved rank."""
    from ..ingest import chitchat_speakers

    reserved = reserved_speakers()
    found = [s for s, _ in chitchat_speakers(fleet.min_replies) if s not in reserved]
    return found[: fleet.users]


def check_not_reserved(speaker: str) -> None:
    if speaker in reserved_speakers():
        raise PockettuneError(
            f"speaker {speaker[:8]} is reserved for an outside check (ranks "
            f"{', '.join(map(str, RESERVED_RANKS))}): it is never run"
        )


def user_split(speaker: str, fleet: Any) -> tuple[list[Any], list[Any]]:
    """(stream, held-out) of one user's turns, and nobody else's."""
    from ..ingest import read_chitchat

    check_not_reserved(speaker)
    turns = [t for _, t in read_chitchat(speaker) if t.reference.strip()]
    if len(turns) < fleet.test + 10:
        raise PockettuneError(f"speaker {speaker[:8]}: {len(turns)} replies, too few")
    return turns[: min(fleet.stream, len(turns) - fleet.test)], turns[-fleet.test :]


def handoff_points(n: int, handoffs: int) -> list[int]:
    """Stream positions after which the buffer is handed off: evenly, the last at ``n``."""
    return sorted({max(1, round(n * (i + 1) / handoffs)) for i in range(handoffs)})
