"""The whole bench protocol on the tiny model and a small fixture: cells, resume, outputs."""

import csv
import json

from pockettune.eval.bench import Bench
from pockettune.eval.protocol import load_bench
from pockettune.eval.report import write_report
from tests.conftest import write_qa


def test_bench_runs_resumes_and_reports(tmp_path):
    data = tmp_path / "qa.jsonl"
    topics = ["money and the bank", "my doctor and sleep", "school and college", "music and dance"]
    write_qa(
        data,
        (
            (f"question {i} about {topics[i % 4]}", f"an answer about {topics[i % 4]} number {i}")
            for i in range(70)
        ),
    )
    overrides = [
        f"bench.datasets=[{data}]",
        "bench.stream=50",
        "bench.checkpoints=[25,50]",
        "bench.capacity=4",
        "bench.test=12",
        "bench.methods=[base,sdss,random,fifo,kcenter]",
        "bench.seeds=[0,1]",
        "bench.max_new_tokens=4",
        "bench.bootstrap=200",
        "model.path=tiny",
        "synth.k=1",
        "train.epochs=1",
    ]
    cfg, bench = load_bench("quick", overrides)
    out = tmp_path / "out"
    rows = Bench(cfg, bench, out, progress=False).run()
    assert len(rows) == 1 + 4 * 2  # base once, four methods x two seeds
    sel = [r for r in rows if r["method"] != "base"]
    assert all(r["annotations"] == 8 for r in sel)  # two checkpoints x capacity 4
    assert all(len(r["per_item_rouge1"]) == 12 for r in rows)
    cells = sorted((out / "cells").rglob("*.json"))
    mtimes = [p.stat().st_mtime_ns for p in cells]
    again = Bench(cfg, bench, out, progress=False).run()  # resume: nothing recomputed
    assert [p.stat().st_mtime_ns for p in sorted((out / "cells").rglob("*.json"))] == mtimes
    assert [r["rouge1"] for r in again] == [r["rouge1"] for r in rows]

    from pockettune.cli import main

    # --report writes the table from finished cells only; a method not yet run makes it partial
    assert main(["bench", "--out", str(out), "--report", "-q", *overrides[:5], *overrides[6:],
                 "bench.methods=[base,sdss,random,fifo,kcenter,full]"]) == 0  # fmt: skip
    partial = (out / "table.md").read_text()
    assert "partial: 9 of 11 cells finished" in partial and "## Verdict" in partial
    assert [p.stat().st_mtime_ns for p in sorted((out / "cells").rglob("*.json"))] == mtimes

    run = json.loads((out / "run.json").read_text())
    text = write_report(rows, out, run, "random", 200, small=True)
    assert "too small for claims" in text and "| qa | random | 2 |" in text and "baseline" in text
    assert text.count("| qa | sdss (2 seeds) | best baseline") == 2  # items only; seeds too
    assert "## Verdict, seeds resampled too" in text
    with (out / "results.csv").open() as f:
        got = list(csv.DictReader(f))
    assert len(got) == 9 and {"rouge1", "nll", "config_hash", "train_s", "peak_rss_mb"} <= set(
        got[0]
    )
    cells = [json.loads(p.read_text()) for p in (out / "cells").rglob("*.json")]
    cell = next(c for c in cells if c["method"] == "random")
    stages = cell["rss_stages_mb"]  # where a cell's memory goes, stage by stage
    assert {"select", "synth", "train", "eval"} <= set(stages)
    assert all(0 < s["start_mb"] <= s["peak_mb"] for s in stages.values())
    for png in ("rouge_by_method.png", "rouge_vs_annotations.png", "time_per_stage.png"):
        assert (out / png).stat().st_size > 1000


def test_batched_synthesis_gives_each_item_the_pairs_it_gets_alone(tmp_path):
    data = tmp_path / "qa.jsonl"
    write_qa(data, ((f"what about topic {i}?", f"topic {i} is fine") for i in range(30)))
    cfg, bench = load_bench(
        "quick", [f"bench.datasets=[{data}]", "bench.stream=10", "bench.test=12", "model.path=tiny"]
    )
    from pockettune.eval.protocol import load_dataset

    ds = load_dataset(str(data), 10, 12)
    alone = Bench(cfg, bench, tmp_path / "a", progress=False)
    one_by_one = [alone.synth_pairs(ds, i, 2, 1) for i in (3, 0, 7)]
    batched = Bench(cfg, bench, tmp_path / "b", progress=False)
    batched.prefetch_synth(ds, [0, 3, 7, 3], 2, 1)
    lines = batched.synth_path(ds, 2).read_text().splitlines()
    assert len(lines) == 3  # one line per item, the repeated one once
    fresh = Bench(cfg, bench, tmp_path / "b", progress=False)  # read back from the file
    assert [fresh.synth_pairs(ds, i, 2, 1) for i in (3, 0, 7)] == one_by_one
    assert len({tuple(p) for p in one_by_one}) == 3


def test_selection_by_surprise_in_the_bench_measures_the_stream_once(tmp_path):
    import numpy as np

    from pockettune.eval.protocol import load_dataset
    from pockettune.models.surprise import surprise_many
    from pockettune.store import Store

    data = tmp_path / "qa.jsonl"
    write_qa(data, ((f"what about topic {i} and {'x ' * (i % 5)}?", "ok") for i in range(40)))
    overrides = [f"bench.datasets=[{data}]", "bench.stream=20", "bench.test=12"]
    cfg, bench = load_bench("quick", [*overrides, "bench.capacity=4", "model.path=tiny"])
    ds = load_dataset(str(data), 20, 12)
    b = Bench(cfg, bench, tmp_path / "out", progress=False)
    vecs, ntok, _ = b.embeddings(ds)
    store = Store(tmp_path / "s.db")
    try:
        chosen = b._select(ds, store, vecs, ntok, "sdss-sur", 0)
    finally:
        store.close()
    assert len(chosen) == 4  # the quick preset's checkpoints lie past this stream: one hand-off
    sur = np.load(b.sur_path(ds))["sur"]
    texts = [t.question for t in ds.stream]
    np.testing.assert_allclose(sur, surprise_many(b.lm.model, b.lm.tokenizer, texts), atol=1e-4)
    assert "sur" not in b.select_config("sdss", 0).metrics  # the default does not pay for it


def test_the_report_names_every_machine_its_cells_ran_on():
    """A run resumed across sessions can span VMs: the table must not credit them all to the
    machine that wrote the report."""
    from pockettune.eval.report import _machines

    assert _machines([{"cpu": "AMD EPYC"}] * 2, "AMD EPYC") == "AMD EPYC"
    mixed = _machines([{"cpu": "AMD EPYC"}, {"cpu": "Intel Xeon"}, {}], "AMD EPYC")
    assert mixed == (
        "AMD EPYC (1 cells), Intel Xeon (1 cells), not recorded (1 cells); "
        "this report written on AMD EPYC"
    )
