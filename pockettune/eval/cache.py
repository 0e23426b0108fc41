"""What ``bench`` computes once and every cell shares, cached under the output folder:
the stream's embeddings per dataset (base model) and the synthesized pairs per (item, seed, K).

``Bench.embeddings`` and ``Bench.synth_pairs`` call these (a Ray worker's Bench overrides
them to read what the driver already has).
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import numpy as np

from .protocol import Dataset


def save_npz(path: Any, **arrays: Any) -> None:
    """Write a cache file atomically: a run killed mid-write never leaves a torn one."""
    tmp = path.with_suffix(".tmp.npz")
    np.savez(tmp, **arrays)
    tmp.replace(path)


def embeddings(bench: Any, ds: Dataset) -> tuple[np.ndarray, list[int], float]:
    """Stream embeddings of a dataset by the base model, token counts and the seconds they
    took; computed once, then read from ``bench.emb_path(ds)``."""
    path = bench.emb_path(ds)
    if path.exists():
        z = np.load(path)
        return z["vecs"], z["ntok"].tolist(), float(z["seconds"])
    from ..models import make_embedder

    emb = make_embedder(bench.cfg.model, bench.lm.model, bench.lm.tokenizer)
    texts = [t.scored_text() for t in ds.stream]
    t0 = time.perf_counter()
    vecs, ntok = [], []
    for i in progress_bar(range(0, len(texts), 8), bench.progress, f"embed {ds.key}"):
        v, n = emb.embed_many(texts[i : i + 8])
        vecs.append(v)
        ntok += n
    seconds = time.perf_counter() - t0
    arr = np.concatenate(vecs)
    save_npz(path, vecs=arr, ntok=np.array(ntok), seconds=seconds)
    return arr, ntok, seconds


def surprise(bench: Any, ds: Dataset) -> np.ndarray:
    """The base model's surprise at each stream turn (models/surprise.py): the bench trains
    once after the whole stream, so the model selection runs beside is the base model.
    Computed once, then read from ``bench.sur_path(ds)``."""
    path = bench.sur_path(ds)
    if path.exists():
        return np.load(path)["sur"]
    from ..models.surprise import surprise_many, surprise_text

    texts = [surprise_text(t.question, t.context) for t in ds.stream]
    lm, out = bench.lm, []
    for i in progress_bar(range(0, len(texts), 8), bench.progress, f"surprise {ds.key}"):
        out.append(
            surprise_many(lm.model, lm.tokenizer, texts[i : i + 8], bench.cfg.model.max_tokens)
        )
    arr = np.concatenate(out) if out else np.zeros(0)
    save_npz(path, sur=arr)
    return arr


def synth_pairs(bench: Any, ds: Dataset, idx: int, k: int, seed: int) -> list[list[Any]]:
    """K generations for stream item ``idx`` with a per-item seed, cached (order-independent).

    The cache is read once per (dataset, K) and grows by one appended JSON line per item, so
    a long run neither re-reads nor rewrites it; a line torn by a crash is ignored."""
    cache = _read_synth(bench, bench.synth_path(ds, k))
    key = f"{idx}:{seed}"
    if key not in cache:
        prefetch_synth(bench, ds, [idx], k, seed)
    return cache[key]


def prefetch_synth(bench: Any, ds: Dataset, idxs: list[int], k: int, seed: int) -> None:
    """Generate the missing (item, seed) pairs of ``idxs`` in batches of ``synth.batch_size``
    rows; each item keeps its own seed, so the pairs are those it would get alone."""
    from ..models.generate import generate_many
    from ..synth.prompt import answer_constraint, synth_prompt

    path = bench.synth_path(ds, k)
    cache = _read_synth(bench, path)
    todo = list(dict.fromkeys(i for i in idxs if f"{i}:{seed}" not in cache))
    if not todo or not k:
        return
    s, tok = bench.cfg.synth, bench.lm.tokenizer
    texts = generate_many(
        bench.lm.model,
        tok,
        [synth_prompt(tok, ds.stream[i].question, ds.stream[i].reference) for i in todo],
        s.max_new_tokens,
        s.batch_size,
        do_sample=True,
        temperature=s.temperature,
        top_p=s.top_p,
        num_return_sequences=k,
        then=answer_constraint(tok),
        prompt_seeds=[seed * 1_000_003 + i for i in todo],
        precision=bench.lm.precision,
        progress=bench.progress,
        desc=f"synth {ds.key} s{seed}",
    )
    pairs = {f"{i}:{seed}": texts[n * k : (n + 1) * k] for n, i in enumerate(todo)}
    append_synth(path, pairs)
    cache.update(pairs)


def _read_synth(bench: Any, path: Path) -> dict[str, list[Any]]:
    """The (dataset, K) synthesis cache, read from disk once per run."""
    cache = bench._synth_cache.get(path)
    if cache is None:
        cache = bench._synth_cache[path] = read_synth_file(path)
    return cache


def read_synth_file(path: Path) -> dict[str, list[Any]]:
    """``{"item:seed": texts}`` from a synthesis cache file (JSON lines; missing: empty). A
    line torn by a crash is skipped, and a torn last line is closed so the next append
    starts a clean line."""
    cache: dict[str, list[Any]] = {}
    if not path.exists():
        return cache
    text = path.read_text()
    if text and not text.endswith("\n"):
        with path.open("a", encoding="utf-8") as f:
            f.write("\n")
    for line in text.splitlines():
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            continue
        cache[entry["key"]] = entry["texts"]
    return cache


def append_synth(path: Path, pairs: dict[str, list[Any]]) -> None:
    """Append one JSON line per ``"item:seed"`` key; the serial and Ray runs share the file."""
    with path.open("a", encoding="utf-8") as f:
        f.writelines(json.dumps({"key": key, "texts": v}) + "\n" for key, v in pairs.items())


def progress_bar(it: Any, on: bool, desc: str) -> Any:
    from tqdm import tqdm

    return tqdm(it, desc=desc, disable=not on, leave=False)
