"""Commands for the data coming in: ingest, buffer, status, config."""

from __future__ import annotations

import argparse
import json
import time

from .registry import JSON, QUIET, arg, command, open_home


@command(
    "ingest",
    "stream a conversation file into the buffer",
    arg("source", nargs="?", help="a .jsonl/.json/.csv file, or chitchat[:SPEAKER]"),
    arg("--format", choices=["jsonl", "json", "csv"], help="skip format detection"),
    arg(
        "--from",
        dest="origin",
        choices=["file", "llm-logs"],
        default="file",
        help="llm-logs: the `llm` tool's logs.db (found as llm does, or the PATH given)",
    ),
    arg("--speaker", help="chitchat speaker id (default: the most active)"),
    arg("--list-speakers", action="store_true", help="list chitchat speakers and exit"),
    arg("--min-replies", type=int, default=1000, help="with --list-speakers"),
    arg("--limit", type=int, help="stop after this many turns"),
    arg("--restart", action="store_true", help="ignore the saved position in this file"),
    arg(
        "--own-replies",
        action="store_true",
        default=None,
        help="store each turn's own reply (chitchat speakers) as an annotation without asking",
    ),
    QUIET,
)
def cmd_ingest(args: argparse.Namespace) -> int:
    if args.list_speakers:
        from ..ingest import chitchat_speakers

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
    with open_home(args) as pt:
        if args.own_replies or (args.own_replies is None and pt.config.ingest.own_replies):
            print(
                "own replies: each ingested turn's own reply is stored as an annotation "
                "(redacted), without asking"
            )
        report = pt.ingest(
            args.source,
            fmt=args.format,
            speaker=args.speaker,
            limit=args.limit,
            restart=args.restart,
            progress=not args.quiet,
            own_replies=args.own_replies,
        )
        print(report.summary())
        print(
            f"buffer: {len(pt.buffer)}/{pt.config.select.capacity} turns in {len(pt.buffer.domain_counts())} domains"
        )
    return 0


@command(
    "buffer",
    "show the kept turns and their scores",
    arg("--json", action="store_true", help="one JSON object per line"),
    arg("--width", type=int, default=60, help="characters of each question shown"),
    arg("--clear", action="store_true", help="empty the buffer"),
)
def cmd_buffer(args: argparse.Namespace) -> int:
    with open_home(args) as pt:
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


@command("status", "model, buffer fill, storage used", JSON)
def cmd_status(args: argparse.Namespace) -> int:
    with open_home(args) as pt:
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


@command("config", "print the resolved config, documented")
def cmd_config(args: argparse.Namespace) -> int:
    import dataclasses

    from ..config import Config, field_docs

    cfg = Config.load(args.preset, args.overrides)
    for section in dataclasses.fields(cfg):
        obj = getattr(cfg, section.name)
        docs = field_docs(type(obj))
        print(f"{section.name}:")
        for f in dataclasses.fields(obj):
            print(f"  {f.name}: {getattr(obj, f.name)!r}\n      {docs.get(f.name, '')}")
    return 0
