"""bench on Ray (a local 2-CPU runtime, no network) against the serial run, on the tiny model.

Same cells -> the same numbers; a finished cell is skipped by either runner; a worker killed
mid-cell costs only that cell; a cell that always fails is reported and the rest completes.
"""

import json

import pytest

pytest.importorskip("ray")

from pockettune.eval.bench import Bench  # noqa: E402
from pockettune.eval.protocol import load_bench  # noqa: E402
from pockettune.scale.ray_bench import run_bench_ray  # noqa: E402
from pockettune.scale.runtime import CELL_ATTEMPTS, Fault  # noqa: E402

SAME = [
    "dataset",
    "method",
    "seed",
    "k",
    "annotations",
    "synthesized",
    "train_steps",
    "final_loss",
    "selected_tokens_mean",
    "stored_items",
    "rouge1",
    "nll",
    "reply_words",
    "per_item_rouge1",
    "per_item_nll",
    "config_hash",
]
"""Every column that is not a time or a memory reading."""


@pytest.fixture(scope="module")
def grid(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("grid")
    data = tmp / "qa.jsonl"
    topics = ["money and the bank", "my doctor and sleep", "school and college", "music"]
    data.write_text(
        "".join(
            json.dumps(
                {"question": f"q {i} about {topics[i % 4]}", "response": f"on {topics[i % 4]} {i}"}
            )
            + "\n"
            for i in range(44)
        )
    )
    overrides = [
        f"bench.datasets=[{data}]",
        "bench.stream=32",
        "bench.checkpoints=[16,32]",
        "bench.capacity=3",
        "bench.test=8",
        "bench.methods=[base,sdss,random]",
        "bench.max_new_tokens=4",
        "model.path=tiny",
        "model.threads=1",  # one torch thread per cell in both runners: bitwise the same math
        "synth.k=1",
        "train.epochs=1",
    ]
    serial = Bench(
        *load_bench("quick", [*overrides, "bench.seeds=[0,1]"]), tmp / "serial", progress=False
    ).run()
    return overrides, {(r["method"], r["seed"]): r for r in serial}, tmp / "serial"


def _same(row, ref):
    return {c: row[c] for c in SAME} == {c: ref[c] for c in SAME}


def test_ray_matches_serial_and_resumes(ray_runtime, grid, tmp_path):
    overrides, serial, serial_out = grid
    out = tmp_path / "ray"
    first, failed = run_bench_ray(
        Bench(*load_bench("quick", [*overrides, "bench.seeds=[0]"]), out, progress=False)
    )
    assert not failed and len(first) == 3
    cells = {p: p.stat().st_mtime_ns for p in (out / "cells").rglob("*.json")}
    assert len(cells) == 3 and list((out / "cache").glob("*-synth-*-k1-*.jsonl"))

    rows, failed = run_bench_ray(
        Bench(*load_bench("quick", [*overrides, "bench.seeds=[0,1]"]), out, progress=False)
    )
    assert not failed
    assert [(r["method"], r["seed"]) for r in rows] == list(serial)  # the serial run's order
    assert all(_same(r, serial[(r["method"], r["seed"])]) for r in rows)
    assert {p: p.stat().st_mtime_ns for p in cells} == cells  # finished cells were skipped
    assert len(list((out / "cells").rglob("*.json"))) == 5
    # each needed pair was synthesized once, by the shared tasks: the serial run's cache, no repeats
    keys = [
        json.loads(x)["key"]
        for x in next((out / "cache").glob("qa-synth-*-k1-*.jsonl")).read_text().splitlines()
    ]
    serial_keys = [
        json.loads(x)["key"]
        for x in next((serial_out / "cache").glob("qa-synth-*-k1-*.jsonl")).read_text().splitlines()
    ]
    assert len(keys) == len(set(keys)) and set(keys) == set(serial_keys)
    # the serial runner accepts the Ray run's cells as its own: nothing left to do
    again = Bench(*load_bench("quick", [*overrides, "bench.seeds=[0,1]"]), out, progress=False)
    assert all(again.finished(*c) is not None for c in again.cells())


def test_ray_measures_the_streams_surprise_once_and_matches_serial(ray_runtime, grid, tmp_path):
    overrides, _, _ = grid
    ov = [*overrides, "bench.methods=[sdss-sur]", "bench.seeds=[0]"]
    serial = Bench(*load_bench("quick", ov), tmp_path / "serial", progress=False).run()
    out = tmp_path / "ray"
    rows, failed = run_bench_ray(Bench(*load_bench("quick", ov), out, progress=False))
    assert not failed and len(rows) == 1 and _same(rows[0], serial[0])
    assert (out / "cache" / "qa-32-sur.npz").exists()  # by the driver's task, for every cell


def test_killed_worker_reruns_its_cell_and_a_failing_cell_is_reported(ray_runtime, grid, tmp_path):
    overrides, serial, serial_out = grid
    bench = Bench(
        *load_bench("quick", [*overrides, "bench.seeds=[0]"]), tmp_path / "out", progress=False
    )
    kill, boom = tmp_path / "killed.marker", tmp_path / "raised.marker"
    faults = (Fault("qa/sdss/0", "kill", str(kill)), Fault("qa/random/0", "raise", str(boom)))
    rows, failed = run_bench_ray(bench, faults=faults)

    assert kill.read_text() == "killed\n"  # the first attempt died by SIGKILL ...
    assert [(r["method"], r["seed"]) for r in rows] == [("base", 0), ("sdss", 0)]
    assert all(_same(r, serial[(r["method"], r["seed"])]) for r in rows)  # ... the rerun is exact
    assert [f.cell for f in failed] == ["qa/random/0"]
    assert "fault point" in failed[0].error
    assert boom.read_text().count("attempt") == CELL_ATTEMPTS


def test_cli_bench_ray_takes_overrides_after_the_flag(ray_runtime, grid, tmp_path, capsys):
    from pockettune.cli import main

    overrides, serial, serial_out = grid
    out = tmp_path / "cli"
    argv = ["bench", "--ray", "bench.seeds=[0]", "--out", str(out), "-q", *overrides]
    assert main([*argv, "bench.methods=[base]"]) == 0, capsys.readouterr()
    rows = json.loads((out / "results.json").read_text())["rows"]
    assert [(r["method"], r["seed"]) for r in rows] == [("base", 0)]
    assert _same(rows[0], serial[("base", 0)])


def test_local_runtime_is_offline(ray_runtime):
    from ray._common.usage import usage_lib  # private, ray==2.60.0

    assert not usage_lib.usage_stats_enabled()
    assert ray_runtime.cluster_resources()["CPU"] == 2
