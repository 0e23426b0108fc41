"""A quantized path for CPUs without bf16: llama.cpp (the GGUF as shipped, int8 activations,
the round's LoRA as a GGUF LoRA applied at run time) against pockettune's fp32 path.

    pip install llama-cpp-python==0.3.36          # compiles llama.cpp (minutes); not a default
    python benchmarks/quantized.py [--items 40] [--threads 2] [--seed 0]

Three workloads, on held-out *dev* items of two datasets (a chitchat speaker's turns after its
first 800, the speaker ranked 1 by replies; ALPACA items 4000+, skipped where
../shared/data is absent), for the base model and for one LoRA adapter trained here with
pockettune's own pipeline (the speaker's first 60 turns, 16 simulated annotations, 2 epochs)
and exported with pockettune's GGUF LoRA exporter:

(a) reference NLL per item: ``pockettune.eval.score.reference_nll`` (fp32, batched) against
    llama.cpp evaluating the same prompt + reference token ids (``make_example``) with
    ``logits_all=True``, the NLL taken from the returned logits;
(b) greedy replies, 64 new tokens at most, no repeated token 3-gram (the eval decoding,
    ``EVAL_DECODING``) on both: ``generate_many`` (batched fp32 loop) against a llama.cpp
    token loop (one sequence at a time: llama-cpp-python decodes one sequence) applying the
    same ban to the returned logits; ROUGE-1 against the references;
(c) selection embedding (base model: selection always embeds with it): the last token's final
    hidden state of the reply prompt's last ``model.embed_tokens`` tokens
    (``HiddenStateEmbedder.embed_ids``) against llama.cpp ``embedding=True`` with last-token
    pooling; cosine between the two.

Quality is judged against the references (paired bootstrap of llama.cpp - fp32 per item),
not against fp32's exact words. Both paths run on the same items with the same thread count,
alternating in chunks (fp32 first on even chunks, llama.cpp first on odd ones), so a change in
the machine's load hits both. Writes benchmarks/results/quantized.{md,json}.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))

from results_io import save_results  # noqa: E402

ALPACA = ROOT.parent / "shared" / "data" / "alpaca" / "alpaca_5000.json"
NLL_TOKENS = 256  # score_turns' nll_tokens
NLL_MODE = {
    "all": "every position (`logits_all=True`)",
    "reference": "the positions that predict a reference token only",
}
SPEAKER_RANK = 1  # never 10, 11, 12 (held out for other work)


def dev_sets(n: int) -> list[tuple[str, list[Any]]]:
    from pockettune.ingest import chitchat_speakers, read_chitchat
    from pockettune.ingest.readers import read_turns

    speaker = chitchat_speakers(1000)[SPEAKER_RANK - 1][0]
    chat = [t for _, t in read_chitchat(speaker) if t.reference.strip()]
    sets = [(f"chitchat-{speaker[:8]}", chat[800 : 800 + n])]
    if ALPACA.exists():
        alp = [t for _, t in read_turns(ALPACA) if t.reference.strip()]
        sets.append(("alpaca", alp[4000 : 4000 + n]))
    else:
        print(f"{ALPACA} is absent: the ALPACA rows are skipped")
    return sets


class Cpp:
    """llama.cpp on the base GGUF as shipped, with an optional GGUF LoRA applied at run time.

    ``kind``: ``score`` (``logits_all=True``: the reference's NLL from the returned logits),
    ``gen`` (only the last position's logits: a token loop) or ``embed`` (``embedding=True``,
    last-token pooling, on the base GGUF). Batches go to ``llama_decode`` directly, so the
    token ids are exactly pockettune's (llama-cpp-python's ``embed`` would tokenize text)."""

    def __init__(self, base: Path, lora: Path | None, threads: int, kind: str,
                 nll_logits: str = "all") -> None:  # fmt: skip
        import llama_cpp
        from llama_cpp import Llama

        kw: dict[str, Any] = dict(
            model_path=str(base), n_ctx=1024, n_batch=1024, n_ubatch=512, n_threads=threads,
            n_threads_batch=threads, verbose=False, seed=0,
        )  # fmt: skip
        if lora is not None:
            kw["lora_path"] = str(lora)
        if kind == "embed":
            kw.update(embedding=True, pooling_type=llama_cpp.LLAMA_POOLING_TYPE_LAST)
        self.llm = Llama(logits_all=kind == "score", **kw)
        self.kind, self.nll_logits = kind, nll_logits
        self.n_vocab, self.n_embd = self.llm.n_vocab(), self.llm.n_embd()

    def _decode(self, ids: list[int], outputs: int) -> None:
        """One batch from position 0, an empty KV cache; the last ``outputs`` positions give
        logits (or embeddings)."""
        llm = self.llm
        llm.reset()
        llm._ctx.kv_cache_clear()
        llm._batch.reset()
        llm._batch.set_batch(batch=ids, n_past=0, logits_all=False)
        for k in range(len(ids) - outputs, len(ids)):
            llm._batch.batch.logits[k] = True
        llm._ctx.decode(llm._batch)

    def nll(self, ids: list[int], prompt_len: int) -> float:
        """Mean NLL of ``ids[prompt_len:]``: logits of every position (``logits_all``), or
        (``nll_logits=reference``) of the positions that predict a reference token only."""
        rows = len(ids) if self.nll_logits == "all" else len(ids) - prompt_len + 1
        self._decode(ids, rows)
        lg = np.ctypeslib.as_array(self.llm._ctx.get_logits(), shape=(rows, self.n_vocab))
        lg = lg[rows - (len(ids) - prompt_len) - 1 : rows - 1].astype(np.float64)
        top = lg.max(1)
        lse = np.log(np.exp(lg - top[:, None]).sum(1)) + top
        tgt = np.asarray(ids[prompt_len:])
        return float((lse - lg[np.arange(len(tgt)), tgt]).mean())

    def greedy(self, prompt: list[int], n: int, eos: set[int], ngram: int) -> list[int]:
        """Greedy token ids; the eval decoding's ban on repeated token n-grams applied to the
        logits, as pockettune's Chooser does."""
        from pockettune.models.sampling import banned_tokens

        llm = self.llm
        llm.reset()
        llm.eval(prompt)
        reply: list[int] = []
        while len(reply) < n:
            row = np.ctypeslib.as_array(llm._ctx.get_logits_ith(-1), shape=(self.n_vocab,))
            row = row.copy()
            if ngram:
                ban = banned_tokens(reply, ngram)
                if ban:
                    row[ban] = -np.inf
            tok = int(row.argmax())
            if tok in eos:
                break
            reply.append(tok)
            if len(reply) < n:
                llm.eval([tok])
        return reply

    def embed(self, ids: list[int]) -> np.ndarray:
        self._decode(ids, len(ids))  # llama.cpp wants every position out to pool
        ptr = self.llm._ctx.get_embeddings_seq(0)
        return np.ctypeslib.as_array(ptr, shape=(self.n_embd,)).astype(np.float32)

    def close(self) -> None:
        self.llm.close()


def chunks_of(n: int, size: int) -> list[list[int]]:
    return [list(range(i, min(n, i + size))) for i in range(0, n, size)]


def cell(args: Any, mname: str, dname: str, model: Any, scorer: Cpp, gen: Cpp, tok: Any, eos: set[int],
         turns: list[Any]) -> dict[str, Any]:  # fmt: skip
    """NLL and greedy replies on one dataset with one model: fp32 and llama.cpp alternating."""
    from pockettune.eval.rouge import rouge1
    from pockettune.eval.score import EVAL_DECODING, reference_nll
    from pockettune.eval.stats import paired_bootstrap
    from pockettune.models.generate import generate_many, prompt_ids
    from pockettune.train.data import IGNORE, make_example

    n = len(turns)
    chunks = chunks_of(n, args.chunk)
    exs = [make_example(tok, t.question, t.context, t.reference, NLL_TOKENS, "eval") for t in turns]
    plen = [sum(1 for x in e.labels if x == IGNORE) for e in exs]
    prompts = [prompt_ids(tok, t.question, t.context) for t in turns]
    ngram = EVAL_DECODING.no_repeat_ngram

    def nll32(idx: list[int]) -> dict:
        return dict(zip(idx, reference_nll(model, tok, [turns[i] for i in idx], NLL_TOKENS)))

    def nllq(idx: list[int]) -> dict:
        return {i: scorer.nll(exs[i].input_ids, plen[i]) for i in idx}

    def gen32(idx: list[int]) -> dict:
        got = generate_many(model, tok, [prompts[i] for i in idx], args.new, 128,
                            decoding=EVAL_DECODING, precision="fp32")  # fmt: skip
        return dict(zip(idx, got))

    def genq(idx: list[int]) -> dict:
        return {
            i: tok.decode(
                gen.greedy(prompts[i], args.new, eos, ngram), skip_special_tokens=True
            ).strip()
            for i in idx
        }

    ts32, tsq, n32, nq = alternate(chunks, nll32, nllq)
    tg32, tgq, g32, gq = alternate(chunks, gen32, genq)
    a32 = np.array([n32[i] for i in range(n)])
    aq = np.array([nq[i] for i in range(n)])
    refs = [t.reference for t in turns]
    r32 = np.array([rouge1(g32[i], refs[i]) for i in range(n)])
    rq = np.array([rouge1(gq[i], refs[i]) for i in range(n)])
    bn = paired_bootstrap(aq, a32, seed=args.seed)
    br = paired_bootstrap(rq, r32, seed=args.seed)
    row = {
        "model": mname, "data": dname, "items": n,
        "prompt_tokens_mean": float(np.mean([len(p) for p in prompts])),
        "nll_tokens_mean": float(np.mean([len(e.input_ids) for e in exs])),
        "nll": {"fp32_s_per_item": ts32 / n, "cpp_s_per_item": tsq / n,
                "speedup": ts32 / tsq, "fp32_mean": float(a32.mean()),
                "cpp_mean": float(aq.mean()), "diff": bn.diff, "ci": [bn.low, bn.high],
                "verdict_cpp_minus_fp32": bn.verdict,
                "max_abs_item_diff": float(np.abs(aq - a32).max()),
                "fp32": a32.tolist(), "cpp": aq.tolist()},
        "gen": {"fp32_s_per_item": tg32 / n, "cpp_s_per_item": tgq / n,
                "speedup": tg32 / tgq, "fp32_rouge1": float(r32.mean()),
                "cpp_rouge1": float(rq.mean()), "diff": br.diff, "ci": [br.low, br.high],
                "verdict_cpp_minus_fp32": br.verdict,
                "identical_replies": sum(g32[i] == gq[i] for i in range(n)),
                "fp32_words": float(np.mean([len(g32[i].split()) for i in range(n)])),
                "cpp_words": float(np.mean([len(gq[i].split()) for i in range(n)])),
                "fp32": [g32[i] for i in range(n)], "cpp": [gq[i] for i in range(n)]},
    }  # fmt: skip
    print(f"{mname} {dname}: NLL fp32 {a32.mean():.4f} cpp {aq.mean():.4f} "
          f"({ts32 / n:.3f} vs {tsq / n:.3f} s/item) | ROUGE-1 {r32.mean():.4f} vs "
          f"{rq.mean():.4f} ({tg32 / n:.3f} vs {tgq / n:.3f} s/item)", flush=True)  # fmt: skip
    return row


def embed_cell(args: Any, dname: str, emb32: Any, cppe: Cpp, tok: Any, turns: list[Any],
               cut: int) -> dict[str, Any]:  # fmt: skip
    from pockettune.models.generate import prompt_ids

    n = len(turns)
    ids = [prompt_ids(tok, t.question, t.context)[-cut:] for t in turns]

    def e32(idx: list[int]) -> dict:
        vec, _ = emb32.embed_ids([ids[i] for i in idx])
        return dict(zip(idx, vec))

    def eq(idx: list[int]) -> dict:
        return {i: cppe.embed(ids[i]) for i in idx}

    te32, teq, v32, vq = alternate(chunks_of(n, args.chunk), e32, eq)
    a = np.stack([v32[i] for i in range(n)])
    b = np.stack([vq[i] for i in range(n)])
    a /= np.linalg.norm(a, axis=1, keepdims=True)
    b /= np.linalg.norm(b, axis=1, keepdims=True)
    cos = (a * b).sum(1)
    s32, sq = a @ a.T, b @ b.T
    np.fill_diagonal(s32, -np.inf)
    np.fill_diagonal(sq, -np.inf)
    out = {
        "data": dname, "items": n, "tokens_mean": float(np.mean([len(x) for x in ids])),
        "fp32_s_per_item": te32 / n, "cpp_s_per_item": teq / n, "speedup": te32 / teq,
        "cosine_mean": float(cos.mean()), "cosine_min": float(cos.min()),
        "nearest_neighbour_same": float(np.mean(s32.argmax(1) == sq.argmax(1))),
    }  # fmt: skip
    print(f"embed {dname}: cos mean {cos.mean():.4f} min {cos.min():.4f} "
          f"({te32 / n:.3f} vs {teq / n:.3f} s/item)", flush=True)  # fmt: skip
    return out


def alternate(chunks: list[list[int]], fp32: Any, cpp: Any) -> tuple[float, float, dict, dict]:
    """Run ``fp32(idx)`` and ``cpp(idx)`` (each -> {item: value}) chunk by chunk, alternating
    which goes first; returns their total seconds and merged results."""
    t32 = tq = 0.0
    r32: dict = {}
    rq: dict = {}
    for c, idx in enumerate(chunks):
        order = [("f", fp32), ("q", cpp)] if c % 2 == 0 else [("q", cpp), ("f", fp32)]
        for name, fn in order:
            t0 = time.perf_counter()
            got = fn(idx)
            dt = time.perf_counter() - t0
            if name == "f":
                t32, r32 = t32 + dt, {**r32, **got}
            else:
                tq, rq = tq + dt, {**rq, **got}
    return t32, tq, r32, rq


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=int, default=40, help="dev items per dataset")
    ap.add_argument("--chunk", type=int, default=20, help="items per alternation chunk")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--new", type=int, default=64, help="new tokens per reply at most")
    ap.add_argument("--seed", type=int, default=0, help="training and bootstrap seed")
    ap.add_argument(
        "--nll-logits",
        choices=["all", "reference"],
        default="all",
        help="llama.cpp NLL: logits of every position (logits_all) or of reference positions",
    )
    ap.add_argument("--out", default=str(ROOT / "benchmarks/results/quantized"))
    ap.add_argument("--render", action="store_true", help="rewrite the .md from the .json only")
    args = ap.parse_args()
    if args.render:  # the table again from the measured numbers (a report fix, no rerun)
        info = json.loads(Path(args.out).with_suffix(".json").read_text())
        a = info["args"]
        info.setdefault("command", f"python benchmarks/quantized.py --items {a['items']} "
                        f"--seed {a['seed']}")  # fmt: skip
        write(argparse.Namespace(**{**a, "out": args.out}), info)
        return

    import torch

    from pockettune import Personalizer
    from pockettune.annotate import simulated_annotator
    from pockettune.eval.machine import machine
    from pockettune.ingest import chitchat_speakers, read_chitchat
    from pockettune.models.embedder import HiddenStateEmbedder
    from pockettune.models.generate import _eos_ids
    from pockettune.models.llamacpp import adapter_gguf
    from pockettune.models.loader import default_gguf

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    sets = dev_sets(args.items)
    base_gguf = default_gguf()
    speaker = chitchat_speakers(1000)[SPEAKER_RANK - 1][0]
    train_turns = [t for _, t in read_chitchat(speaker)][:60]  # all before the dev items
    over = ["select.capacity=16", "synth.k=0", "train.epochs=2", "privacy.redact=false",
            f"model.threads={args.threads}", "profile.summary=false", "profile.examples=0",
            "model.precision=fp32", "train.precision=fp32", f"train.seed={args.seed}"]  # fmt: skip
    info: dict[str, Any] = {"args": vars(args), "machine": machine(), "base_gguf": base_gguf.name}
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as home, Personalizer.open(home, overrides=over) as pt:
        t0 = time.perf_counter()
        pt.observe_many(train_turns)
        pt.annotate(simulated_annotator, limit=16, show_replies=False)
        tr = pt.train(progress=False)
        info["adapter"] = tr.summary()
        info["adapter_train_s"] = time.perf_counter() - t0
        version = pt.replies.adapters.active()
        lora = adapter_gguf(pt.replies.adapters.path(int(version)), base_gguf)
        tok = pt.lm.tokenizer
        eos = _eos_ids(pt.lm.model, tok)
        cut = pt.config.model.embed_cut
        for mname, ver, lpath in [("base", None, None), ("lora", version, lora)]:
            model = pt.use_adapter(ver)
            model.eval()
            scorer = Cpp(base_gguf, lpath, args.threads, "score", args.nll_logits)
            gen = Cpp(base_gguf, lpath, args.threads, "gen")
            for dname, turns in sets:
                rows.append(cell(args, mname, dname, model, scorer, gen, tok, eos, turns))
                partial = Path(args.out).with_suffix(".partial.json")
                partial.write_text(json.dumps({**info, "rows": rows}, indent=1, default=str))
            scorer.close()
            gen.close()
        # (c) selection embeddings: base model only (selection always embeds with it)
        pt.use_adapter(None)
        emb32 = HiddenStateEmbedder(pt.lm.model, tok, cut, "last")
        cppe = Cpp(base_gguf, None, args.threads, "embed")
        info["embedding"] = [embed_cell(args, d, emb32, cppe, tok, t, cut) for d, t in sets]
        cppe.close()
    info["rows"] = rows
    write(args, info)
    Path(args.out).with_suffix(".partial.json").unlink(missing_ok=True)  # kept only if cut short


def fmt_ci(d: dict[str, Any], digits: int = 4) -> str:
    return f"{d['diff']:+.{digits}f} [{d['ci'][0]:+.{digits}f}, {d['ci'][1]:+.{digits}f}]"


def write(args: Any, info: dict[str, Any]) -> None:
    m = info["machine"]
    rows = info["rows"]
    cmd = info.setdefault("command", "python benchmarks/quantized.py " + " ".join(sys.argv[1:]))
    flags = [
        f
        for f in ("avx2", "fma", "avx512f", "avx512_bf16", "amx_bf16")
        if f in m["cpu_flags"]["has"]
    ]
    lines = [
        "# A quantized path on an AVX2 CPU: llama.cpp (GGUF as shipped + GGUF LoRA) vs fp32",
        "",
        f"`{cmd}` (seed {args.seed}); {m['cpu']}, {m['cores']} cores, flags {', '.join(flags)}; "
        f"{args.threads} threads for both paths; base `{info['base_gguf']}`; adapter trained here "
        f"in {info['adapter_train_s']:.0f} s. Dev items only; times alternate in chunks of "
        f"{args.chunk} items. Differences are llama.cpp - fp32, mean over items with a 95% paired "
        "bootstrap interval (NLL: lower is better; ROUGE-1: higher is better).",
        "",
        "## Reference NLL (nats per reference token)",
        "",
        "| model | data | items | fp32 | llama.cpp | diff [95% CI] | max item diff | fp32 s/item | llama.cpp s/item | speedup |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        x = r["nll"]
        lines.append(
            f"| {r['model']} | {r['data']} | {r['items']} | {x['fp32_mean']:.4f} | {x['cpp_mean']:.4f} "
            f"| {fmt_ci(x)} | {x['max_abs_item_diff']:.4f} | {x['fp32_s_per_item']:.3f} "
            f"| {x['cpp_s_per_item']:.3f} | {x['speedup']:.2f}x |"
        )
    lines += [
        "",
        f"## Greedy replies ({args.new} new tokens at most, no repeated 3-gram on both)",
        "",
        "| model | data | fp32 ROUGE-1 | llama.cpp ROUGE-1 | diff [95% CI] | identical | words fp32/cpp | fp32 s/item | llama.cpp s/item | speedup |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        x = r["gen"]
        lines.append(
            f"| {r['model']} | {r['data']} | {x['fp32_rouge1']:.4f} | {x['cpp_rouge1']:.4f} "
            f"| {fmt_ci(x)} | {x['identical_replies']}/{r['items']} "
            f"| {x['fp32_words']:.1f}/{x['cpp_words']:.1f} | {x['fp32_s_per_item']:.3f} "
            f"| {x['cpp_s_per_item']:.3f} | {x['speedup']:.2f}x |"
        )
    lines += [
        "",
        "## Selection embedding (base model, last token, final norm)",
        "",
        "| data | items | tokens | cosine mean | cosine min | same nearest neighbour | fp32 s/item | llama.cpp s/item | speedup |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for e in info.get("embedding", []):
        lines.append(
            f"| {e['data']} | {e['items']} | {e['tokens_mean']:.0f} | {e['cosine_mean']:.4f} "
            f"| {e['cosine_min']:.4f} | {e['nearest_neighbour_same']:.2f} | {e['fp32_s_per_item']:.3f} "
            f"| {e['cpp_s_per_item']:.3f} | {e['speedup']:.2f}x |"
        )
    # The LoRA's own effect on the same items: a yardstick for what a quantization shift means.
    eff = []
    for d in {r["data"] for r in rows}:
        b = next((r for r in rows if r["data"] == d and r["model"] == "base"), None)
        lo = next((r for r in rows if r["data"] == d and r["model"] == "lora"), None)
        if b and lo:
            eff.append((d, lo["nll"]["fp32_mean"] - b["nll"]["fp32_mean"]))
    info["lora_effect_nll_fp32"] = dict(eff)
    lines += ["", "The adapter's own NLL effect in fp32 (lora - base), for scale: "
              + ", ".join(f"{d} {v:+.4f}" for d, v in sorted(eff)) + "."]  # fmt: skip
    lines += [
        "",
        "How each path runs: fp32 is pockettune's own code as the product calls it, batched "
        "(`reference_nll`: batches of 16 by length, LM head on reference positions only; "
        "`generate_many`: one batch per chunk, rows leave as they finish; `embed_ids`: one "
        "batch per chunk). llama.cpp runs one sequence at a time (llama-cpp-python decodes one "
        f"sequence per context); its NLL takes logits of {NLL_MODE[args.nll_logits]}. "
        "Weights: fp32 dequantized from the GGUF + PEFT LoRA, against the GGUF's quantized "
        "tensors with activations quantized to 8 bits in its matmuls + the GGUF LoRA.",
    ]
    info["verdict"] = verdict(rows, info.get("embedding", []))
    lines += ["", "## Verdict (within noise of fp32 against the references, and >= 2x faster)", ""]
    lines += [f"- {k}: {v}" for k, v in info["verdict"].items()]
    save_results(args.out, info, lines)


def verdict(rows: list[dict[str, Any]], emb: list[dict[str, Any]]) -> dict[str, str]:
    out = {}
    for key, name in (("nll", "NLL scoring"), ("gen", "generation")):
        within = all(r[key]["ci"][0] <= 0 <= r[key]["ci"][1] for r in rows)
        speed = min(r[key]["speedup"] for r in rows)
        out[name] = (
            f"{'MEETS' if within and speed >= 2 else 'does not meet'} the bar: "
            f"within noise (interval contains 0) in "
            f"{sum(r[key]['ci'][0] <= 0 <= r[key]['ci'][1] for r in rows)}/{len(rows)} cells; "
            f"slowest speedup {speed:.2f}x"
        )
    if emb:
        speed = min(e["speedup"] for e in emb)
        cos = min(e["cosine_mean"] for e in emb)
        out["embedding"] = (
            f"{'meets' if speed >= 2 and cos >= 0.99 else 'does not meet'} the bar "
            f"(cosine mean >= 0.99 taken as 'same'; lowest mean {cos:.4f}); slowest speedup "
            f"{speed:.2f}x"
        )
    return {k: v.replace("nan", "n/a") if isinstance(v, str) else v for k, v in out.items()}


if __name__ == "__main__":
    main()
