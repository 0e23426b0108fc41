"""``pockettune bench``: the paper's comparison on real data, resumable cell by cell.

A cell is (dataset, method, seed). Its pipeline is the product's own: a Buffer on a real
SQLite store, the simulated annotator, the synthesizer, a LoRA round, then greedy replies on
the held-out items. What does not depend on the method is computed once and cached under the
output folder: stream embeddings per dataset (base model), synthesized pairs per (item, seed,
K), the base model's scores. A finished cell is a JSON file written atomically; a rerun
skips it, so an interrupted benchmark resumes where it stopped.
"""

from __future__ import annotations

import json
import tempfile
import time
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import numpy as np

from ..config import Config
from ..store import Store, atomic_write_text
from ..synth.prompt import PROMPT_VERSION
from ..train.loss import TRAIN_VERSION
from . import cache
from .cache import progress_bar
from .machine import cpu_name, machine, peak_rss_mb, versions
from .protocol import METHODS, BenchConfig, Dataset, config_hash, load_dataset


class Bench:
    def __init__(self, cfg: Config, bench: BenchConfig, out: Path, progress: bool = True) -> None:
        from ..models.precision import resolve

        # ``auto`` is resolved before anything is hashed: a cell names the arithmetic it ran
        cfg = replace(
            cfg,
            model=replace(cfg.model, precision=resolve(cfg.model.precision)),
            train=replace(cfg.train, precision=resolve(cfg.train.precision)),
        )
        self.cfg, self.bench, self.out, self.progress = cfg, bench, Path(out), progress
        (self.out / "cache").mkdir(parents=True, exist_ok=True)
        (self.out / "cells").mkdir(exist_ok=True)
        self._lm: Any = None
        self._synth_cache: dict[Path, dict[str, list[Any]]] = {}

    @property
    def lm(self) -> Any:
        if self._lm is None:
            from ..models import load_model

            self._lm = load_model(self.cfg.model)
        return self._lm

    # ---- cached, method-independent work -------------------------------------------------
    def emb_path(self, ds: Dataset) -> Path:
        """Stream embeddings of a dataset (base model), shared by every cell."""
        return self.out / "cache" / f"{ds.stream_key}-{len(ds.stream)}-emb.npz"

    def sur_path(self, ds: Dataset) -> Path:
        """The base model's surprise at each stream turn, for methods that vote with it."""
        return self.out / "cache" / f"{ds.stream_key}-{len(ds.stream)}-sur.npz"

    def synth_path(self, ds: Dataset, k: int) -> Path:
        """Synthesized pairs per (item, seed) for K, JSON lines; the prompt version and the
        sampling settings are in the name, so a new prompt or temperature never reads old
        pairs (the ROUGE band is applied on reading, so it is not)."""
        s, bf16 = self.cfg.synth, self.cfg.model.precision == "bf16"
        h = config_hash(s.temperature, s.top_p, s.max_new_tokens, *(["bf16"] if bf16 else []))[:6]
        return self.out / "cache" / f"{ds.stream_key}-synth-{PROMPT_VERSION}-k{k}-{h}.jsonl"

    def embeddings(self, ds: Dataset) -> tuple[np.ndarray, list[int], float]:
        """The stream's embeddings, token counts and seconds taken (:func:`.cache.embeddings`)."""
        return cache.embeddings(self, ds)

    def surprise(self, ds: Dataset) -> np.ndarray:
        """The base model's surprise at each stream turn, cached (:func:`.cache.surprise`)."""
        return cache.surprise(self, ds)

    def synth_pairs(self, ds: Dataset, idx: int, k: int, seed: int) -> list[list[Any]]:
        """K generations for stream item ``idx``, cached (:func:`.cache.synth_pairs`)."""
        return cache.synth_pairs(self, ds, idx, k, seed)

    def prefetch_synth(self, ds: Dataset, idxs: list[int], k: int, seed: int) -> None:
        """Generate the uncached pairs of ``idxs`` together (:func:`.cache.prefetch_synth`)."""
        cache.prefetch_synth(self, ds, idxs, k, seed)

    # ---- one cell -----------------------------------------------------------------------
    def select_config(self, method: str, seed: int) -> Any:
        """The selection settings a cell runs with: the defaults, the bench's capacity and the
        method's own (part of the cell's hash, so a changed default reruns the cell)."""
        from ..config import SelectConfig

        spec = {k: v for k, v in METHODS[method].items() if k not in ("k", "kind")}
        return SelectConfig(capacity=self.bench.capacity, seed=seed, **spec)

    def cell_path(self, ds: Dataset, method: str, seed: int) -> Path:
        kind = METHODS[method].get("kind", "select")
        h = config_hash(
            self.select_config(method, seed) if kind == "select" else None,
            self.cfg.train,
            self.cfg.synth,
            self.cfg.model,
            method,
            self.bench.capacity,
            self.bench.checkpoints,
            len(ds.stream),
            len(ds.test),
            self.bench.max_new_tokens,
            self.bench.rouge_items,
            0 if method in ("base",) else seed,
            *(() if kind == "base" else (TRAIN_VERSION, PROMPT_VERSION)),
        )
        return self.out / "cells" / ds.key / f"{method}-seed{seed}-{h}.json"

    def run_cell(self, ds: Dataset, method: str, seed: int) -> dict[str, Any]:
        spec = METHODS[method]
        kind = spec.get("kind", "select")
        k = 0 if kind == "full" else spec.get("k", self.cfg.synth.k)
        row: dict[str, Any] = {
            "dataset": ds.key,
            "method": method,
            "seed": seed,
            "k": k,
            "select_s": 0.0,
            "synth_s": 0.0,
            "train_s": 0.0,
            "annotations": 0,
            "synthesized": 0,
            "train_steps": 0,
            "final_loss": None,
            "selected_tokens_mean": 0.0,
            "stored_items": 0,
        }
        model = self.lm.model
        from .memory import RssWatch

        with tempfile.TemporaryDirectory() as tmp, RssWatch() as rss:
            store = Store(Path(tmp) / "pt.db")
            try:
                if kind != "base":
                    with rss.stage("embed"):  # the stream's embeddings: cached per dataset
                        vecs, ntok, _ = self.embeddings(ds)
                    if kind == "full":
                        chosen = list(range(len(ds.stream)))
                    else:
                        t0 = time.perf_counter()
                        with rss.stage("select"):
                            chosen = self._select(ds, store, vecs, ntok, method, seed)
                        row["select_s"] = time.perf_counter() - t0
                    row.update(
                        annotations=len(chosen),
                        stored_items=self.bench.capacity if kind == "select" else len(chosen),
                        selected_tokens_mean=float(np.mean([ntok[i] for i in chosen]))
                        if chosen
                        else 0.0,
                    )
                    t0 = time.perf_counter()
                    with rss.stage("synth"):
                        row["synthesized"] = self._annotate_and_synth(
                            ds, store, chosen, k, seed, method
                        )
                    row["synth_s"] = time.perf_counter() - t0
                    with rss.stage("train"):
                        model, trep = self._train(store, Path(tmp), seed)
                    row.update(
                        train_s=trep.seconds, train_steps=trep.steps, final_loss=trep.final_loss
                    )
                from .score import score_turns

                t0 = time.perf_counter()
                with rss.stage("eval"):
                    scores = score_turns(
                        model,
                        self.lm.tokenizer,
                        ds.test,
                        self.bench.max_new_tokens,
                        progress=self.progress,
                        rouge_items=self.bench.rouge_items or None,
                        precision=self.lm.precision,
                    )
                row["eval_s"] = time.perf_counter() - t0
            finally:
                if model is not self.lm.model:
                    model.unload()  # the shared base model goes back to its own weights
                store.close()
        row.update(
            rouge1=scores.rouge1_mean,
            nll=scores.nll_mean,
            reply_words=scores.reply_tokens_mean,
            length_gap=scores.length_gap,
            semantic=scores.semantic_mean,
            per_item_rouge1=scores.rouge1,
            per_item_nll=scores.nll,
            per_item_length=scores.length_ratio,
            per_item_semantic=scores.semantic,
            peak_rss_mb=peak_rss_mb(),
            # per stage: resident MB on entry and the highest sample inside (eval/memory.py)
            rss_stages_mb={k: {n: round(v) for n, v in st.items()} for k, st in rss.stages.items()},
            config_hash=self.cell_path(ds, method, seed).stem.rsplit("-", 1)[1],
            cpu=cpu_name(),  # a resumed run's cells may come from several machines
        )
        return row

    def _select(
        self,
        ds: Dataset,
        store: Store,
        vecs: np.ndarray,
        ntok: list[int],
        method: str,
        seed: int,
    ) -> list[int]:
        """Stream the dataset through a real buffer; at each checkpoint hand off and empty it."""
        from ..select import Buffer

        buf = Buffer(store, self.select_config(method, seed))
        sur = self.surprise(ds) if "sur" in buf.cfg.metrics else None
        stops = {c for c in self.bench.checkpoints if c < len(ds.stream)} | {len(ds.stream)}
        chosen: list[int] = []
        for i, turn in enumerate(ds.stream):
            buf.offer_one(
                buf.score_one(
                    replace(turn, meta={**turn.meta, "stream_index": str(i)}),
                    vecs[i],
                    ntok[i],
                    None if sur is None else float(sur[i]),
                )
            )
            if i + 1 in stops:
                rows = store.conn.execute("SELECT meta FROM buffer ORDER BY seq").fetchall()
                chosen += [int(json.loads(r[0])["stream_index"]) for r in rows]
                buf.clear("checkpoint")
        return chosen

    def _annotate_and_synth(
        self, ds: Dataset, store: Store, chosen: list[int], k: int, seed: int, method: str
    ) -> int:
        """The simulated annotator (reference = the user's answer), then cached synthesis."""
        from ..annotate import Annotation, AnnotationSession
        from ..synth.synthesizer import SynthReport, judge, store_pairs

        session = AnnotationSession(store, 10**9)
        ids = [
            session.save_text(
                ds.stream[i].question,
                ds.stream[i].context,
                Annotation(ds.stream[i].reference, "simulated"),
            )
            for i in chosen
        ]
        if not k:
            return 0
        rep, seen = SynthReport(), set()
        s = self.cfg.synth
        self.prefetch_synth(ds, chosen, k, seed)  # one batched generation for the missing items
        for ann_id, idx in zip(progress_bar(ids, self.progress, f"synth {method} s{seed}"), chosen):
            t = ds.stream[idx]
            kept = judge(
                self.synth_pairs(ds, idx, k, seed),
                (t.question, t.reference),
                seen,
                s.rouge_low,
                s.rouge_high,
                rep,
            )
            store_pairs(store, ann_id, kept)
        return rep.kept

    def _train(self, store: Store, tmp: Path, seed: int) -> tuple[Any, Any]:
        from ..home import Home
        from ..train import AdapterStore, train_round

        home = Home(tmp).create()
        adapters = AdapterStore(store, home.adapters)
        trep = train_round(
            store,
            home,
            self.lm,
            replace(self.cfg.train, seed=seed),
            adapters,
            progress=self.progress,
        )
        return adapters.load(self.lm.model, trep.version, self.lm.fingerprint), trep

    # ---- the whole grid -----------------------------------------------------------------
    # The serial loop and pockettune.scale.ray_bench share these four steps, so a cell means
    # the same thing, lands in the same file and is skipped the same way in both.
    def stamp(self) -> None:
        """Record versions, machine and the resolved configs next to the results."""
        stamp = {
            "versions": versions(),
            "machine": machine(),
            "config": self.cfg.to_dict(),
            "bench": asdict(self.bench),
        }
        atomic_write_text(self.out / "run.json", json.dumps(stamp, indent=1))

    def cells(self) -> list[tuple[Dataset, str, int]]:
        """Every (dataset, method, seed) of the grid in report order; base runs one seed."""
        cells = []
        for spec in self.bench.datasets:
            ds = load_dataset(spec, self.bench.stream, self.bench.test, self.bench.dev)
            for method in self.bench.methods:
                for seed in self.seeds_of(method):
                    cells.append((ds, method, seed))
        return cells

    def seeds_of(self, method: str) -> list[int]:
        """``base`` runs one seed (nothing in it is random); ``full`` ``bench.full_seeds``."""
        if method == "base":
            return self.bench.seeds[:1]
        if method == "full" and self.bench.full_seeds:
            return self.bench.seeds[: self.bench.full_seeds]
        return self.bench.seeds

    def finished(self, ds: Dataset, method: str, seed: int) -> dict[str, Any] | None:
        """The saved row of a cell that already ran with this config, else None."""
        path = self.cell_path(ds, method, seed)
        return json.loads(path.read_text()) if path.exists() else None

    def save_cell(self, ds: Dataset, method: str, seed: int, row: dict[str, Any]) -> None:
        path = self.cell_path(ds, method, seed)
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, json.dumps(row))
        if self.progress:
            print(
                f"[bench] {ds.key} {method} seed {seed}: ROUGE-1 {row['rouge1']:.4f}, "
                f"NLL {row['nll']:.3f}, {row['cell_s']:.0f}s",
                flush=True,
            )

    def timed_cell(self, ds: Dataset, method: str, seed: int) -> dict[str, Any]:
        t0 = time.perf_counter()
        row = self.run_cell(ds, method, seed)
        row["cell_s"] = time.perf_counter() - t0
        return row

    def run(self) -> list[dict[str, Any]]:
        self.stamp()
        rows = []
        for ds, method, seed in self.cells():
            row = self.finished(ds, method, seed)
            if row is None:
                row = self.timed_cell(ds, method, seed)
                self.save_cell(ds, method, seed, row)
            rows.append(row)
        return rows
