"""``pockettune bench --ray``: the bench grid as Ray tasks, same cells, same files, same numbers.

Every (dataset, method, seed) cell is independent, so each is one Ray task that declares
``model.threads`` CPUs and runs with that many torch threads. What cells share is computed
once per dataset and handed to them by reference: the dataset itself and the stream
embeddings (``ray.put``), and the synthesized pairs. Synthesis depends on what a method
selects, so a cheap planning task per cell replays the selection first; the union of the
chosen items per (dataset, seed, K) is synthesized once, in chunks across workers, and every
cell reads it from the object store. The shared work is an optimization only: a cell that
misses a pair generates it itself with the very same code and seed.

Workers write nothing outside their own temp folders (on a cluster they do not share our
disk): the driver writes the caches and each cell's JSON as it arrives, in the serial run's
formats and paths, so a finished cell is skipped by either runner and an interrupted run
resumes. A killed worker loses only its cell, which Ray reruns; a cell that fails
``CELL_ATTEMPTS`` times is reported with its error and the rest of the grid completes.
"""

from __future__ import annotations

import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..eval.bench import Bench
from ..eval.cache import append_synth, read_synth_file, save_npz
from ..eval.protocol import METHODS, Dataset
from .runtime import CELL_ATTEMPTS, Fault, cluster_cpus, init_ray, trip, worker_model


@dataclass
class CellFailure:
    cell: str
    error: str


class _WorkerBench(Bench):
    """A Bench inside a worker: the per-process model, and the shared embeddings and pairs
    instead of the output folder's caches."""

    def __init__(
        self, bench: Bench, tmp: Path, threads: int, emb: Any, synth: Any, sur: Any = None
    ) -> None:
        super().__init__(bench.cfg, bench.bench, tmp, progress=False)
        self._lm = worker_model(bench.cfg.model, threads)
        self._emb, self._shared, self._sur = emb, synth or {}, sur

    def embeddings(self, ds: Dataset) -> tuple[np.ndarray, list[int], float]:
        return self._emb if self._emb is not None else super().embeddings(ds)

    def surprise(self, ds: Dataset) -> np.ndarray:
        return self._sur if self._sur is not None else super().surprise(ds)

    def synth_pairs(self, ds: Dataset, idx: int, k: int, seed: int) -> list[list[Any]]:
        got = self._shared.get(f"{idx}:{seed}")
        return got if got is not None else super().synth_pairs(ds, idx, k, seed)

    def prefetch_synth(self, ds: Dataset, idxs: list[int], k: int, seed: int) -> None:
        missing = [i for i in idxs if f"{i}:{seed}" not in self._shared]
        if missing:
            super().prefetch_synth(ds, missing, k, seed)


@contextmanager
def _in_worker(
    bench: Bench, threads: int, emb: Any = None, synth: Any = None, sur: Any = None
) -> Iterator[Any]:
    with tempfile.TemporaryDirectory(prefix="pt-cell-") as tmp:
        yield _WorkerBench(bench, Path(tmp), threads, emb, synth, sur)


# ---- task bodies (module-level so Ray pickles them by reference) -------------------------
def _embed_task(bench: Bench, threads: int, ds: Dataset) -> tuple[np.ndarray, list[int], float]:
    with _in_worker(bench, threads) as wb:
        return wb.embeddings(ds)


def _surprise_task(bench: Bench, threads: int, ds: Dataset) -> np.ndarray:
    with _in_worker(bench, threads) as wb:
        return wb.surprise(ds)


def _plan_task(
    bench: Bench, threads: int, ds: Dataset, method: str, seed: int, emb: Any, sur: Any
) -> list[int]:
    """The items a selection cell will annotate (and so needs synthesized)."""
    from ..store import Store

    with _in_worker(bench, threads, emb, sur=sur) as wb:
        store = Store(wb.out / "plan.db")
        try:
            return wb._select(ds, store, emb[0], emb[1], method, seed)
        finally:
            store.close()


def _synth_task(
    bench: Bench, threads: int, ds: Dataset, idxs: list[int], k: int, seed: int
) -> dict[str, Any]:
    with _in_worker(bench, threads) as wb:
        wb.prefetch_synth(ds, idxs, k, seed)  # the chunk in batches, not one item at a time
        return {f"{i}:{seed}": wb.synth_pairs(ds, i, k, seed) for i in idxs}


def _cell_task(
    bench: Bench,
    threads: int,
    ds: Dataset,
    method: str,
    seed: int,
    emb: Any,
    synth: Any,
    sur: Any,
    faults: tuple[Fault, ...],
) -> dict[str, Any]:
    trip(faults, f"{ds.key}/{method}/{seed}")
    with _in_worker(bench, threads, emb, synth, sur) as wb:
        return wb.timed_cell(ds, method, seed)


# ---- the driver ---------------------------------------------------------------------------
def _k(bench: Bench, method: str) -> int:
    spec = METHODS[method]
    kind = spec.get("kind", "select")
    return 0 if kind in ("full", "base") else int(spec.get("k", bench.cfg.synth.k))


def _embeddings(
    ray: Any, bench: Bench, bref: Any, ds: Dataset, ds_ref: Any, opts: dict[str, Any]
) -> Any:
    path = bench.emb_path(ds)
    if not path.exists():
        vecs, ntok, seconds = ray.get(
            ray.remote(_embed_task).options(**opts).remote(bref, opts["num_cpus"], ds_ref)
        )
        save_npz(path, vecs=vecs, ntok=np.array(ntok), seconds=seconds)
    z = np.load(path)
    return ray.put((z["vecs"], z["ntok"].tolist(), float(z["seconds"])))


def _surprises(
    ray: Any, bench: Bench, bref: Any, ds: Dataset, ds_ref: Any, opts: dict[str, Any]
) -> Any:
    """The stream's surprise, measured once for every cell that votes with it."""
    path = bench.sur_path(ds)
    if not path.exists():
        sur = ray.get(
            ray.remote(_surprise_task).options(**opts).remote(bref, opts["num_cpus"], ds_ref)
        )
        save_npz(path, sur=sur)
    return ray.put(np.load(path)["sur"])


def run_bench_ray(
    bench: Bench, address: str | None = "local", faults: tuple[Fault, ...] = ()
) -> tuple[list[dict[str, Any]], list[CellFailure]]:
    """Run the pending cells of ``bench`` on Ray; return all finished rows in the serial
    run's order, and the cells that failed ``CELL_ATTEMPTS`` times."""
    ray = init_ray(address)
    threads = max(1, bench.cfg.model.threads)
    opts = {"num_cpus": threads, "max_retries": CELL_ATTEMPTS - 1, "retry_exceptions": True}
    bench.stamp()
    cells = bench.cells()
    pending = [c for c in cells if bench.finished(*c) is None]
    by_ds: dict[str, list[tuple[Dataset, str, int]]] = defaultdict(list)
    for c in pending:
        by_ds[c[0].key].append(c)
    workers = max(1, cluster_cpus() // threads)
    futures: dict[Any, tuple[Dataset, str, int]] = {}
    bref = ray.put(bench)
    for todo in by_ds.values():
        ds = todo[0][0]
        ds_ref = ray.put(ds)
        needs_emb = any(METHODS[m].get("kind", "select") != "base" for _, m, _ in todo)
        emb = _embeddings(ray, bench, bref, ds, ds_ref, opts) if needs_emb else None
        needs_sur = any(
            METHODS[m].get("kind", "select") == "select"
            and "sur" in bench.select_config(m, s).metrics
            for _, m, s in todo
        )
        sur = _surprises(ray, bench, bref, ds, ds_ref, opts) if needs_sur else None
        shared = _shared_synth(ray, bench, bref, ds, ds_ref, todo, emb, sur, opts, workers)
        for c in todo:
            _, method, seed = c
            synth = shared.get(_k(bench, method))
            ref = (
                ray.remote(_cell_task)
                .options(**opts)
                .remote(bref, threads, ds_ref, method, seed, emb, synth, sur, faults)
            )
            futures[ref] = c
    failures = _collect(ray, bench, futures)
    rows = [r for r in (bench.finished(*c) for c in cells) if r is not None]
    return rows, failures


def _shared_synth(
    ray: Any,
    bench: Bench,
    bref: Any,
    ds: Dataset,
    ds_ref: Any,
    todo: list[tuple[Dataset, str, int]],
    emb: Any,
    sur: Any,
    opts: dict[str, Any],
    workers: int,
) -> dict[int, Any]:
    """K -> object ref of every pair the pending cells of ``ds`` will read."""
    plans = {
        (m, s): ray.remote(_plan_task)
        .options(**opts)
        .remote(bref, opts["num_cpus"], ds_ref, m, s, emb, sur)
        for _, m, s in todo
        if METHODS[m].get("kind", "select") == "select" and _k(bench, m)
    }
    need: dict[tuple[int, int], set[int]] = defaultdict(set)  # (k, seed) -> items
    for (m, s), ref in plans.items():
        # a failed plan costs only sharing: the cell selects and synthesizes for itself
        with suppress(ray.exceptions.RayError):
            need[(_k(bench, m), s)] |= set(ray.get(ref))
    out: dict[int, Any] = {}
    for k in sorted({k for k, _ in need}):
        path = bench.synth_path(ds, k)
        cache = read_synth_file(path)
        jobs = []
        for (kk, seed), items in sorted(need.items()):
            missing = sorted(i for i in items if kk == k and f"{i}:{seed}" not in cache)
            for chunk in np.array_split(missing, min(workers, len(missing))) if missing else []:
                jobs.append(
                    ray.remote(_synth_task)
                    .options(**opts)
                    .remote(bref, opts["num_cpus"], ds_ref, [int(i) for i in chunk], k, seed)
                )
        for ref in jobs:
            try:
                got = ray.get(ref)
            except ray.exceptions.RayError:
                continue
            append_synth(path, got)
            cache.update(got)
        out[k] = ray.put(cache)
    return out


def _collect(
    ray: Any, bench: Bench, futures: dict[Any, tuple[Dataset, str, int]]
) -> list[CellFailure]:
    """Save each cell as it finishes (so an interrupted run keeps it); report the failed."""
    failures, waiting = [], list(futures)
    t0 = time.perf_counter()
    while waiting:
        done, waiting = ray.wait(waiting, num_returns=1)
        ds, method, seed = futures[done[0]]
        try:
            row = ray.get(done[0])
        except ray.exceptions.RayError as e:
            msg = str(e).strip().splitlines()
            failures.append(
                CellFailure(
                    f"{ds.key}/{method}/{seed}",
                    f"failed {CELL_ATTEMPTS} times: {msg[-1] if msg else type(e).__name__}",
                )
            )
            if bench.progress:
                print(
                    f"[bench] {ds.key} {method} seed {seed}: FAILED ({failures[-1].error})",
                    flush=True,
                )
            continue
        bench.save_cell(ds, method, seed, row)
    if bench.progress:
        print(f"[bench] {len(futures)} cells on Ray in {time.perf_counter() - t0:.0f}s", flush=True)
    return failures
