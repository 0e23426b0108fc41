"""Datasets of the bench: the dev split never touches the test items and shares the stream."""

import pytest

from pockettune.config import Config
from pockettune.errors import PockettuneError
from pockettune.eval.bench import Bench
from pockettune.eval.protocol import BenchConfig, load_dataset
from tests.conftest import write_qa


@pytest.fixture
def data(tmp_path):
    return write_qa(tmp_path / "qa.jsonl", ((f"question {i}", f"answer {i}") for i in range(60)))


def test_dev_split_follows_the_stream_and_holds_the_test_items_out(data, tmp_path):
    test = load_dataset(str(data), 30, 10)
    dev = load_dataset(str(data), 30, 10, dev=8)
    assert dev.key == "qa-dev" and dev.stream_key == test.key == test.stream_key == "qa"
    assert [t.question for t in dev.stream] == [t.question for t in test.stream]
    assert [t.question for t in dev.test] == [f"question {i}" for i in range(30, 38)]
    assert [t.question for t in test.test] == [f"question {i}" for i in range(50, 60)]
    # a stream longer than the data allows is cut so that neither split is streamed
    long = load_dataset(str(data), 100, 10, dev=8)
    seen = {t.question for t in long.stream}
    assert len(seen) == 42 and not seen & {t.question for t in long.test + test.test}
    b = Bench(Config(), BenchConfig(dev=8), tmp_path / "out", progress=False)
    assert b.emb_path(dev) == b.emb_path(test)  # one embedding pass serves both
    assert b.cell_path(dev, "random", 0).parent.name == "qa-dev"
    with pytest.raises(PockettuneError, match="dev items"):
        load_dataset(str(data), 30, 10, dev=45)
    with pytest.raises(PockettuneError, match="bench.dev"):
        BenchConfig(dev=-1)


def test_a_field_added_at_its_default_keeps_the_cell_hash():
    from dataclasses import asdict

    from pockettune.config import ModelConfig, TrainConfig
    from pockettune.eval.protocol import config_hash

    # fast_dropout defaults to on and precision to auto; PEFT's dropout and fp32 training are
    # what every cell before them ran
    before = TrainConfig(fast_dropout=False, precision="fp32")
    old = {k: v for k, v in asdict(before).items() if k not in TrainConfig.HASH_NEUTRAL}
    assert set(TrainConfig.HASH_NEUTRAL) == {
        "fast_dropout",
        "min_steps",
        "precision",
        "piece_tokens",
        "share_prefix",
        "top_layers",
    }
    assert config_hash(before) == config_hash(old)  # cells of before the fields count
    assert config_hash(TrainConfig()) != config_hash(before)
    for changed in (
        {"min_steps": 22},
        {"precision": "bf16"},
        {"piece_tokens": 512},
        {"share_prefix": False},
        {"top_layers": 10},
    ):
        fields = {"fast_dropout": False, "precision": "fp32", **changed}
        assert config_hash(TrainConfig(**fields)) != config_hash(before)
    # model.precision defaults to auto; fp32 is what every cell before it ran
    fp32 = ModelConfig(precision="fp32")
    assert config_hash(fp32) == config_hash(
        {k: v for k, v in asdict(fp32).items() if k != "precision"}
    )
    assert config_hash(ModelConfig(precision="bf16")) != config_hash(fp32)


def test_every_shipped_bench_preset_loads():
    from importlib.resources import files

    from pockettune.eval.protocol import load_bench

    names = [p.name for p in files("pockettune.configs").iterdir() if p.name.startswith("bench-")]
    assert "bench-paper-cpu-dev.yaml" in names
    for name in names:
        cfg, bench = load_bench(name.removeprefix("bench-").removesuffix(".yaml"))
        assert bench.methods and bench.datasets, name
    _, dev = load_bench("paper-cpu-dev")
    _, test = load_bench("paper-cpu")
    assert dev.dev and (dev.stream, dev.checkpoints, dev.capacity) == (
        test.stream,
        test.checkpoints,
        test.capacity,
    )


def test_the_bench_hashes_the_arithmetic_a_cell_runs_not_auto(tmp_path):
    from pockettune.eval.bench import Bench
    from pockettune.eval.protocol import load_bench
    from pockettune.models.precision import resolve

    cfg, bench = load_bench("quick", ["model.precision=auto", "train.precision=auto"])
    b = Bench(cfg, bench, tmp_path, progress=False)
    assert b.cfg.model.precision == b.cfg.train.precision == resolve("auto")
