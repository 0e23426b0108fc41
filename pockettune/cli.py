"""The ``pockettune`` command: parse, call one public function, print.

Every command takes ``--home``, ``--preset`` and trailing ``key=value`` config overrides
(``pockettune ingest chats.jsonl select.capacity=128``). Errors print one line and exit 2.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

from .errors import PockettuneError as PockettuneErrorType


def _open(args: argparse.Namespace) -> Any:
    from .personalizer import Personalizer

    return Personalizer.open(args.home, preset=args.preset, overrides=args.overrides)


def cmd_ingest(args: argparse.Namespace) -> int:
    if args.list_speakers:
        from .ingest import chitchat_speakers

        for spk, n in chitchat_speakers(args.min_replies):
            print(f"{spk}  {n} replies")
        return 0
    if args.origin == "llm-logs":
        args.source = "llm-logs" + (f":{args.source}" if args.source else "")
    if not args.source:
        raise SystemExit(
            "pockettune ingest: give a FILE, chitchat[:SPEAKER] (see --list-speakers), "
            "or --from llm-logs [PATH]"
        )
    with _open(args) as pt:
        report = pt.ingest(
            args.source,
            fmt=args.format,
            speaker=args.speaker,
            limit=args.limit,
            restart=args.restart,
            progress=not args.quiet,
        )
        print(report.summary())
        print(
            f"buffer: {len(pt.buffer)}/{pt.config.select.capacity} turns in {len(pt.buffer.domain_counts())} domains"
        )
    return 0


def cmd_buffer(args: argparse.Namespace) -> int:
    with _open(args) as pt:
        if args.clear:
            print(f"cleared {pt.buffer.clear('user request')} turns")
            return 0
        items = pt.buffer.items()
        if args.json:
            for it in items:
                print(
                    json.dumps(
                        {k: v for k, v in vars(it).items() if k != "embedding"}, ensure_ascii=False
                    )
                )
            return 0
        print(
            f"{'id':>5} {'seq':>6} {'domain':<9} {'eoe':>6} {'dss':>6} {'idd':>6} {'tok':>4} {'arrived':<16} ann  question"
        )
        for it in items:
            when = time.strftime("%Y-%m-%d %H:%M", time.localtime(it.arrived_at))
            q = " ".join(it.question.split())
            q = q if len(q) <= args.width else q[: args.width - 1] + "…"
            print(
                f"{it.id:>5} {it.seq:>6} {it.domain:<9} {it.eoe:6.3f} {it.dss:6.3f} {it.idd:6.3f} "
                f"{it.n_tokens:>4} {when:<16} {'yes' if it.annotated else 'no ':<4} {q}"
            )
        print(
            f"{len(items)}/{pt.config.select.capacity} kept by policy {pt.config.select.policy}; domains: "
            + ", ".join(f"{d} {n}" for d, n in pt.buffer.domain_counts().items())
        )
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    with _open(args) as pt:
        st = pt.status()
    if args.json:
        print(json.dumps(st, indent=1))
        return 0
    c = st["counts"]
    print(f"home      {st['home']}")
    print(f"model     {st['model']}; embeddings: {st['embedder']}")
    print(
        f"buffer    {st['buffer']} turns, policy {st['policy']}; seen {c.get('seen', 0)}, "
        f"admitted {c.get('admitted', 0)}, evicted {c.get('evicted', 0)}, rejected {c.get('rejected', 0)}"
    )
    print("domains   " + (", ".join(f"{d} {n}" for d, n in st["domains"].items()) or "-"))
    print(
        f"annotated {st['annotations']} turns, {st['synthesized']} synthesized pairs; "
        f"active adapter: {'v' + str(st['adapter']) if st['adapter'] else 'none (base model)'}"
    )
    interests = ", ".join(f"{d} {v:.0%}" for d, v in st["interests"].items()) or "-"
    print(f"interests {interests} (pockettune profile for more)")
    print(f"adapt     {st['adapt']}")
    print(f"storage   {st['storage_bytes'] / 1e6:.2f} MB")
    return 0


def cmd_config(args: argparse.Namespace) -> int:
    import dataclasses

    from .config import Config, field_docs

    cfg = Config.load(args.preset, args.overrides)
    for section in dataclasses.fields(cfg):
        obj = getattr(cfg, section.name)
        docs = field_docs(type(obj))
        print(f"{section.name}:")
        for f in dataclasses.fields(obj):
            print(f"  {f.name}: {getattr(obj, f.name)!r}\n      {docs.get(f.name, '')}")
    return 0


def cmd_annotate(args: argparse.Namespace) -> int:
    from .annotate import simulated_annotator
    from .annotate.prompt import terminal_annotator

    with _open(args) as pt:
        limit = args.limit or pt.config.annotate.per_session
        todo = pt.annotation_queue(limit)
        if not todo:
            print("nothing to annotate: the buffer holds no unannotated turns")
            return 0
        if args.simulate:
            annotator = simulated_annotator
        else:
            annotator = terminal_annotator(len(todo), pt.config.annotate.max_chars)
            print(f"{len(todo)} questions, most valuable first; each answer is saved at once.")
        counts = pt.annotate(annotator, limit=limit, show_replies=not args.no_reply)
        total = pt.store.conn.execute("SELECT COUNT(*) FROM annotations").fetchone()[0]
        print(f"saved {counts['saved']}, skipped {counts['skipped']}; {total} annotations in all")
    return 0


def cmd_synth(args: argparse.Namespace) -> int:
    with _open(args) as pt:
        print(pt.synthesize(progress=not args.quiet).summary())
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    with _open(args) as pt:
        rep = pt.train(resume=args.resume, progress=not args.quiet, max_steps=args.max_steps)
        print(rep.summary())
        return 130 if rep.interrupted else 0


def cmd_adapters(args: argparse.Namespace) -> int:
    with _open(args) as pt:
        ad = pt.adapters
        if args.action == "activate":
            if args.version is None:
                raise SystemExit(
                    "pockettune adapters activate N (or `adapters base` for no adapter)"
                )
            ad.activate(args.version, pt.lm.fingerprint)
            print(f"adapter v{args.version} is active")
        elif args.action == "base":
            ad.activate(None)
            print("no adapter active: chat uses the base model")
        elif args.action == "rollback":
            v = ad.rollback(pt.lm.fingerprint)
            print(
                f"rolled back to v{v}"
                if v
                else "rolled back to the base model (no older intact adapter)"
            )
        elif args.action == "verify":
            from .train.adapters import verify_folder

            for row in ad.list():
                try:
                    verify_folder(ad.path(row["version"]), pt.lm.fingerprint)
                    print(f"v{row['version']}: ok")
                except PockettuneErrorType as e:
                    print(f"v{row['version']}: {e}")
        rows = ad.list()
        if not rows:
            print("no adapters yet: `pockettune train` makes one")
        for r in rows:
            when = time.strftime("%Y-%m-%d %H:%M", time.localtime(r["created_at"]))
            loss = f"{r['final_loss']:.3f}" if r["final_loss"] is not None else "-"
            print(
                f"{'*' if r['active'] else ' '} v{r['version']:<4} {when}  {r['n_annotations']:>4} annotations "
                f"{r['n_synth']:>5} synthesized  final loss {loss}"
            )
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    from .chat import HELP, ChatSession

    with _open(args) as pt:
        version = None if args.base else (args.adapter if args.adapter is not None else "active")
        session = ChatSession(pt, version, adapt=not args.no_adapt)
        pt.use_adapter(version)
        label = f"adapter v{pt.adapter_version}" if pt.adapter_version else "base model"
        print(f"pockettune chat ({pt.lm.name}, {label}); {HELP}")
        while True:
            try:
                msg = input("you> ").strip()
            except (EOFError, KeyboardInterrupt):
                print()
                break
            if msg.startswith("/"):
                if not session.command(msg):
                    break
            elif msg:
                session.reply(msg[: pt.config.ingest.max_chars])
    return 0


def cmd_profile(args: argparse.Namespace) -> int:
    from .adapt.loop import LAST_ROUND

    with _open(args) as pt:
        prof = pt.profile
        prof.drift = prof.drift_from((pt.store.get_meta(LAST_ROUND) or {}).get("centroid"))
        if args.json:
            print(json.dumps(prof.to_dict(), indent=1))
        else:
            print(prof.render())
    return 0


def cmd_adapt(args: argparse.Namespace) -> int:
    with _open(args) as pt:
        if args.dry_run:
            from .adapt.loop import plan

            print(plan(pt).explain())
            return 0
        if args.background:
            from .adapt.background import spawn, training_now

            if training_now(pt.home.root):
                print("a background round is already running")
                return 0
            proc = spawn(pt.home.root, args.overrides)
            print(f"training in the background (pid {proc.pid}); log in {pt.home.runs}")
            return 0
        from .adapt.background import training_lock

        with training_lock(pt.home.root) as mine:
            if not mine:
                print("a background round is already running")
                return 0
            print(pt.adapt(force=args.force, progress=not args.quiet).summary())
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .export import export

    with _open(args) as pt:
        print(export(pt, args.format, args.out, args.version))
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .eval.bench import Bench
    from .eval.protocol import load_bench
    from .eval.report import write_report
    from .scale.commands import ray_address

    address = ray_address(args)
    cfg, bench = load_bench(args.preset or "quick", args.overrides)
    out = Path(args.out or f"benchmarks/results/bench-{Path(args.preset or 'quick').stem}")
    runner = Bench(cfg, bench, out, progress=not args.quiet)
    failed: list[Any] = []
    if address is not None:
        from .scale import run_bench

        rows, failed = run_bench(runner, address)
    else:
        rows = runner.run()
    import json

    run = json.loads((out / "run.json").read_text())
    small = bench.test < 400 or len(bench.seeds) < 3
    command = " ".join(["pockettune bench", f"--preset {args.preset or 'quick'}", *args.overrides])
    print(write_report(rows, out, run, bench.baseline, bench.bootstrap, small, command))
    print(f"results in {out}/ (results.csv, results.json, table.md, *.png); rerun to resume")
    for f in failed:
        print(f"FAILED {f.cell}: {f.error}")
    return 1 if failed else 0


def cmd_fleet(args: argparse.Namespace) -> int:
    from .scale.commands import fleet_command

    return fleet_command(args)


def cmd_forget(args: argparse.Namespace) -> int:
    import datetime as dt

    def when(text: str | None) -> float | None:
        if text is None:
            return None
        try:
            return dt.datetime.fromisoformat(text).timestamp()
        except ValueError:
            raise PockettuneErrorType(
                f"--since/--until: expected a date like 2026-11-23 or 2026-11-23T14:00, got {text!r}"
            ) from None

    sel = {
        "turn": args.turn,
        "annotation": args.annotation,
        "since": when(args.since),
        "until": when(args.until),
        "domain": args.domain,
        "everything": args.all,
    }
    if args.all and not args.yes:
        raise PockettuneErrorType(
            "`forget --all` deletes every turn and annotation: add --yes to confirm"
        )
    with _open(args) as pt:
        print(pt.forget(purge_adapters=args.purge_adapters, **sel).summary())
    return 0


def cmd_encrypt(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .home import Home, default_home
    from .store.crypt import encrypt

    home = Home(Path(args.home).expanduser() if args.home else default_home())
    print(encrypt(home.db, args.command, keyring=getattr(args, "keyring", False)))
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="pockettune", description="Personalize a small LLM on your own device."
    )
    p.add_argument("--version", action="version", version="pockettune 0.1.0")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--home", help="home directory (default: $POCKETTUNE_HOME or the platform data dir)"
    )
    common.add_argument("--preset", help="config preset name (default, tiny) or a YAML path")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    s = sub.add_parser(
        "ingest", parents=[common], help="stream a conversation file into the buffer"
    )
    s.add_argument("source", nargs="?", help="a .jsonl/.json/.csv file, or chitchat[:SPEAKER]")
    s.add_argument("overrides", nargs="*", metavar="key=value", help="config overrides")
    s.add_argument("--format", choices=["jsonl", "json", "csv"], help="skip format detection")
    s.add_argument(
        "--from",
        dest="origin",
        choices=["file", "llm-logs"],
        default="file",
        help="llm-logs: the `llm` tool's logs.db (found as llm does, or the PATH given)",
    )
    s.add_argument("--speaker", help="chitchat speaker id (default: the most active)")
    s.add_argument("--list-speakers", action="store_true", help="list chitchat speakers and exit")
    s.add_argument("--min-replies", type=int, default=1000, help="with --list-speakers")
    s.add_argument("--limit", type=int, help="stop after this many turns")
    s.add_argument("--restart", action="store_true", help="ignore the saved position in this file")
    s.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    s.set_defaults(func=cmd_ingest)

    s = sub.add_parser("buffer", parents=[common], help="show the kept turns and their scores")
    s.add_argument("overrides", nargs="*", metavar="key=value")
    s.add_argument("--json", action="store_true", help="one JSON object per line")
    s.add_argument("--width", type=int, default=60, help="characters of each question shown")
    s.add_argument("--clear", action="store_true", help="empty the buffer")
    s.set_defaults(func=cmd_buffer)

    s = sub.add_parser("status", parents=[common], help="model, buffer fill, storage used")
    s.add_argument("overrides", nargs="*", metavar="key=value")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_status)

    s = sub.add_parser(
        "annotate", parents=[common], help="give preferred responses to buffered turns"
    )
    s.add_argument("overrides", nargs="*", metavar="key=value")
    s.add_argument(
        "--limit", type=int, help="questions this session (default annotate.per_session)"
    )
    s.add_argument(
        "--simulate", action="store_true", help="use the data's reference responses (experiments)"
    )
    s.add_argument(
        "--no-reply", action="store_true", help="do not generate the model's reply first"
    )
    s.set_defaults(func=cmd_annotate)

    s = sub.add_parser("synth", parents=[common], help="write look-alike pairs for new annotations")
    s.add_argument("overrides", nargs="*", metavar="key=value")
    s.add_argument("-q", "--quiet", action="store_true")
    s.set_defaults(func=cmd_synth)

    s = sub.add_parser(
        "train", parents=[common], help="LoRA fine-tune on annotations + synthesized pairs"
    )
    s.add_argument("overrides", nargs="*", metavar="key=value")
    s.add_argument("--resume", action="store_true", help="continue the last interrupted round")
    s.add_argument("--max-steps", type=int, help="stop after this many steps (smoke runs)")
    s.add_argument("-q", "--quiet", action="store_true")
    s.set_defaults(func=cmd_train)

    s = sub.add_parser(
        "adapters", parents=[common], help="list, activate, verify or roll back adapters"
    )
    s.add_argument(
        "action",
        nargs="?",
        choices=["list", "activate", "base", "rollback", "verify"],
        default="list",
    )
    s.add_argument("version", nargs="?", type=int)
    s.add_argument("overrides", nargs="*", metavar="key=value")
    s.set_defaults(func=cmd_adapters)

    s = sub.add_parser("chat", parents=[common], help="chat with the personalized model")
    s.add_argument("overrides", nargs="*", metavar="key=value")
    s.add_argument("--adapter", type=int, help="adapter version (default: the active one)")
    s.add_argument("--base", action="store_true", help="no adapter: the base model, for comparison")
    s.add_argument("--no-adapt", action="store_true", help="never start background training")
    s.set_defaults(func=cmd_chat)

    s = sub.add_parser(
        "export", parents=[common], help="write the adapter for PEFT, llama.cpp or Ollama"
    )
    s.add_argument("--format", choices=["peft", "gguf", "ollama"], default="peft")
    s.add_argument("--version", type=int, help="adapter version (default: the active one)")
    s.add_argument("--out", help="output folder (default ./pockettune-vN-FORMAT)")
    s.add_argument("overrides", nargs="*", metavar="key=value")
    s.set_defaults(func=cmd_export)

    s = sub.add_parser("profile", parents=[common], help="show what pockettune learned about you")
    s.add_argument("overrides", nargs="*", metavar="key=value")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_profile)

    s = sub.add_parser(
        "adapt", parents=[common], help="retrain if the adaptation policy says so (see status)"
    )
    s.add_argument("overrides", nargs="*", metavar="key=value")
    s.add_argument("--dry-run", action="store_true", help="only say what the policy decides")
    s.add_argument("--force", action="store_true", help="train even if the policy says no")
    s.add_argument("--background", action="store_true", help="train in a detached process")
    s.add_argument("-q", "--quiet", action="store_true")
    s.set_defaults(func=cmd_adapt)

    s = sub.add_parser("forget", parents=[common], help="delete turns and annotations for good")
    s.add_argument("overrides", nargs="*", metavar="key=value")
    s.add_argument("--turn", type=int, help="a buffered turn's id (see `pockettune buffer`)")
    s.add_argument("--annotation", type=int, help="an annotation's id")
    s.add_argument("--since", help="from this date/time (ISO 8601)")
    s.add_argument("--until", help="up to this date/time (ISO 8601)")
    s.add_argument("--domain", help="every turn and annotation of this domain")
    s.add_argument("--all", action="store_true", help="everything")
    s.add_argument("--yes", action="store_true", help="confirm --all")
    s.add_argument(
        "--purge-adapters", action="store_true", help="also delete adapters trained on it"
    )
    s.set_defaults(func=cmd_forget)

    for name, what in [
        ("encrypt", "encrypt the store (passphrase from $POCKETTUNE_NEW_PASSPHRASE or asked)"),
        ("rekey", "change the store's passphrase or key (crash-safe)"),
        ("decrypt", "turn an encrypted store back into a plain SQLite file"),
    ]:
        s = sub.add_parser(name, parents=[common], help=what)
        if name != "decrypt":
            s.add_argument(
                "--keyring", action="store_true", help="a random key kept in the OS keyring"
            )
        s.set_defaults(func=cmd_encrypt)

    s = sub.add_parser("bench", help="reproduce the paper's comparison (resumable)")
    s.add_argument(
        "--preset", default="quick", help="quick (smoke, ~20 min), paper, or a YAML path"
    )
    s.add_argument("--out", help="output folder (default benchmarks/results/bench-<preset>)")
    s.add_argument(
        "overrides", nargs="*", metavar="key=value", help="e.g. bench.seeds=[0,1] train.epochs=1"
    )
    s.add_argument("-q", "--quiet", action="store_true")
    s.add_argument("--home", help=argparse.SUPPRESS)
    s.add_argument(
        "--ray",
        nargs="?",
        const="local",
        metavar="ADDRESS",
        help="run cells as Ray tasks (model.threads CPUs each), locally or on a cluster "
        "(auto, host:port, ray://host:10001); needs the [ray] extra",
    )
    s.set_defaults(func=cmd_bench)

    s = sub.add_parser("fleet", help="personalize and evaluate many chitchat users at once")
    s.add_argument("--preset", help="config preset for every user (default: the defaults)")
    s.add_argument("--out", default="benchmarks/results/fleet", help="output folder")
    s.add_argument(
        "--ray", nargs="?", const="local", metavar="ADDRESS", help="users' cells as Ray tasks"
    )
    s.add_argument(
        "overrides", nargs="*", metavar="key=value", help="e.g. fleet.users=4 fleet.stream=200"
    )
    s.add_argument("-q", "--quiet", action="store_true")
    s.set_defaults(func=cmd_fleet)

    s = sub.add_parser("config", parents=[common], help="print the resolved config, documented")
    s.add_argument("overrides", nargs="*", metavar="key=value")
    s.set_defaults(func=cmd_config)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args, rest = parser.parse_known_args(argv)
    # key=value overrides may follow options (`ingest f.jsonl --limit 5 select.capacity=8`)
    unknown = [r for r in rest if r.startswith("-") or "=" not in r]
    if unknown:
        parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    args.overrides = list(getattr(args, "overrides", None) or []) + rest
    # key=value items may land in `source` when no source is given
    extra = [
        a
        for a in [getattr(args, "source", None)]
        if a and "=" in a and not a.startswith("chitchat")
    ]
    if extra:
        args.source = None
        args.overrides = extra + args.overrides
    from .errors import PockettuneError

    try:
        return int(args.func(args) or 0)
    except PockettuneError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `pockettune buffer | head`
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("interrupted; everything committed so far is kept", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
