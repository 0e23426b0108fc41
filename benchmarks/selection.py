"""Selection speed and memory on the real model and a real stream.

    python benchmarks/selection.py                       # 1,000 chitchat turns, then 2,000 for scaling
    python benchmarks/selection.py --source ../shared/data/alpaca/alpaca_5000.jsonl

Reports: embedding time per turn (the LLM forward pass), the selection overhead on top of it
for each policy (scoring EOE+DSS+IDD plus the policy's decision, and separately the SQLite
commit), peak memory, how the overhead grows with capacity 64 -> 1024, and what each policy
keeps (domains, token length). Embeddings are computed once and reused for every policy, so
policies are compared on identical inputs. Writes JSON beside the Markdown it prints.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from pockettune.config import Config, SelectConfig
from pockettune.eval.machine import machine, peak_rss_mb
from pockettune.ingest import chitchat_speakers, read_chitchat, read_turns
from pockettune.models import load_model, make_embedder
from pockettune.select import Buffer
from pockettune.store import Store

RESULTS = Path(__file__).parent / "results"


def load_stream(source: str, n: int) -> list:
    if source == "chitchat":
        spk = chitchat_speakers(1000)[0][0]
        it = read_chitchat(spk)
    else:
        it = read_turns(source)
    out = []
    for _, t in it:
        out.append(t)
        if len(out) >= n:
            break
    return out


def embed_stream(turns, cfg: Config, batch: int):
    lm = load_model(cfg.model)
    emb = make_embedder(cfg.model, lm.model, lm.tokenizer)
    texts = [t.scored_text() for t in turns]
    emb.embed_many(texts[:batch])  # warm-up
    t0 = time.perf_counter()
    vecs, ntok = [], []
    for i in range(0, len(texts), batch):
        v, n = emb.embed_many(texts[i : i + batch])
        vecs.append(v)
        ntok += n
    batched = (time.perf_counter() - t0) / len(texts)
    single = []
    for t in texts[:50]:
        s = time.perf_counter()
        emb.embed_many([t])
        single.append(time.perf_counter() - s)
    return np.concatenate(vecs), ntok, batched, statistics.median(single), lm.name


def run_policy(turns, vecs, ntok, **kw) -> dict:
    with tempfile.TemporaryDirectory() as d:
        store = Store(Path(d) / "b.db")
        buf = Buffer(store, SelectConfig(**kw))
        sel, commit, sel_full = [], [], []
        for t, v, n in zip(turns, vecs, ntok):
            full = len(buf) >= buf.cfg.capacity
            buf.offer_one(buf.score_one(t, v, n))
            tm = buf.last_timing
            sel.append((tm["score_s"] + tm["decide_s"]) * 1e3)
            commit.append(tm["commit_s"] * 1e3)
            if full:
                sel_full.append(sel[-1])
        items = buf.items()
        doms = buf.domain_counts()
        store.close()
    return {
        "select_ms_median": statistics.median(sel),
        "select_ms_p95": float(np.percentile(sel, 95)),
        "select_ms_median_when_full": statistics.median(sel_full) if sel_full else None,
        "commit_ms_median": statistics.median(commit),
        "kept_tokens_mean": float(np.mean([i.n_tokens for i in items])),
        "domains_used": len(doms),
        "max_per_domain": max(doms.values()),
        "admitted": sum(1 for _ in items),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", default="chitchat")
    ap.add_argument("--turns", type=int, default=1000)
    ap.add_argument("--scale-turns", type=int, default=2000)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    cfg = Config()
    turns = load_stream(args.source, max(args.turns, args.scale_turns))
    t0 = time.perf_counter()
    vecs, ntok, per_turn, single, name = embed_stream(turns, cfg, args.batch)
    embed_wall = time.perf_counter() - t0
    stream_tok = float(np.mean(ntok[: args.turns]))

    policies = {}
    base = dict(capacity=64, seed=args.seed)
    variants = {
        "sdss (eoe+dss+idd, majority)": dict(policy="sdss"),
        "sdss, fine domains (194)": dict(policy="sdss", domains="fine"),
        "sdss, weighted rule": dict(policy="sdss", rule="weighted"),
        "sdss, length-neutral eoe": dict(policy="sdss", eoe_length_norm=False),
        "random (reservoir)": dict(policy="random"),
        "fifo": dict(policy="fifo"),
        "kcenter": dict(policy="kcenter"),
    }
    n = args.turns
    for label, kw in variants.items():
        policies[label] = run_policy(turns[:n], vecs[:n], ntok[:n], **base, **kw)
    scaling = {}
    for cap in (64, 128, 256, 512, 1024):
        for pol in ("sdss", "kcenter"):
            r = run_policy(turns, vecs, ntok, capacity=cap, policy=pol, seed=args.seed)
            scaling[f"{pol}@{cap}"] = r

    result = {
        "benchmark": "selection",
        "source": args.source,
        "turns": n,
        "scale_turns": len(turns),
        "seed": args.seed,
        "model": name,
        "batch": args.batch,
        "config": cfg.to_dict(),
        "embed_ms_per_turn_batched": per_turn * 1e3,
        "embed_ms_single_median": single * 1e3,
        "embed_wall_s": embed_wall,
        "stream_tokens_mean": stream_tok,
        "policies": policies,
        "scaling": scaling,
        "peak_rss_mb": peak_rss_mb(),
        "machine": machine(),
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"selection-{args.source.split('/')[-1].split('.')[0]}.json"
    out.write_text(json.dumps(result, indent=1))

    lines: list[str] = []
    emit = lines.append
    m = result["machine"]
    emit(f"# Selection benchmark: {name}, {args.source}, {n} turns (seed {args.seed})")
    emit(
        f"machine: {m['cpu']}, {m['cores']} cores, torch threads {m['torch_threads']}; peak RSS {result['peak_rss_mb']:.0f} MB"
    )
    emit(
        f"embedding (LLM forward pass): {per_turn * 1e3:.1f} ms/turn in batches of {args.batch}, "
        f"{single * 1e3:.1f} ms for one turn alone; stream mean {stream_tok:.1f} tokens/turn\n"
    )
    emit(
        "| policy (capacity 64) | select ms median | p95 | median when full | commit ms | kept tokens | domains | max/domain |"
    )
    emit("|---|---|---|---|---|---|---|---|")
    for label, r in policies.items():
        full = r["select_ms_median_when_full"]
        emit(
            f"| {label} | {r['select_ms_median']:.3f} | {r['select_ms_p95']:.3f} | "
            f"{full:.3f} | {r['commit_ms_median']:.3f} | {r['kept_tokens_mean']:.1f} | "
            f"{r['domains_used']} | {r['max_per_domain']} |"
        )
    emit(
        f"\n(stream mean {stream_tok:.1f} tokens)\n\n| capacity | sdss select ms (median when full) | kcenter select ms (median when full) |"
    )
    emit("|---|---|---|")
    for cap in (64, 128, 256, 512, 1024):
        a, b = scaling[f"sdss@{cap}"], scaling[f"kcenter@{cap}"]
        fa, fb = a["select_ms_median_when_full"], b["select_ms_median_when_full"]
        emit(
            f"| {cap} | {fa:.3f} | {fb:.3f} |"
            if fa and fb
            else f"| {cap} | {a['select_ms_median']:.3f} (never full) | {b['select_ms_median']:.3f} |"
        )
    text = (
        "\n".join(lines) + f"\n\ncommand: python benchmarks/selection.py --source {args.source}\n"
    )
    out.with_suffix(".md").write_text(text)
    print(text + f"\nwrote {out} and {out.with_suffix('.md')}")


if __name__ == "__main__":
    main()
