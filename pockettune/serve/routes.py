"""pockettune's own routes under ``/v1/pockettune/``: feedback, annotation, and what the web
app shows (buffer, profile, adapters, training, benchmark plots).

Each handler is one call of the same public Personalizer / stage API the CLI uses, run on
the engine thread (``engine.call``); nothing here decides anything about the pipeline.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from starlette.requests import Request  # at module level: FastAPI resolves annotations here

from ..errors import PockettuneError
from .schema import AnnotationRequest, FeedbackRequest

UNKNOWN = object()


def model_list(pt: Any) -> list[dict[str, Any]]:
    """``pockettune`` (what answers by default: the active adapter), the base model, and
    every stored adapter; ``active`` marks the one in use."""
    active = pt.adapters.active()
    created = int(pt.home.root.stat().st_mtime)
    rows = [
        _model("pockettune", created, active=True, adapter=active),
        _model("pockettune-base", created, active=active is None, adapter=None, base=pt.lm.name),
    ]
    for a in pt.adapters.list():
        rows.append(_model(f"pockettune-v{a['version']}", int(a["created_at"]),
                           active=bool(a["active"]), adapter=a["version"]))  # fmt: skip
    return rows


def _model(mid: str, created: int, **extra: Any) -> dict[str, Any]:
    return {"id": mid, "object": "model", "created": created, "owned_by": "pockettune", **extra}


def adapter_for(pt: Any, model: str) -> Any:
    """The adapter a request's ``model`` names: ``active`` for pockettune (or empty), None
    for the base model, a version for ``pockettune-vN``; UNKNOWN otherwise."""
    if model in ("", "pockettune"):
        return "active"
    if model in ("pockettune-base", pt.lm.name):
        return None
    if model.startswith("pockettune-v") and model[12:].isdigit():
        v = int(model[12:])
        return v if any(a["version"] == v for a in pt.adapters.list()) else UNKNOWN
    return UNKNOWN


def plots_dir() -> Path | None:
    """``benchmarks/results`` of a source checkout, if this is one."""
    p = Path(__file__).resolve().parents[2] / "benchmarks" / "results"
    return p if p.is_dir() else None


def add_routes(app: Any) -> None:
    """Register every ``/v1/pockettune/`` route on ``app``, one group at a time."""
    base = "/v1/pockettune"
    add_feedback_routes(app, base)
    add_view_routes(app, base)
    add_adapter_routes(app, base)
    add_train_routes(app, base)


def add_feedback_routes(app: Any, base: str) -> None:
    """Feedback on a reply, and the annotation queue (read it, answer one item)."""
    engine = app.state.engine

    @app.post(f"{base}/feedback")
    async def feedback(req: FeedbackRequest) -> dict[str, Any]:
        from ..profile import Feedback

        q, ctx, reply, domain, emb = req.question, req.context, req.reply, "", None
        if req.completion_id:
            known = app.state.replies.get(req.completion_id)
            if known is None:
                raise PockettuneError(f"unknown completion_id {req.completion_id!r}")
            q, ctx, reply, domain, emb = known
        fb = Feedback(req.kind, q, reply, ctx, req.value, req.edited)

        def save(pt: Any) -> dict[str, Any]:
            return {"id": pt.feedback(fb, domain, emb), "kind": fb.kind, "round": maybe_round(pt)}

        return await engine.call(save)

    @app.get(f"{base}/annotations")
    async def queue(limit: int = 1) -> dict[str, Any]:
        """The buffer's most valuable unannotated turns (the "questions for you")."""

        def get(pt: Any) -> dict[str, Any]:
            from ..ingest.own_replies import KIND

            items = pt.annotation_queue(len(pt.buffer))
            own = pt.store.conn.execute(
                "SELECT count(*) FROM annotations WHERE kind=?", (KIND,)
            ).fetchone()[0]
            return {"remaining": len(items), "items": [_item(i) for i in items[:limit]],
                    "own_replies": own}  # fmt: skip

        return await engine.call(get)

    @app.post(f"{base}/annotations")
    async def annotate(req: AnnotationRequest) -> dict[str, Any]:
        from ..annotate.session import Annotation

        def save(pt: Any) -> dict[str, int]:
            item = next((i for i in pt.buffer.items() if i.id == req.buffer_id), None)
            if item is None or item.annotated:
                raise PockettuneError(f"buffer item {req.buffer_id} is gone or answered")
            text = item.reply if req.action == "accept" else req.response
            kind = {"accept": "accept", "edit": "edit", "write": "new"}[req.action]

            def one(it: Any, reply: str) -> Annotation | None:
                if it.id != req.buffer_id:
                    return None
                return Annotation(text, kind)

            counts = pt.annotate(one, len(pt.buffer), show_replies=False)
            return {"saved": counts["saved"], "round": maybe_round(pt)}

        return await engine.call(save)


def maybe_round(pt: Any) -> dict[str, Any] | None:
    """With ``serve.adapt``: a background round when the policy says so (adapt/background.py);
    what was decided, for the client (``pid`` of a round started now, else null)."""
    if not pt.config.serve.adapt:
        return None
    from ..adapt.background import start_if_planned

    p, proc = start_if_planned(pt)
    return {"started": proc is not None, "pid": proc.pid if proc else None, "plan": p.explain()}


def add_view_routes(app: Any, base: str) -> None:
    """What the web app shows: the buffer, the profile, the status."""
    engine = app.state.engine

    @app.get(f"{base}/buffer")
    async def buffer() -> dict[str, Any]:
        def get(pt: Any) -> dict[str, Any]:
            why = pt.buffer.why_kept()
            return {
                "capacity": pt.config.select.capacity,
                "policy": pt.config.select.policy,
                "counts": pt.buffer.counts(),
                "domains": pt.buffer.domain_counts(),
                "items": [dict(_item(i), why=why.get(i.id, "")) for i in pt.buffer.items()],
            }

        return await engine.call(get)

    @app.get(f"{base}/profile")
    async def profile() -> dict[str, Any]:
        return await engine.call(lambda pt: {"text": pt.profile.render(),
                                             "summary": pt.profile.summary()})  # fmt: skip

    @app.get(f"{base}/status")
    async def status() -> dict[str, Any]:
        def get(pt: Any) -> dict[str, Any]:
            return dict(pt.status(), engine=engine.stats, loaded=pt.adapter_version)

        return await engine.call(get)


def add_adapter_routes(app: Any, base: str) -> None:
    """The stored adapters: list them, activate one, roll back, verify all."""
    engine = app.state.engine

    @app.get(f"{base}/adapters")
    async def adapters() -> dict[str, Any]:
        return await engine.call(lambda pt: {"active": pt.adapters.active(),
                                             "adapters": _adapters(pt)})  # fmt: skip

    @app.post(f"{base}/adapters/{{action}}")
    async def adapter_action(action: str, request: Request) -> dict[str, Any]:
        body = await request.json() if int(request.headers.get("content-length") or 0) else {}
        version = body.get("version") if isinstance(body, dict) else None

        def act(pt: Any) -> dict[str, Any]:
            from ..train.adapters import verify_folder

            ad, fp = pt.adapters, pt.lm.fingerprint
            if action == "activate":
                ad.activate(None if version is None else int(version), fp)
            elif action == "rollback":
                ad.rollback(fp)
            elif action == "verify":
                out = {}
                for row in ad.list():
                    try:
                        verify_folder(ad.path(row["version"]), fp)
                        out[row["version"]] = "ok"
                    except PockettuneError as e:
                        out[row["version"]] = str(e)
                return {"verified": out, "adapters": _adapters(pt)}
            else:
                raise PockettuneError(f"unknown action {action!r}: activate, rollback, verify")
            return {"active": ad.active(), "adapters": _adapters(pt)}

        return await engine.call(act)


def add_train_routes(app: Any, base: str) -> None:
    """Start an adaptation round, follow the latest one, list the benchmark plots."""
    engine = app.state.engine

    @app.post(f"{base}/train")
    async def train() -> dict[str, Any]:
        """Start an adaptation round (``pockettune adapt --force``) in the background."""
        from ..adapt.background import spawn, training_now

        def start(pt: Any) -> dict[str, Any]:
            if training_now(pt.home.root):
                return {"started": False, "reason": "a round is already running"}
            spawn(pt.home.root, ["--force"])
            return {"started": True, "at": time.time()}

        return await engine.call(start)

    @app.get(f"{base}/train")
    async def train_status() -> dict[str, Any]:
        """The newest run's steps; while a round runs, its stage (synth, train, verify); and
        what the last round did (adapt/record.py)."""
        from ..adapt.background import training_now
        from ..adapt.loop import LAST_ROUND
        from ..adapt.record import stage_now

        def get(pt: Any) -> dict[str, Any]:
            running = training_now(pt.home.root)
            last = pt.store.get_meta(LAST_ROUND) or {}
            return dict(_latest_run(pt.home.runs), running=running,
                        stage=(stage_now(pt.store) or {}).get("stage") if running else None,
                        last_round=dict(last.get("record") or {}, version=last.get("version"))
                        if last.get("record") else None)  # fmt: skip

        return await engine.call(get)

    @app.get(f"{base}/plots")
    async def plots() -> dict[str, Any]:
        d = plots_dir()
        return {"plots": sorted(str(p.relative_to(d)) for p in d.rglob("*.png")) if d else []}


def _item(i: Any) -> dict[str, Any]:
    return {
        "id": i.id, "question": i.question, "context": i.context, "reply": i.reply,
        "domain": i.domain, "eoe": round(i.eoe, 4), "dss": round(i.dss, 4),
        "idd": round(i.idd, 4), "annotated": i.annotated, "source": i.source,
        "arrived_at": i.arrived_at,
    }  # fmt: skip


def _adapters(pt: Any) -> list[dict[str, Any]]:
    """Each stored adapter; ``round``: what the adaptation round that made it did
    (annotations, synthesized pairs, steps, verdict, seconds per stage), or null."""
    keep = ("version", "created_at", "n_annotations", "n_synth", "final_loss", "note", "stale",
            "active")  # fmt: skip
    return [
        dict({k: r.get(k) for k in keep}, round=json.loads(r.get("round_info") or "{}") or None)
        for r in pt.adapters.list()
    ]


def _latest_run(runs: Path) -> dict[str, Any]:
    """The newest training run's progress (``progress.jsonl``, one line per step)."""
    found = sorted((p for p in runs.glob("*") if (p / "run.json").exists()), reverse=True)
    if not found:
        return {"run": None, "steps": []}
    run = found[0]
    steps = []
    prog = run / "progress.jsonl"
    if prog.exists():
        for line in prog.read_text().splitlines():
            try:
                steps.append(json.loads(line))
            except json.JSONDecodeError:  # a line being written
                break
    done = run / "done"
    return {"run": run.name, "steps": steps, "done": done.read_text() if done.exists() else None}
