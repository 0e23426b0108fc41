"""The loop a user lives in, measured through the API: a real chitchat speaker against a
running ``pockettune serve``.

    flock /tmp/pockettune-cpu.lock python benchmarks/live_loop.py --speakers 1,2,3 \
        --messages 600 --answers 64 --test 100 --rouge-items 40

Per speaker: ``pockettune serve`` starts as a subprocess on a free loopback port with its own
temporary home and a bearer token (readiness: ``GET /v1/models`` polled until it answers).
The speaker's turns go through the ``openai`` client in conversation order: each request's
last user message is the message the speaker replied to, and the message before it is the
context, so the server's buffer sees the same turns as the batch pipeline. A SIMULATED
annotator (the speaker's real replies stand for the user's answers) answers ``GET/POST
/v1/pockettune/annotations`` after every ``--ask-every`` messages until ``--answers`` answers
are given, spread evenly over the stream (``--pace even``: by message i of N, at most
ceil(answers * i / N); ``--pace eager`` answers every question when asked); the queue shows redacted text, so items are matched to turns by running the
home's redactor on our copy. The server starts background rounds when the adaptation policy
says so (``serve.adapt``); we wait for each by polling ``GET /v1/pockettune/train``. After
each round the speaker's last ``--test`` replies (never sent) are scored for the active
adapter (and once for base) by opening the same home with ``Personalizer.open`` here:
reference NLL on all of them, ROUGE-1 of greedy replies on the first ``--rouge-items``.

Speakers ranked 10, 11 and 12 by replies are refused (kept for an outside check). Results
are per speaker and resumable: a finished speaker with the same sizes is kept and skipped, and
an unfinished one goes on from its last message (benchmarks/live_loop_progress.py: the home
and progress live under ``--work``). Every swap of the active adapter is tested against the
adapter it replaced (paired bootstrap over the held-out NLLs); ``swaps_worse`` counts the
significantly worse ones.
Writes benchmarks/results/live-loop/{results.json, table.md, curve.png}.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
import time
from pathlib import Path
from typing import Any

from live_loop_bench import bench_cell, bench_dir, compare
from live_loop_progress import Progress, speaker_dir
from live_loop_report import cell_text, ci, plot, table
from live_loop_served import served_row
from live_loop_server import Server, server_precision

RESERVED_RANKS = (10, 11, 12)  # 1-based, by number of replies: an outside check uses them
OUT = Path(__file__).parent / "results" / "live-loop"
ROOT = Path(__file__).resolve().parents[1]
WORK = (
    Path(os.environ.get("POCKETTUNE_CACHE") or Path.home() / ".cache" / "pockettune") / "live-loop"
)


def resolve_speakers(spec: str, ranking: list[tuple[str, int]]) -> list[tuple[int, str]]:
    """``1,2,3`` (1-based ranks by replies) or speaker ids; ranks 10-12 are refused."""
    ids = [s for s, _ in ranking]
    out = []
    for part in filter(None, (p.strip() for p in spec.split(","))):
        rank = int(part) if part.isdigit() else (ids.index(part) + 1 if part in ids else 0)
        if rank == 0 or rank > len(ids):
            raise SystemExit(f"speaker {part!r}: not among the {len(ids)} with 1,000+ replies")
        if rank in RESERVED_RANKS:
            raise SystemExit(
                f"speaker {part!r} is ranked {rank} by replies: ranks 10-12 are reserved "
                "for an outside check and never used here"
            )
        out.append((rank, ids[rank - 1]))
    return out


def same_config(a: argparse.Namespace | None = None, row: dict[str, Any] | None = None) -> Any:
    """The config a speaker's row was measured with (``row``) or would be now (``a``), without
    the serve section (port, token): a row measured with other defaults is run again."""
    if row is not None:
        cfg = row.get("config") or {}
    else:
        from pockettune.config import Config

        assert a is not None
        over = [f"train.seed={a.seed}", *a.overrides]
        cfg = Config.load(a.preset or None, over).to_dict()
    return {k: v for k, v in cfg.items() if k != "serve"}


def speaker_turns(speaker: str, a: argparse.Namespace) -> tuple[list[Any], list[Any]]:
    """(the turns sent, the held-out ones never sent) of a speaker, at these sizes."""
    from pockettune.ingest import read_chitchat

    turns = [t for _, t in read_chitchat(speaker) if t.reference.strip()]
    return turns[: min(a.messages, len(turns) - a.test)], turns[-a.test :]


def run_speaker(
    rank: int, speaker: str, a: argparse.Namespace, log: Any, save: Any
) -> dict[str, Any]:
    import openai

    from pockettune import Personalizer
    from pockettune.eval import degenerate
    from pockettune.eval.score import score_turns
    from pockettune.eval.stats import paired_bootstrap

    t_start = time.perf_counter()
    stream, held = speaker_turns(speaker, a)
    work = speaker_dir(Path(a.work), speaker, sizes(a), same_config(a))
    home, state = work / "home", work / "progress.json"
    work.mkdir(parents=True, exist_ok=True)
    prog = Progress.load(state)
    if prog.sent and not home.exists():
        raise SystemExit(f"{state} says {prog.sent} messages were sent, but {home} is gone: "
                         f"delete {work} to run the speaker again")  # fmt: skip
    prog.sittings += 1
    log(f"\n== speaker {speaker[:8]} (rank {rank}): {len(stream)} messages through the API, "
        f"{len(held)} held out (never sent); home {home}"
        + (f"; resuming after message {prog.sent}" if prog.sent else ""))  # fmt: skip
    srv = Server(home, [*(["--preset", a.preset] if a.preset else []), f"train.seed={a.seed}",
                        *a.overrides])  # fmt: skip
    pt = Personalizer.open(home)  # the config the server saved; scoring runs in this process
    config = pt.config.to_dict()

    def answered() -> int:  # the home's own count: answers given before a kill are kept there
        return int(srv.http.get("/status").json()["annotations"])

    def checkpoint() -> None:
        prog.save(state)

    try:
        tok = pt.lm.tokenizer
        answers = answered()

        def score(version: Any) -> Any:
            s = prog.score(version)
            if s is None:
                t = time.perf_counter()
                s = score_turns(pt.use_adapter(version), tok, held, rouge_items=a.rouge_items)
                log(f"  scored {'base' if version is None else f'v{version}'} "
                    f"({time.perf_counter() - t:.0f} s)")  # fmt: skip
                prog.keep(version, s)
            return s

        base = score(None)
        log(f"  base: NLL {base.nll_mean:.3f}, ROUGE-1 {base.rouge1_mean:.4f}")
        if not prog.curve:
            prog.curve.append({"messages_seen": 0, "answers": 0, "adapter": None,
                               "nll_adapter": base.nll_mean, "rouge1_adapter": base.rouge1_mean})  # fmt: skip
            checkpoint()
        client = openai.OpenAI(base_url=srv.url + "/v1", api_key=srv.token, max_retries=0,
                               timeout=600)  # fmt: skip
        by_key: dict[tuple[str, str], Any] = {}

        def active_scores() -> Any:
            return score(prog.curve[-1]["adapter"])

        def row(finished: bool) -> dict[str, Any]:
            """The speaker's row now (``finished`` false: written after each round, so a
            run stopped midway leaves its curve so far)."""
            last = active_scores()
            nll = paired_bootstrap(last.nll, base.nll, seed=a.seed)
            r1 = paired_bootstrap(last.rouge1, base.rouge1, seed=a.seed)
            words = [len(t.reference.split()) for t in held[: a.rouge_items]]
            return {
                "speaker": speaker, "rank": rank, "sizes": sizes(a), "messages": len(stream),
                "finished": finished, "messages_sent": prog.sent,
                "answers": answers, "rounds": prog.rounds, "sittings": prog.sittings,
                "active_adapter": prog.curve[-1]["adapter"],
                "nll_base": base.nll_mean, "nll_adapter": last.nll_mean,
                "rouge1_base": base.rouge1_mean, "rouge1_adapter": last.rouge1_mean,
                "ci_nll": ci(nll, lower_better=True), "ci_rouge1": ci(r1),
                "words_speaker": sum(words) / max(1, len(words)),
                "words_base": base.reply_tokens_mean, "words_adapter": last.reply_tokens_mean,
                "length_gap_base": base.length_gap, "length_gap_adapter": last.length_gap,
                "degenerate_base": degenerate.share(base.replies),
                "degenerate_adapter": degenerate.share(last.replies),
                "swaps_worse": sum(1 for x in prog.adapters
                                   if (x.get("vs_previous") or {}).get("verdict") == "worse"),
                "failed_requests": prog.failed, "curve": prog.curve, "adapters": prog.adapters,
                "per_item_nll_adapter": [float(x) for x in last.nll],
                "seconds": round(prog.seconds + time.perf_counter() - t_start, 1),
                "config": config,
            }  # fmt: skip

        def record_round(rec: dict[str, Any], seen: int) -> None:
            """Score the adapter now active; a swap is tested against the one it replaced."""
            prog.rounds += 1
            active = srv.http.get("/adapters").json()["active"]
            before = prog.curve[-1]["adapter"]
            sc = score(active)
            entry = {"round": prog.rounds, "version": rec.get("version"), "active": active,
                     "record": rec}  # fmt: skip
            if active != before:
                c = paired_bootstrap(sc.nll, score(before).nll, seed=a.seed)
                entry["vs_previous"] = dict(ci(c, lower_better=True), previous=before)
            prog.adapters.append(entry)
            prog.curve.append({"messages_seen": seen, "answers": answers, "adapter": active,
                               "nll_adapter": sc.nll_mean, "rouge1_adapter": sc.rouge1_mean})  # fmt: skip
            log(f"  round {prog.rounds} after {seen} messages / {answers} answers: active "
                f"v{active}, held-out NLL {sc.nll_mean:.3f}, ROUGE-1 {sc.rouge1_mean:.4f}")  # fmt: skip
            checkpoint()
            save(row(finished=False))

        if prog.sent:  # a round that ended after the last save (the run was stopped in it)
            st = srv.http.get("/train").json()
            rec = st.get("last_round") or {}
            if srv.http.get("/adapters").json()["active"] != prog.curve[-1]["adapter"] or (
                rec and rec not in [x["record"] for x in prog.adapters]
            ):
                record_round(rec, prog.sent)
        for i, turn in enumerate(stream, 1):
            ctx = [c for c in turn.context.split("\n") if c][-1:]  # the other side's previous
            r = pt.redacted(type(turn)(turn.question, context="\n".join(ctx)))
            by_key.setdefault((r.question, r.context), turn)
            if i <= prog.sent:  # sent in an earlier sitting: only its key is rebuilt
                continue
            msgs = [{"role": "assistant", "content": c} for c in ctx]
            msgs.append({"role": "user", "content": turn.question})
            try:
                client.chat.completions.create(model="pockettune", messages=msgs,
                                               max_tokens=a.reply_tokens)  # fmt: skip
            except Exception as e:  # counted; the run goes on
                prog.failed += 1
                log(f"  request failed: {e!r}")
            prog.sent = i
            budget = allowed_answers(a, i, len(stream))
            if answers >= budget or (i % a.ask_every and i != len(stream)):
                checkpoint()
                continue
            # the SIMULATED annotator: the speaker's real reply answers each question asked
            try:
                items = srv.http.get("/annotations", params={"limit": budget - answers})
                items.raise_for_status()
            except Exception as e:
                prog.failed += 1
                log(f"  annotation queue failed: {e!r}")
                checkpoint()
                continue
            for item in items.json()["items"]:
                hit = by_key.get((item["question"], item["context"]))
                if hit is None or answers >= budget:
                    continue
                before = srv.http.get("/train").json().get("last_round")
                try:
                    resp = srv.http.post("/annotations", json={
                        "buffer_id": item["id"], "action": "write", "response": hit.reference})  # fmt: skip
                    resp.raise_for_status()
                except Exception as e:
                    prog.failed += 1
                    log(f"  answer failed: {e!r}")
                    continue
                answers += 1
                started = (resp.json().get("round") or {}).get("started")
                if started:
                    pid = resp.json()["round"]["pid"]
                    record_round(srv.wait_round(pid, before).get("last_round") or {}, i)
            checkpoint()
        if srv.http.get("/train").json()["running"]:  # a round the last answers started
            record_round(srv.wait_round(None, None).get("last_round") or {}, len(stream))
        final = row(finished=True)
    finally:
        prog.seconds += time.perf_counter() - t_start
        checkpoint()
        pt.close()
        srv.stop()
    final["seconds"] = round(prog.seconds, 1)
    return final


def sizes(a: argparse.Namespace) -> dict[str, Any]:
    """What makes a finished speaker's row reusable on a rerun."""
    return {"messages": a.messages, "answers": a.answers, "test": a.test,
            "rouge_items": a.rouge_items, "ask_every": a.ask_every,
            "reply_tokens": a.reply_tokens, "seed": a.seed, "preset": a.preset,
            "overrides": a.overrides, "pace": a.pace}  # fmt: skip


def others_on_disk(path: Path, mine: set[str]) -> dict[str, dict[str, Any]]:
    """The rows in the results file now of speakers other than ``mine``."""
    if not path.exists():
        return {}
    return {r["speaker"]: r for r in json.loads(path.read_text()).get("speakers", [])
            if r["speaker"] not in mine}  # fmt: skip


def allowed_answers(a: argparse.Namespace, sent: int, total: int) -> int:
    """Answers the simulated user has given by message ``sent`` of ``total``: ``eager``
    answers every question as soon as it is asked, so the budget is spent on the first turns;
    ``even`` spreads it over the stream, a few questions per session, as a person would
    answer them (and as the batch bench's buffer samples the whole stream)."""
    if a.pace == "eager":
        return a.answers
    return min(a.answers, -(-a.answers * sent // max(1, total)))  # ceil: the last by the end


def parser() -> argparse.ArgumentParser:
    """The run's options (benchmarks/live_loop_rebuild.py takes the same)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--speakers", default="1,2,3", help="1-based ranks by replies, or ids")
    ap.add_argument("--messages", type=int, default=600, help="turns sent through the API")
    ap.add_argument("--answers", type=int, default=64, help="the annotator's answer budget")
    ap.add_argument("--test", type=int, default=100, help="held-out replies (never sent)")
    ap.add_argument("--rouge-items", type=int, default=40, help="held-out items answered")
    ap.add_argument("--ask-every", type=int, default=8, help="messages between question checks")
    ap.add_argument("--pace", choices=("even", "eager"), default="even",
                    help="even: the answer budget spread over the stream; eager: every question "
                    "answered when asked (the budget goes to the first turns)")  # fmt: skip
    ap.add_argument("--reply-tokens", type=int, default=32, help="max_tokens of each request")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--preset", default="", help="server config preset (tiny: a smoke test)")
    ap.add_argument("--out", default=str(OUT))
    ap.add_argument(
        "--work",
        default=str(WORK),
        help="lasting folder of each speaker's server home and progress (resumable)",
    )
    ap.add_argument("--rerun", action="store_true",
                    help="run the speakers again though a finished row of these sizes and config "
                    "is on file (code changed: a swap rule); give a new --work folder, since "
                    "the same folder resumes the run it holds")  # fmt: skip
    ap.add_argument("--no-bench", dest="bench", action="store_false",
                    help="skip the batch bench's random-dedup cell at the same sizes")  # fmt: skip
    ap.add_argument("overrides", nargs="*", help="config key=value for the server")
    return ap


def main() -> None:
    a = parser().parse_args()

    from pockettune.eval.machine import machine
    from pockettune.ingest import chitchat_speakers
    from pockettune.store import atomic_write_text

    chosen = resolve_speakers(a.speakers, chitchat_speakers(1000))
    now = same_config(a)
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "results.json"
    old = json.loads(path.read_text()) if path.exists() else {}
    rows = {r["speaker"]: r for r in old.get("speakers", [])}
    print("The annotator is SIMULATED: the speaker's real replies answer the server's questions.")
    res = {"speakers": [], "run": {
        "command": "python benchmarks/live_loop.py " + shlex.join(sys.argv[1:]),
        "sizes": sizes(a), "seed": a.seed, "machine": machine(),
        "load_avg_start": os.getloadavg()[0]}}  # fmt: skip

    mine: set[str] = set()
    precision = server_precision(a)

    def save(row: dict[str, Any]) -> None:
        """Keep every speaker's row (other runs' included), most active first; atomically.
        Rows this run did not write are read again first: another run of this script (another
        speaker) may have saved since this one started."""
        # each row says where it ran: a results file gathers rows of several sittings, and
        # ``model.precision=auto`` is bf16 on an AMX CPU, fp32 on an AVX2 one
        row.setdefault("machine", {**res["run"]["machine"], "precision": precision})
        row.setdefault("command", res["run"]["command"])
        rows[row["speaker"]] = row
        mine.add(row["speaker"])
        rows.update(others_on_disk(path, mine))
        res["speakers"] = sorted(rows.values(), key=lambda r: r["rank"])
        res["run"]["config"] = res["run"].get("config") or row.get("config")
        atomic_write_text(path, json.dumps(res, indent=1))
        atomic_write_text(out / "table.md", table(res))
        plot(res, out / "curve.png")

    def log(s: str) -> None:
        print(s, flush=True)

    for rank, speaker in chosen:
        row = rows.get(speaker)
        if row is not None and not a.rerun and row.get("sizes") == sizes(a) \
                and row.get("finished", True) \
                and row["failed_requests"] == 0 and same_config(row=row) == now:  # fmt: skip
            print(f"speaker {speaker[:8]}: kept from {path} (same sizes and config, finished)")
        else:
            row = run_speaker(rank, speaker, a, log, save)
            save(row)
        if not row.get("served") and row.get("finished", True) and "active_adapter" in row:
            home = speaker_dir(Path(a.work), speaker, sizes(a), same_config(row=row)) / "home"
            if home.exists():
                row["served"] = served_row(home, speaker_turns(speaker, a)[1], row,
                                           a.rouge_items, a.seed, log)  # fmt: skip
                save(row)
        if a.bench and (row.get("bench") or {}).get("config") != "product" \
                and "per_item_nll_adapter" in row:  # fmt: skip
            if row.get("bench"):  # a cell of the quick preset (K = 1), kept for the record
                row["bench_quick_preset"] = row.pop("bench")
            row["bench"] = compare(row, bench_cell(speaker, a, bench_dir(speaker, a), log), a.seed)
            log(f"  bench random-dedup: {cell_text(row)}")
            save(row)
    print(table({**res, "speakers": sorted(rows.values(), key=lambda r: r["rank"])}))


if __name__ == "__main__":
    main()
