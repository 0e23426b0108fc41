"""What users open: one home, its store and config, and the stages built on first use.

pt = Personalizer.open()                 # POCKETTUNE_HOME or the platform's data dir
pt.observe_one(Turn("How do I reset my router?"))
pt.ingest("chats.jsonl")
for item in pt.buffer.items(): ...

A composition root and nothing more: each stage object owns its operations in its own folder
and every front end (the CLI, a server) calls the same objects:

    pt.observer       select/observe.py      redact, embed, score, offer turns to the buffer
    pt.ingester       ingest/ingester.py     stream a source into the buffer, resumably
    pt.annotations    annotate/annotations.py  the queue and annotation sessions
    pt.synthesis      synth/synthesis.py     look-alike pairs for new annotations
    pt.trainer        train/trainer.py       a LoRA round (the recipe in train/lora.py)
    pt.adapters       train/adapters.py      verified adapter versions, the active one
    pt.replies        models/replies.py      adapter swaps, personal prompts, replies
    pt.profile_keeper profile/keeper.py      the user profile, feedback
    pt.forgetting     privacy/forget.py      forget for good, reload what held copies
    adapt.loop / status.py take ``pt`` itself: they read every stage.

The methods below are the stable public API; each delegates in one line.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from pathlib import Path
from typing import Any

from .config import Config
from .home import Home, default_home
from .ingest.ingester import IngestReport
from .privacy.forget import open_store
from .select import Buffer, Decision
from .store import atomic_write_text
from .turn import Turn

__all__ = ["IngestReport", "Personalizer"]


class Personalizer:
    def __init__(self, home: Home, config: Config) -> None:
        from .profile.keeper import ProfileKeeper

        self.home, self.config = home, config
        self.store = open_store(home.db, config.privacy)
        self.buffer = Buffer(self.store, config.select)
        self.profile_keeper = ProfileKeeper(
            self.store, config, self.buffer, lambda: self.redactor, lambda: self.adapter_version
        )

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

    # ---- shared resources, loaded on first use ------------------------------------------
    @cached_property
    def lm(self) -> Any:
        from .models import load_model

        return load_model(self.config.model)

    @cached_property
    def embedder(self) -> Any:
        from .models import embedder_for

        return embedder_for(self.config.model, lambda: self.lm)

    @cached_property
    def redactor(self) -> Any:
        from .privacy import Redactor

        privacy = self.config.privacy
        return Redactor(privacy.categories, ner=privacy.ner) if privacy.redact else None

    @cached_property
    def adapters(self) -> Any:
        from .train import AdapterStore

        return AdapterStore(self.store, self.home.adapters)

    # ---- the stages, built on first use -------------------------------------------------
    @cached_property
    def replies(self) -> Any:
        from .models.replies import Replies

        lm = lambda: self.lm  # noqa: E731
        embed = lambda turns: self.observer.embed_turns(turns)  # noqa: E731
        return Replies(self.config, self.store, lm, embed, self.adapters, self.profile_keeper)

    @cached_property
    def observer(self) -> Any:
        from .select.observe import Observer

        emb, red = (lambda: self.embedder), (lambda: self.redactor)
        tok = lambda: self.lm.tokenizer  # noqa: E731
        return Observer(
            self.config, self.buffer, emb, red, self.replies.base_only, tok, self.surprise
        )

    def surprise(self, turns: list[Any]) -> Any:
        """The base model's surprise at turns (``select.metrics=[..., sur]``), as the bench
        measures it; the adapter is switched off, never swapped, so replies decoding beside
        it in ``serve`` are untouched."""
        from .models.surprise import surprise_many, surprise_text

        texts = [surprise_text(t.question, t.context) for t in turns]
        with self.replies.base_only():
            return surprise_many(
                self.lm.model, self.lm.tokenizer, texts, self.config.model.max_tokens
            )

    @cached_property
    def ingester(self) -> Any:
        from .ingest.ingester import Ingester

        return Ingester(self.config, self.store, self.observer, self.profile_keeper)

    @cached_property
    def annotations(self) -> Any:
        from .annotate.annotations import Annotations

        keeper, red = self.profile_keeper, (lambda: self.redactor)
        return Annotations(self.config, self.store, self.buffer, keeper, self.replies, red)

    @cached_property
    def synthesis(self) -> Any:
        from .synth.synthesis import Synthesis

        return Synthesis(self.config, self.store, lambda: self.lm, self.replies.base_only)

    @cached_property
    def trainer(self) -> Any:
        from .train.trainer import Trainer

        before = self.replies.drop_adapter
        return Trainer(
            self.store, self.home, lambda: self.lm, self.adapters, self.config.train, before
        )

    @cached_property
    def forgetting(self) -> Any:
        from .privacy.forget import Forgetting

        reload = [self.buffer.reload, self.profile_keeper.reload]
        return Forgetting(self.store, self.home.adapters, self.replies.drop_adapter, reload)

    # ---- the public API: one line each --------------------------------------------------
    def observe_one(
        self, turn: Turn, embedding: Any = None, n_tokens: int | None = None
    ) -> Decision:
        """Redact, embed, score and offer one turn; see :meth:`Observer.observe_one`."""
        return self.observer.observe_one(turn, embedding, n_tokens)

    def observe_many(self, turns: Iterable[Turn]) -> list[Decision]:
        """Like ``observe_one`` for each turn, embedding ``ingest.batch_size`` at a time."""
        return self.observer.observe_many(turns)

    @property
    def last_domain(self) -> str:
        return self.observer.last_domain

    @property
    def last_embedding(self) -> Any:
        return self.observer.last_embedding

    def embed_turns(self, turns: list[Turn]) -> tuple[Any, list[int]]:
        """Selection embeddings of (redacted) turns; see :meth:`Observer.embed_turns`."""
        return self.observer.embed_turns(turns)

    def redacted(self, turn: Turn) -> Turn:
        """The turn as it may be embedded and stored: PII replaced by placeholders."""
        return self.observer.redacted(turn)

    def ingest(
        self,
        source: str | Path,
        fmt: str | None = None,
        speaker: str | None = None,
        limit: int | None = None,
        restart: bool = False,
        progress: bool = True,
        own_replies: bool | None = None,
    ) -> IngestReport:
        """Stream a conversation file (or ``chitchat`` with a speaker) into the buffer; resumable.
        ``own_replies``: also store each turn's own reply as an annotation (chitchat only)."""
        return self.ingester.ingest(source, fmt, speaker, limit, restart, progress, own_replies)

    def annotation_queue(self, limit: int | None = None) -> list[Any]:
        return self.annotations.queue(limit)

    def annotate(
        self, annotator: Any, limit: int | None = None, show_replies: bool = True
    ) -> dict[str, int]:
        """Ask ``annotator(item, model_reply)`` about the most valuable unannotated turns."""
        return self.annotations.run(annotator, limit, show_replies)

    def synthesize(self, progress: bool = True) -> Any:
        """Look-alike pairs for every annotation not yet synthesized (base model, no adapter)."""
        return self.synthesis.run(progress)

    def train(self, resume: bool = False, progress: bool = True, cfg: Any = None, **kw: Any) -> Any:
        """One LoRA round; see :meth:`Trainer.train`."""
        return self.trainer.train(resume, progress, cfg, **kw)

    def use_adapter(self, version: int | None | str = "active") -> Any:
        """The model that answers: base + the given adapter version (``active`` by default)."""
        return self.replies.use_adapter(version)

    @property
    def adapter_version(self) -> int | None:
        """The adapter version loaded for replies now (None: the base model)."""
        return self.replies.adapter_version

    def reply_many(self, prompts: list[tuple[str, str]], *a: Any, **kw: Any) -> list[str]:
        """Greedy replies to (question, context) pairs; see :meth:`Replies.reply_many`."""
        return self.replies.reply_many(prompts, *a, **kw)

    def llamacpp(self, adapter: int | None | str = "active") -> Any:
        return self.replies.llamacpp(adapter)

    def prompts(self, prompts: list[tuple[str, str]], *a: Any, **kw: Any) -> list[list[int]]:
        return self.replies.prompts(prompts, *a, **kw)

    def forget(self, purge_adapters: bool = False, **selector: Any) -> Any:
        """Delete matching turns and annotations for good; see :mod:`pockettune.privacy.forget`."""
        return self.forgetting.forget(purge_adapters, **selector)

    @property
    def profile(self) -> Any:
        return self.profile_keeper.profile

    def feedback(self, fb: Any, domain: str = "", embedding: Any = None) -> int:
        """Record accept / edit / rating / regenerate on a reply; see :class:`ProfileKeeper`."""
        return self.profile_keeper.feedback(fb, domain, embedding)

    def _interest_weight(self, domain: str) -> float:
        return self.profile_keeper.interest_weight(domain)

    def adapt(self, force: bool = False, progress: bool = True) -> Any:
        """The adaptation layer: decide, and train/verify/swap if it says so."""
        from .adapt.loop import adapt

        return adapt(self, force, progress)

    def status(self) -> dict[str, Any]:
        from .status import status

        return status(self)

    def close(self) -> None:
        if "replies" in self.__dict__:
            self.replies.drop_adapter()
        self.store.close()

    def __enter__(self) -> Personalizer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
