"""Forgetting on request, and retention limits.

``forget`` deletes buffered turns and annotations (their synthesized pairs go with them) that
match a selector, in one transaction. The connection runs with ``secure_delete``, so deleted
text is overwritten in the database pages; the WAL is then checkpointed and truncated and the
file vacuumed, so no copy remains in the journal or free pages. Adapters trained on a
forgotten annotation are marked stale (or deleted with ``purge_adapters``): their weights may
still encode it. ``Forgetting`` does this for an open home; ``open_store`` opens a home's
store with the retention limits applied.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import PockettuneError
from ..profile.profile import rebuild_style
from ..store import Store


@dataclass
class Selector:
    turn: int | None = None
    """A buffered turn's id (``pockettune buffer`` shows it) and the annotations made of it."""
    annotation: int | None = None
    since: float | None = None
    """Unix time: everything that arrived or was annotated at or after it..."""
    until: float | None = None
    """...and before it."""
    domain: str | None = None
    everything: bool = False

    def empty(self) -> bool:
        return not (
            self.everything
            or self.domain
            or self.since is not None
            or self.until is not None
            or self.turn is not None
            or self.annotation is not None
        )


@dataclass
class ForgetReport:
    turns: int = 0
    annotations: int = 0
    synthesized: int = 0
    feedback: int = 0
    stale_adapters: list[int] = field(default_factory=list)
    purged_adapters: list[int] = field(default_factory=list)

    def summary(self) -> str:
        s = f"forgot {self.turns} buffered turns, {self.annotations} annotations, {self.synthesized} synthesized pairs, {self.feedback} feedback events"
        if self.purged_adapters:
            s += f"; deleted adapters {', '.join(f'v{v}' for v in self.purged_adapters)}"
        elif self.stale_adapters:
            s += f"; adapters {', '.join(f'v{v}' for v in self.stale_adapters)} were trained on it and are marked stale"
        return s


def _where(
    sel: Selector, time_col: str, id_col: str, link_col: str | None
) -> tuple[str, list[object]]:
    if sel.everything:
        return "1=1", []
    parts, args = [], []
    if sel.turn is not None:
        parts.append(f"{link_col or id_col} = ?")
        args.append(sel.turn)
    if sel.annotation is not None:
        parts.append("id = ?" if link_col else "0")
        if link_col:
            args.append(sel.annotation)
    if sel.since is not None:
        parts.append(f"{time_col} >= ?")
        args.append(sel.since)
    if sel.until is not None:
        parts.append(f"{time_col} < ?")
        args.append(sel.until)
    if sel.domain:
        parts.append("domain = ?")
        args.append(sel.domain)
    return " AND ".join(parts), args


def forget(
    store: Store, sel: Selector, adapters_root: Path | None = None, purge_adapters: bool = False
) -> ForgetReport:
    if sel.empty():
        raise PockettuneError(
            "forget what? give a turn, an annotation, a time range, a domain, or everything"
        )
    rep = ForgetReport()
    bw, bargs = _where(sel, "arrived_at", "id", None)
    aw, aargs = _where(sel, "created_at", "id", "buffer_id")
    with store.transaction() as c:
        ann_ids = [r[0] for r in c.execute(f"SELECT id FROM annotations WHERE {aw}", aargs)]
        if ann_ids:
            marks = ",".join("?" * len(ann_ids))
            rep.synthesized = c.execute(
                f"SELECT COUNT(*) FROM synth WHERE annotation_id IN ({marks})", ann_ids
            ).fetchone()[0]
            rep.stale_adapters = [
                r[0]
                for r in c.execute(
                    f"SELECT DISTINCT version FROM adapter_annotations WHERE annotation_id IN ({marks}) ORDER BY version",
                    ann_ids,
                )
            ]
            c.execute(
                f"DELETE FROM annotations WHERE id IN ({marks})", ann_ids
            )  # synth rows cascade
            c.execute(f"DELETE FROM adapter_annotations WHERE annotation_id IN ({marks})", ann_ids)
        rep.annotations = len(ann_ids)
        # feedback is not tied to a buffered turn or to an annotation id of its own
        single = sel.turn is not None or sel.annotation is not None
        fw, fargs = ("0", []) if single else _where(sel, "created_at", "id", None)
        if ann_ids:  # feedback whose edit became a forgotten annotation goes with it
            fw += f" OR annotation_id IN ({','.join('?' * len(ann_ids))})"
            fargs += ann_ids
        rep.feedback = c.execute(f"DELETE FROM feedback WHERE {fw}", fargs).rowcount
        if sel.everything:
            c.execute("DELETE FROM meta WHERE key LIKE 'profile%' OR key LIKE 'adapt.%'")
        elif ann_ids:  # the profile's words came from them too; the scrub below wipes the old
            rebuild_style(c)
        rep.turns = (
            c.execute(f"DELETE FROM buffer WHERE {bw}", bargs).rowcount
            if sel.annotation is None
            else 0
        )
        note = f"trained on data forgotten {time.strftime('%Y-%m-%d %H:%M')}"
        for v in rep.stale_adapters:
            c.execute("UPDATE adapters SET stale=? WHERE version=?", (note, v))
        if purge_adapters and rep.stale_adapters:
            marks = ",".join("?" * len(rep.stale_adapters))
            c.execute(f"DELETE FROM adapters WHERE version IN ({marks})", rep.stale_adapters)
            active = store.get_meta("adapters.active")
            if active in rep.stale_adapters:
                Store.set_meta(c, "adapters.active", None)
        Store.set_meta(
            c, "select.version", (store.get_meta("select.version", 0) or 0) + 1
        )  # buffers reload
        Store.log(c, "forget", None, turns=rep.turns, annotations=rep.annotations)
    if purge_adapters and adapters_root is not None:
        for v in rep.stale_adapters:
            shutil.rmtree(adapters_root / f"v{v:04d}", ignore_errors=True)
            (adapters_root / f"v{v:04d}.gguf").unlink(missing_ok=True)  # llama.cpp copy
        rep.purged_adapters = rep.stale_adapters
        from ..train.adapters import AdapterStore

        AdapterStore(store, adapters_root).sweep()  # and whatever killed trainers left
    scrub(store)
    return rep


def scrub(store: Store) -> None:
    """Leave no deleted text behind: truncate the WAL and rewrite the file without free pages."""
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.conn.execute("VACUUM")
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def enforce_retention(store: Store, max_age_days: float, max_items: int) -> ForgetReport | None:
    """Apply the retention limits: age first, then keep only the newest ``max_items`` annotations."""
    rep = None
    if max_age_days > 0:
        cutoff = time.time() - max_age_days * 86400
        old = store.conn.execute(
            "SELECT (SELECT COUNT(*) FROM buffer WHERE arrived_at < ?) + (SELECT COUNT(*) FROM annotations WHERE created_at < ?)",
            (cutoff, cutoff),
        ).fetchone()[0]
        if old:
            rep = forget(store, Selector(until=cutoff))
    if max_items > 0:
        row = store.conn.execute(
            "SELECT created_at FROM annotations ORDER BY created_at DESC LIMIT 1 OFFSET ?",
            (max_items - 1,),
        ).fetchone()
        if (
            row
            and store.conn.execute(
                "SELECT COUNT(*) FROM annotations WHERE created_at < ?", (row[0],)
            ).fetchone()[0]
        ):
            rep = forget(store, Selector(until=row[0]))
    return rep


def open_store(db: Path, cfg: Any) -> Store:
    """A home's store, unlocked (``privacy.encrypt``, ``privacy.key_source``), with the
    retention limits (``privacy.max_age_days``, ``privacy.max_annotations``) applied."""
    from ..store.crypt import store_key

    store = Store(db, store_key(db, cfg.encrypt, cfg.key_source))
    if cfg.max_age_days or cfg.max_annotations:
        enforce_retention(store, cfg.max_age_days, cfg.max_annotations)
    return store


class Forgetting:
    """Forget for one open home: the loaded adapter is dropped first, and whatever holds a
    copy of the forgotten data (buffer, profile) is reloaded after."""

    def __init__(
        self,
        store: Store,
        adapters_root: Path,
        drop_adapter: Callable[[], None],
        reload: list[Callable[[], None]],
    ) -> None:
        self.store, self.adapters_root = store, adapters_root
        self._drop_adapter, self._reload = drop_adapter, reload

    def forget(self, purge_adapters: bool = False, **selector: Any) -> ForgetReport:
        """Delete matching turns and annotations for good (see :class:`Selector`)."""
        self._drop_adapter()
        rep = forget(self.store, Selector(**selector), self.adapters_root, purge_adapters)
        for reload in self._reload:
            reload()
        return rep
