"""Synthesize look-alike pairs for every annotation not yet synthesized, batched, stored at once."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..store import Store
from .filter import keep_pair, normalise
from .parse import parse_pair
from .prompt import PREFILL, PROMPT_VERSION, answer_constraint, synth_prompt


@dataclass
class SynthReport:
    annotations: int = 0
    generated: int = 0
    parsed: int = 0
    kept: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    @property
    def keep_rate(self) -> float:
        return self.kept / self.generated if self.generated else 0.0

    def summary(self) -> str:
        why = ", ".join(f"{n} {k}" for k, n in self.rejected.most_common())
        per_min = 60 * self.kept / self.seconds if self.seconds else 0.0
        return (
            f"{self.annotations} annotations -> {self.generated} generated, {self.parsed} parsed, "
            f"{self.kept} kept ({self.keep_rate:.0%}; rejected: {why or 'none'}); "
            f"{self.seconds:.1f}s, {per_min:.1f} kept pairs/min"
        )


def synthesize(
    store: Store,
    lm: Any,
    k: int = 3,
    low: float = 0.2,
    high: float = 0.9,
    max_new_tokens: int = 96,
    batch_size: int = 8,
    temperature: float = 0.8,
    top_p: float = 0.95,
    seed: int = 0,
    progress: bool = True,
) -> SynthReport:
    from ..models.generate import generate_many

    t0 = time.perf_counter()
    rows = store.conn.execute(
        "SELECT id, question, response FROM annotations WHERE synth_done=0 AND weight > 0"
        " ORDER BY id"  # weight 0: a rating took it out of training
    ).fetchall()
    rep = SynthReport(annotations=len(rows))
    if not rows:
        return rep
    seen_all = {normalise(r[0]) for r in store.conn.execute("SELECT question FROM synth")}
    prompts = [synth_prompt(lm.tokenizer, r["question"], r["response"]) for r in rows]
    texts = generate_many(
        lm.model,
        lm.tokenizer,
        prompts,
        max_new_tokens=max_new_tokens,
        batch_size=batch_size,
        do_sample=True,
        temperature=temperature,
        top_p=top_p,
        num_return_sequences=k,
        seed=seed,
        progress=progress,
        desc="synth",
        then=answer_constraint(lm.tokenizer),
        precision=getattr(lm, "precision", "fp32"),  # duck-typed models: the reference
        page_out=True,  # one long job: its fp32 weights idle meanwhile (round peak RSS)
    )
    for i, r in enumerate(rows):
        kept = judge(
            texts[i * k : (i + 1) * k], (r["question"], r["response"]), seen_all, low, high, rep
        )
        store_pairs(store, r["id"], kept)
    rep.seconds = time.perf_counter() - t0
    return rep


def judge(
    texts: list[str],
    original: tuple[str, str],
    seen: set[str],
    low: float,
    high: float,
    rep: SynthReport,
) -> list[tuple[str, str, float]]:
    """Parse and filter the generations for one annotation; counts go into ``rep``."""
    kept = []
    for text in texts:
        rep.generated += 1
        pair = parse_pair(f"{PREFILL} {text}")
        if pair is None:
            rep.rejected["unparsable"] += 1
            continue
        rep.parsed += 1
        ok, score, why = keep_pair(pair, original, seen, low, high)
        if ok:
            kept.append((pair[0], pair[1], score))
        else:
            rep.rejected[why] += 1
    rep.kept += len(kept)
    return kept


def store_pairs(store: Store, annotation_id: int, kept: list[tuple[str, str, float]]) -> None:
    """Record an annotation's kept pairs and mark it synthesized, in one transaction."""
    with store.transaction() as c:
        for q, a, score in kept:
            c.execute(
                "INSERT INTO synth (annotation_id, created_at, question, response, rouge1, prompt_version)"
                " VALUES (?,?,?,?,?,?)",
                (annotation_id, time.time(), q, a, score, PROMPT_VERSION),
            )
        c.execute("UPDATE annotations SET synth_done=1 WHERE id=?", (annotation_id,))
