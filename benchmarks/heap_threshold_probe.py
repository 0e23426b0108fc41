"""What the fixed mmap threshold (eval/memory.bound_heap) costs evaluation: one process per run.

    python benchmarks/heap_threshold_probe.py fixed|glibc|<N>mb [auto|fp32]

``fixed``: the loader's 4 MB threshold (the default); ``glibc``: glibc's own sliding
threshold (bound_heap not called); ``<N>mb``: fixed at N MB. Scores the most active chitchat
speaker's last 50 replies with the base model (reference NLL and greedy replies, as the round
benchmark's eval stage does) after a 4-item warm-up, and prints one JSON line: seconds, NLL,
ROUGE-1 (the same in every mode) and the process's peak RSS. Run the modes alternately, one at
a time, and compare within one sitting (results: round-amx-recheck.md).
"""

from __future__ import annotations

import json
import sys
import tempfile
import time

import pockettune.eval.memory as mem

mode = sys.argv[1] if len(sys.argv) > 1 else "fixed"
precision = sys.argv[2] if len(sys.argv) > 2 else "auto"
if mode == "glibc":
    mem.bound_heap = lambda *a, **k: False
elif mode.endswith("mb"):
    _fixed = mem.bound_heap
    mem.bound_heap = lambda *a, **k: _fixed(int(mode[:-2]) << 20)
elif mode != "fixed":
    raise SystemExit(f"mode {mode!r}: expected fixed, glibc or <N>mb")

from pockettune import Personalizer  # noqa: E402  (after the patch: the loader calls it)
from pockettune.eval.machine import peak_rss_mb  # noqa: E402
from pockettune.eval.score import score_turns  # noqa: E402
from pockettune.ingest import chitchat_speakers, read_chitchat  # noqa: E402

speaker = chitchat_speakers(1000)[0][0]
turns = [t for _, t in read_chitchat(speaker) if t.reference.strip()][-50:]
pt = Personalizer.open(tempfile.mkdtemp())
model = pt.use_adapter(None)
score_turns(model, pt.lm.tokenizer, turns[:4], rouge_items=4)  # warm-up
t = time.perf_counter()
s = score_turns(model, pt.lm.tokenizer, turns, precision=precision)
print(json.dumps({"mode": mode, "precision": precision, "seconds": round(time.perf_counter() - t, 2),
                  "nll": s.nll_mean, "rouge1": s.rouge1_mean, "peak_rss_mb": round(peak_rss_mb())}))  # fmt: skip
