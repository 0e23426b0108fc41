"""`pockettune serve` under load: concurrent streaming clients against the real model.

    python benchmarks/serve_load.py --clients 16 --requests 48 --max-tokens 32

Starts the server in-process on a free port (default model SmolLM2-135M, fresh home), then
``--clients`` threads each stream chat completions with the `openai` client until
``--requests`` have been sent in all, every one a different message. Reports time to first
token (p50/p95), whole-request latency, aggregate and per-stream tokens/s, failures, and
checks that every user message was stored in the buffer exactly once. Writes
benchmarks/results/serve-load.{md,json}.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import openai

from pockettune.eval.machine import machine
from pockettune.serve import start

TOPICS = ["basil", "my bank account", "a marathon", "college essays", "a job interview",
          "jazz piano", "sourdough", "my old car", "a wedding toast", "sleeping better",
          "learning Spanish", "a tax return"]  # fmt: skip


def message(i: int) -> str:
    return f"Question {i}: what is one tip about {TOPICS[i % len(TOPICS)]}?"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--requests", type=int, default=48)
    ap.add_argument("--max-tokens", type=int, default=32)
    ap.add_argument("overrides", nargs="*", help="config key=value, e.g. serve.concurrent=8")
    ap.add_argument("--out", default=str(Path(__file__).parent / "results" / "serve-load"))
    a = ap.parse_args()
    home = Path(tempfile.mkdtemp(prefix="pt-serve-load-"))
    over = ["select.capacity=64", *a.overrides]
    with start(home, overrides=over) as srv:
        cfg = srv.engine.call_soon(lambda pt: pt.config.to_dict()).result()
        todo = iter(range(a.requests))
        lock = threading.Lock()
        rows: list[dict] = []

        def client() -> None:
            c = openai.OpenAI(base_url=srv.url + "/v1", api_key="x", max_retries=0, timeout=600)
            while True:
                with lock:
                    i = next(todo, None)
                if i is None:
                    return
                t0, first, n, err = time.perf_counter(), None, 0, ""
                try:
                    stream = c.chat.completions.create(
                        model="pockettune", stream=True, max_tokens=a.max_tokens,
                        messages=[{"role": "user", "content": message(i)}],
                        stream_options={"include_usage": True},
                    )  # fmt: skip
                    for ch in stream:
                        if ch.choices and ch.choices[0].delta.content and first is None:
                            first = time.perf_counter() - t0
                        if ch.usage:
                            n = ch.usage.completion_tokens
                except Exception as e:  # counted as a failure
                    err = repr(e)
                total = time.perf_counter() - t0
                with lock:
                    rows.append({"i": i, "ttft_s": first, "total_s": total, "tokens": n,
                                 "error": err})  # fmt: skip

        t0 = time.perf_counter()
        threads = [threading.Thread(target=client) for _ in range(a.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
        questions = srv.engine.call_soon(
            lambda pt: [it.question for it in pt.buffer.items()]
        ).result()
        stats = dict(srv.engine.stats)
    ok = [r for r in rows if not r["error"]]
    ttft = np.array([r["ttft_s"] for r in ok if r["ttft_s"] is not None])
    lat = np.array([r["total_s"] for r in ok])
    tokens = sum(r["tokens"] for r in ok)
    stored = {q: questions.count(q) for q in map(message, range(a.requests))}
    res = {
        "command": "python benchmarks/serve_load.py " + shlex.join(sys.argv[1:]),
        "clients": a.clients,
        "requests": a.requests,
        "max_tokens": a.max_tokens,
        "failed": len(rows) - len(ok),
        "errors": sorted({r["error"] for r in rows if r["error"]}),
        "stored_exactly_once": all(v == 1 for v in stored.values()),
        "stored_counts": sorted(set(stored.values())),
        "ttft_p50_s": float(np.percentile(ttft, 50)),
        "ttft_p95_s": float(np.percentile(ttft, 95)),
        "latency_p50_s": float(np.percentile(lat, 50)),
        "latency_p95_s": float(np.percentile(lat, 95)),
        "tokens": tokens,
        "wall_s": wall,
        "tokens_per_s": tokens / wall,
        "per_stream_tokens_per_s_p50": float(
            np.median([r["tokens"] / max(r["total_s"] - (r["ttft_s"] or 0), 1e-9) for r in ok])
        ),
        "engine": stats,
        "serve_config": cfg["serve"],
        "model_config": cfg["model"],
        "machine": machine(),
    }
    out = Path(a.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".json").write_text(json.dumps(res, indent=1))
    m = res["machine"]
    md = f"""# `pockettune serve` under load

{a.clients} concurrent streaming clients (`openai` package), {a.requests} requests in all, each
a different user message, `max_tokens={a.max_tokens}`, greedy; the default model
(SmolLM2-135M-Instruct, fp32, transformers), `serve.concurrent={cfg["serve"]["concurrent"]}`
replies decoded at once on one generation thread (the rest queue), `model.threads={cfg["model"]["threads"]}`.

| metric | value |
|---|---|
| failed requests | {res["failed"]} |
| every user message stored exactly once | {res["stored_exactly_once"]} |
| time to first token p50 / p95 | {res["ttft_p50_s"]:.2f} s / {res["ttft_p95_s"]:.2f} s |
| whole request p50 / p95 | {res["latency_p50_s"]:.2f} s / {res["latency_p95_s"]:.2f} s |
| aggregate throughput | {res["tokens_per_s"]:.1f} tokens/s ({tokens} tokens in {wall:.1f} s) |
| per-stream decoding speed p50 | {res["per_stream_tokens_per_s_p50"]:.1f} tokens/s |
| embedding passes beyond the replies' prefills | {stats["extra_passes"]} of {stats["observed"]} observed |

Time to first token includes the wait in the queue: with 16 clients and
{cfg["serve"]["concurrent"]} replies at a time, most requests first wait for a slot.
Extra embedding passes happen when the profile's in-context examples need the message's
embedding before the prompt exists, or redaction changed the message.

Machine: {m.get("cpu", "?")}, {m.get("cores", m.get("cpus", "?"))} cores; 1-minute load
average {os.getloadavg()[0]:.1f} at the end of the run. Command: `{res["command"]}`.
"""
    out.with_suffix(".md").write_text(md)
    print(md)


if __name__ == "__main__":
    main()
