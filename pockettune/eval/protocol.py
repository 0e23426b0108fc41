"""The benchmark protocol: datasets as streams with held-out tests, methods, checkpoints.

A dataset is read in its original order. The first ``stream`` turns are the stream; the test
set is taken after them (the file's tail, or a chitchat speaker's last replies), so no test
item is ever seen during selection. Methods are named recipes over the same pipeline.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config.sections import hash_view
from ..errors import PockettuneError
from ..ingest import chitchat_speakers, read_chitchat, read_turns
from ..turn import Turn


@dataclass
class BenchConfig:
    datasets: list[str] = field(default_factory=lambda: ["../shared/data/alpaca/alpaca_5000.json"])
    """Dataset files (any supported format) or ``chitchat:N`` (the N-th most active speaker,
    1-based) or ``chitchat:<speaker id>``. Relative paths are taken from the working directory."""
    stream: int = 4600
    """Turns streamed per dataset (the paper: 4,600); fewer if the data runs out first."""
    checkpoints: list[int] = field(default_factory=lambda: [800, 1600, 2400, 3200, 4000, 4600])
    """Stream positions where the buffer is annotated, synthesized, added to the training set
    and emptied (the paper's six)."""
    capacity: int = 64
    """Buffer size."""
    test: int = 400
    """Held-out test items per dataset, the same for every method and seed."""
    dev: int = 0
    """Score on the ``dev`` turns that follow the stream instead of on the test items (0: the
    test items). A default chosen on the dev split and reported on the test items is not
    tuned on them. The test tail stays out of the stream either way, so dev and test runs
    stream the same turns (where the data has room) and share the stream's caches; dev cells are reported under the
    dataset's key plus ``-dev``."""
    methods: list[str] = field(
        default_factory=lambda: ["base", "sdss", "random", "fifo", "kcenter"]
    )
    """Methods to run; see ``METHODS``."""
    seeds: list[int] = field(default_factory=lambda: [0, 1, 2])
    """Each seed changes the random policy, synthesis sampling, LoRA init and data order."""
    full_seeds: int = 0
    """Seeds run for ``full`` (the first N of ``seeds``; 0 = all). ``full`` trains on every
    streamed turn, so it is the costliest cell by far; as an upper bound (like ``base``, which
    runs one seed) its seed noise matters least."""
    max_new_tokens: int = 64
    """Greedy tokens generated per test item."""
    rouge_items: int = 0
    """Test items that also get a generated reply (ROUGE-1, length, semantic similarity): the
    first ones of the test set; 0 = all. Reference NLL always covers every test item, since it
    costs one forward pass an item and generation costs ``max_new_tokens`` of them."""
    bootstrap: int = 2000
    """Resamples for the paired bootstrap confidence intervals."""
    baseline: str = "random"
    """The method every other one is compared with."""

    def __post_init__(self) -> None:
        unknown = [m for m in self.methods if m not in METHODS]
        if unknown:
            raise PockettuneError(f"bench.methods: unknown {unknown}; known: {', '.join(METHODS)}")
        if not isinstance(self.dev, int) or self.dev < 0:
            raise PockettuneError(f"bench.dev={self.dev!r}: expected 0 or a number of turns")
        if sorted(self.checkpoints) != self.checkpoints or not self.checkpoints:
            raise PockettuneError("bench.checkpoints must be increasing stream positions")


METHODS: dict[str, dict[str, Any]] = {
    "base": {"kind": "base"},
    "full": {"kind": "full"},
    # the paper's metrics plus the near-duplicate gate (pockettune's default until 2026-12-06)
    "sdss": {"policy": "sdss"},
    # the paper's variant exactly: every turn enters while there is room, duplicates too
    "sdss-paper": {"policy": "sdss", "dedup": 0.0},
    # the simple baselines, as published: no duplicate gate either
    "random": {"policy": "random", "dedup": 0.0},
    "fifo": {"policy": "fifo", "dedup": 0.0},
    "kcenter": {"policy": "kcenter", "dedup": 0.0},
    # pockettune's default selection since 2026-12-06: reservoir behind the gate
    "random-dedup": {"policy": "random"},
    "sdss-no-eoe": {"policy": "sdss", "metrics": ["dss", "idd"]},
    "sdss-no-dss": {"policy": "sdss", "metrics": ["eoe", "idd"]},
    "sdss-no-idd": {"policy": "sdss", "metrics": ["eoe", "dss"]},
    "sdss-all": {"policy": "sdss", "rule": "all"},
    "sdss-weighted": {"policy": "sdss", "rule": "weighted"},
    "sdss-lenfree": {"policy": "sdss", "eoe_length_norm": False},
    # a label-free signal the paper lacks: distance to the nearest kept turn, any domain
    "sdss-cov": {"policy": "sdss", "metrics": ["eoe", "dss", "idd", "cov"]},
    "sdss-cov-no-eoe": {"policy": "sdss", "metrics": ["dss", "idd", "cov"]},
    # another: the model's own surprise at the message (mean NLL per token under the model)
    "sdss-sur": {"policy": "sdss", "metrics": ["eoe", "dss", "idd", "sur"]},
    # pockettune's: a sample of the stream's words, not its turns (select/policies/tokens.py)
    "tokens": {"policy": "tokens"},
    "sdss-no-synth": {"policy": "sdss", "k": 0},
    "sdss-k1": {"policy": "sdss", "k": 1},
    "sdss-k5": {"policy": "sdss", "k": 5},
}
"""base: no fine-tuning. full: every stream turn annotated, no synthesis (the upper bound that
on-device storage cannot afford). ``sdss-paper`` is the paper's selection as published (with
the defects of method.md fixed); ``sdss`` adds pockettune's near-duplicate gate
(``select.dedup``); ``random-dedup`` gives the gate to the random baseline, to separate its
effect from the metrics' (it is pockettune's default since 2026-12-06). Selection methods all
use the same synthesis (``synth.k``) unless the method sets ``k``, so the comparison isolates
selection."""


@dataclass
class Dataset:
    key: str
    """Names the dataset's cells and rows (``-dev`` added when scored on the dev split)."""
    stream: list[Turn]
    test: list[Turn]
    """The items every cell is scored on: the test tail, or the dev turns after the stream."""
    stream_key: str = ""
    """Names the caches of the stream (embeddings, surprise, synthesized pairs), which do not
    depend on what is scored; defaults to ``key``."""

    def __post_init__(self) -> None:
        self.stream_key = self.stream_key or self.key


def load_dataset(spec: str, stream: int, test: int, dev: int = 0) -> Dataset:
    """The first ``stream`` turns, scored on the last ``test`` (or, with ``dev``, on the
    ``dev`` turns right after the stream; the test tail is held out of both)."""
    if spec.startswith("chitchat"):
        who = spec.partition(":")[2] or "1"
        if who.isdigit():
            speakers = chitchat_speakers(1000)
            if int(who) > len(speakers):
                raise PockettuneError(f"{spec}: only {len(speakers)} speakers have 1,000+ replies")
            who = speakers[int(who) - 1][0]
        turns = [t for _, t in read_chitchat(who)]
        key = f"chitchat-{who[:8]}"
    else:
        path = Path(spec).expanduser()
        turns = [t for _, t in read_turns(path)]
        key = path.stem
    turns = [t for t in turns if t.reference.strip()]  # a test or annotation needs a reference
    if len(turns) < test + dev + 10:
        raise PockettuneError(
            f"{spec}: {len(turns)} turns with a reference, too few for {test} test items"
            + (f" and {dev} dev items" if dev else "")
        )
    n = min(stream, len(turns) - test - dev)
    if dev:
        return Dataset(f"{key}-dev", turns[:n], turns[n : n + dev], stream_key=key)
    return Dataset(key, turns[:n], turns[-test:])


def config_hash(*parts: Any) -> str:
    """A short stable hash of configs and values; a dataclass's ``HASH_NEUTRAL`` fields count
    only when set off the value that reproduces what ran before they existed, so adding a
    field does not orphan finished cells."""
    blob = json.dumps([hash_view(p) for p in parts], sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:12]


def load_bench(preset: str, overrides: list[str] | None = None) -> tuple[Any, BenchConfig]:
    """A bench preset holds a ``bench:`` section plus ordinary config sections; overrides
    ``bench.x=...`` go to the former, everything else to the latter."""
    import yaml

    from ..config import Config, _preset_path, _read_yaml, _set_path, from_dict

    data = _read_yaml(
        _preset_path(preset if preset.endswith((".yaml", ".yml")) else f"bench-{preset}")
    )
    for item in overrides or []:
        key, sep, raw = item.partition("=")
        if not sep:
            raise PockettuneError(f"override {item!r}: expected key=value")
        _set_path(data, key.strip().split("."), yaml.safe_load(raw))
    bench = from_dict(BenchConfig, data.pop("bench", {}), "bench.")
    return from_dict(Config, data), bench
