"""Give a live-loop speaker whose sitting predates resumable progress its progress back, from
the server home that run left and the row it wrote, so ``live_loop.py`` goes on from there.

    python benchmarks/live_loop_rebuild.py --speakers 2 --home /tmp/pt-live-loop-XXXX/home \
        --messages 400 --answers 64 --test 100 --rouge-items 40

Speakers measured before benchmarks/live_loop_progress.py kept their server home in a temporary
folder; a session's end killed the run and the row stopped at its last round. The home holds
every adapter the run trained and the messages the server took in (``select.n_seen``), so the
run can go on: the home is copied into the speaker's lasting folder (the one ``live_loop.py``
computes for these sizes and this config), and ``progress.json`` is rebuilt from the row
(rounds, curve, adapters' records, failed requests, seconds) and the home (messages sent).
Every adapter the curve activated is scored again on the held-out replies, as the loop does,
and each swap gets the paired test against the adapter it replaced, which rows of that time
lacked. The rescored means must equal the curve's (the scoring is deterministic): a mismatch
stops here. Refused: a home whose config is not today's (the run would mix two configs), a
speaker whose folder already holds progress.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

from live_loop import OUT, parser, resolve_speakers, same_config, sizes, speaker_turns
from live_loop_progress import Progress, speaker_dir
from live_loop_report import ci

TOLERANCE = 1e-6
"""Largest difference between a rescored mean and the one the run recorded."""


def messages_taken(home: Path) -> int:
    """Messages the server took in (each chat request offers its turn to the buffer)."""
    con = sqlite3.connect(f"file:{home / 'pockettune.db'}?mode=ro", uri=True)
    try:
        row = con.execute("select value from meta where key = 'select.n_seen'").fetchone()
    finally:
        con.close()
    return int(json.loads(row[0])) if row else 0


def messages_sent(stream: list[Any], taken: int) -> int:
    """How far into the stream the server's count of taken messages reaches: it takes a
    repeated (message, context) once, so a repeat between taken ones was sent too."""
    seen: set[tuple[str, str]] = set()
    sent = 0
    for i, turn in enumerate(stream, 1):
        seen.add((turn.question, ([c for c in turn.context.split("\n") if c][-1:] or [""])[0]))
        if len(seen) > taken:
            break
        sent = i
    return sent


def rebuild(speaker: str, home: Path, a: Any, row: dict[str, Any]) -> Path:
    """The speaker's lasting folder, with the home copied in and its progress rebuilt."""
    if row.get("sizes") != sizes(a):
        raise SystemExit(f"the row's sizes {row.get('sizes')} are not these {sizes(a)}")
    work = speaker_dir(Path(a.work), speaker, sizes(a), same_config(a))
    if (work / "progress.json").exists() or (work / "home").exists():
        raise SystemExit(f"{work} holds a home already: live_loop.py resumes from it")
    # Rebuilt under another name, renamed once its progress is saved: a killed rebuild leaves
    # no home without progress (live_loop.py would send the whole stream into it again).
    part = work / "home.rebuilding"
    shutil.rmtree(part, ignore_errors=True)  # what a killed rebuild left
    work.mkdir(parents=True, exist_ok=True)
    shutil.copytree(home, part)  # opened there: the earlier sitting's stays as it was
    prog = _rebuild(part, speaker, a, row)
    prog.save(work / "progress.json")
    part.rename(work / "home")
    return work


def _rebuild(home: Path, speaker: str, a: Any, row: dict[str, Any]) -> Progress:
    from pockettune import Personalizer
    from pockettune.eval.score import score_turns
    from pockettune.eval.stats import paired_bootstrap

    pt = Personalizer.open(home)
    try:
        home_cfg = {k: v for k, v in pt.config.to_dict().items() if k != "serve"}
        if home_cfg != same_config(a):
            raise SystemExit(f"{home}: its config is not today's; the run would mix two")
        stream, held = speaker_turns(speaker, a)
        prog = Progress(
            sent=messages_sent(stream, messages_taken(home)),
            failed=row["failed_requests"],
            rounds=len(row["adapters"]),
            seconds=row["seconds"],
            sittings=row.get("sittings", 1),
            curve=row["curve"],
            adapters=row["adapters"],
        )
        print(f"  messages sent: {prog.sent} (the row: {row['messages_sent']})", flush=True)
        for point in prog.curve:
            v = point["adapter"]
            if prog.score(v) is None:
                s = score_turns(pt.use_adapter(v), pt.lm.tokenizer, held, rouge_items=a.rouge_items)
                gap = abs(s.nll_mean - point["nll_adapter"])
                print(f"  {'base' if v is None else f'v{v}'}: NLL {s.nll_mean:.6f}, the run's "
                      f"{point['nll_adapter']:.6f} (|diff| {gap:.1e})", flush=True)  # fmt: skip
                if gap > TOLERANCE:
                    raise SystemExit(f"v{v} rescored to another NLL: not the run's adapter")
                prog.keep(v, s)
        before = None
        for entry in prog.adapters:
            if entry["active"] != before:
                c = paired_bootstrap(
                    prog.score(entry["active"]).nll, prog.score(before).nll, seed=a.seed
                )
                entry["vs_previous"] = dict(ci(c, lower_better=True), previous=before)
            before = entry["active"]
    finally:
        pt.close()
    return prog


def main() -> None:
    ap = parser()
    ap.add_argument("--home", required=True, help="the server home the earlier sitting left")
    a = ap.parse_args()
    from pockettune.ingest import chitchat_speakers

    chosen = resolve_speakers(a.speakers, chitchat_speakers(1000))
    if len(chosen) != 1:
        raise SystemExit("one speaker per home")
    _, speaker = chosen[0]
    path = Path(a.out or OUT) / "results.json"
    rows = {r["speaker"]: r for r in json.loads(path.read_text())["speakers"]}
    if speaker not in rows:
        raise SystemExit(f"{path} has no row of speaker {speaker[:8]} to rebuild from")
    work = rebuild(speaker, Path(a.home), a, rows[speaker])
    print(
        f"speaker {speaker[:8]}: progress rebuilt in {work}; now run live_loop.py with the "
        "same options"
    )


if __name__ == "__main__":
    main()
