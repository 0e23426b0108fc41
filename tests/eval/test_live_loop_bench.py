"""benchmarks/live_loop.py without a model: speakers ranked 10-12 are refused, the table and
the curve come out of a results file."""

import dataclasses
import importlib.util
import json
import sys
from pathlib import Path

import pytest

_path = Path(__file__).parents[2] / "benchmarks" / "live_loop.py"
sys.path.insert(0, str(_path.parent))  # its helpers are imported as the script would
_spec = importlib.util.spec_from_file_location("live_loop", _path)
live_loop = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(live_loop)

RANKING = [(f"speaker{i:02d}", 2000 - i) for i in range(1, 16)]


def test_ranks_10_to_12_are_refused_by_rank_and_by_id():
    assert live_loop.resolve_speakers("1,2,3", RANKING) == [
        (1, "speaker01"), (2, "speaker02"), (3, "speaker03")]  # fmt: skip
    assert live_loop.resolve_speakers("speaker13", RANKING) == [(13, "speaker13")]
    for spec in ("10", "2,11", "speaker12"):
        with pytest.raises(SystemExit, match="reserved"):
            live_loop.resolve_speakers(spec, RANKING)
    with pytest.raises(SystemExit, match="not among"):
        live_loop.resolve_speakers("99", RANKING)


def test_table_and_curve_from_results(tmp_path):
    ci = {"diff": -0.3, "low": -0.4, "high": -0.2, "n": 10, "verdict": "better"}
    row = {
        "speaker": "speaker01", "rank": 1, "messages": 40, "answers": 16, "rounds": 1,
        "nll_base": 4.0, "nll_adapter": 3.7, "rouge1_base": 0.1, "rouge1_adapter": 0.11,
        "ci_nll": ci, "ci_rouge1": dict(ci, diff=0.01, low=-0.01, high=0.03,
                                        verdict="no difference"),
        "words_speaker": 9.0, "words_base": 30.0, "words_adapter": 12.0, "failed_requests": 0,
        "curve": [{"messages_seen": 0, "answers": 0, "nll_adapter": 4.0, "rouge1_adapter": 0.1},
                  {"messages_seen": 40, "answers": 16, "nll_adapter": 3.7,
                   "rouge1_adapter": 0.11}],
    }  # fmt: skip
    res = {"speakers": [row], "run": {"sizes": {}, "seed": 0, "machine": {"cpu": "x"},
                                      "command": "python benchmarks/live_loop.py"}}  # fmt: skip
    md = live_loop.table(res)
    assert "| speaker0 (1) | 40 | 16 | 1 | 4.000 | 3.700 | -0.300 [-0.400, -0.200] better" in md
    assert "| - | - | 0 | not run |" in md  # a row from before per-round scores
    c = dict(ci, diff=0.2, low=0.1, high=0.3, verdict="worse")
    row.update(degenerate_base=0.1, degenerate_adapter=0.025, swaps_worse=1,
               adapters=[{"vs_previous": dict(ci, diff=-0.1)}, {"vs_previous": c}, {}])  # fmt: skip
    assert "| 10% / 2% | 1 / 2 (worst +0.200 [+0.100, +0.300]) | 0 |" in live_loop.table(res)
    live_loop.plot(res, tmp_path / "curve.png")
    assert (tmp_path / "curve.png").stat().st_size > 1000
    # rows of sittings on two machines: each names its own CPU, flags and precision
    amx = {"cpu": "Xeon", "cores": 2, "cpu_flags": {"has": ["avx2", "amx_bf16"], "capped": {}},
           "precision": {"model": "bf16", "train": "bf16"}}  # fmt: skip
    two = {**res, "speakers": [row, dict(row, speaker="speaker02", rank=2, machine=amx,
                                         command="python benchmarks/live_loop.py --speakers 2")]}  # fmt: skip
    md = live_loop.table(two)
    assert "- speaker0 (1): x, ? cores, ?\n" in md
    assert "- speaker0 (2): Xeon, 2 cores, AVX2+AMX_BF16; model bf16, training bf16" in md
    assert "- speaker0 (2): `python benchmarks/live_loop.py --speakers 2`" in md


def test_the_server_precision_is_what_auto_resolves_to_here():
    from pockettune.models.precision import resolve

    a = live_loop.parser().parse_args(["model.precision=fp32"])
    assert live_loop.server_precision(a) == {"model": "fp32", "train": resolve("auto")}


def test_live_against_bench_is_paired_per_item_and_flags_a_miss():
    import live_loop_bench
    from live_loop_report import cell_text

    cell = {"nll": 3.5, "rouge1": 0.1, "annotations": 16, "synthesized": 48, "train_steps": 8,
            "config_hash": "abc", "per_item_nll": [3.0, 3.5, 4.0, 3.5]}  # fmt: skip
    close = live_loop_bench.compare({"per_item_nll_adapter": [3.01, 3.52, 4.02, 3.51]}, cell, 0)
    assert close["within_tolerance"] and close["nll_live_minus_bench"]["diff"] == pytest.approx(
        0.015
    )
    far = live_loop_bench.compare({"per_item_nll_adapter": [3.2, 3.6, 4.1, 3.7]}, cell, 0)
    assert not far["within_tolerance"]
    assert "MISSES 0.05" in cell_text({"bench": far})
    assert "within 0.05" in cell_text({"bench": close})
    with pytest.raises(SystemExit, match="held-out items differ"):
        live_loop_bench.compare({"per_item_nll_adapter": [3.0]}, cell, 0)


def test_a_row_measured_with_other_defaults_is_not_kept(monkeypatch, tmp_path):
    import argparse

    a = argparse.Namespace(seed=0, overrides=[], preset="", messages=400, answers=64, test=100,
                           rouge_items=40)  # fmt: skip
    now = live_loop.same_config(a)
    row = {"config": {**now, "serve": {"port": 1}}}
    assert live_loop.same_config(row=row) == now  # the serve section (port, token) aside
    row["config"]["adapt"] = {**now["adapt"], "retrain_all": 0}
    assert live_loop.same_config(row=row) != now
    monkeypatch.setenv("POCKETTUNE_CACHE", str(tmp_path))
    first = live_loop.bench_dir("31267496-e50f", a)
    assert first == live_loop.bench_dir("31267496-e50f", a) and first.parent.parent == tmp_path
    a.answers = 32
    assert live_loop.bench_dir("31267496-e50f", a) != first
    import live_loop_bench

    # the cell runs the server's own config: the defaults, or the run's preset
    assert live_loop_bench.product_config(a).name == "default.yaml"
    a.preset = "tiny"
    assert live_loop_bench.product_config(a).name == "tiny.yaml"
    assert live_loop.bench_dir("31267496-e50f", a) != live_loop.bench_dir(
        "31267496-e50f", argparse.Namespace(**{**vars(a), "preset": ""})
    )


def test_even_pacing_spreads_the_answer_budget_over_the_stream():
    import argparse

    a = argparse.Namespace(answers=64, pace="even")
    got = [live_loop.allowed_answers(a, i, 400) for i in (1, 8, 200, 399, 400)]
    assert got == [1, 2, 32, 64, 64]
    assert live_loop.allowed_answers(argparse.Namespace(answers=64, pace="eager"), 1, 400) == 64


def test_progress_survives_a_restart_and_other_sizes_get_another_folder(tmp_path):
    from live_loop_progress import Progress, speaker_dir

    from pockettune.eval.score import Scores

    path = tmp_path / "progress.json"
    assert Progress.load(path) == Progress()  # nothing saved yet: a fresh start
    p = Progress(sent=120, failed=0, rounds=2, sittings=1)
    s = Scores(nll=[3.0, 4.0], rouge1=[0.1], replies=["hi there"], length_ratio=[0.2])
    p.keep(None, s)
    p.keep(3, dataclasses.replace(s, nll=[2.5, 3.5]))
    p.save(path)
    back = Progress.load(path)
    assert back == p and back.score(None) == s and back.score(3).nll == [2.5, 3.5]
    assert back.score(4) is None  # not scored yet: the run scores it
    path.write_text("{not json")
    with pytest.raises(SystemExit, match="unreadable progress"):
        Progress.load(path)
    sizes = {"messages": 400, "answers": 64}
    one = speaker_dir(tmp_path, "31267496-e50f", sizes, {"train": {"lr": 1}})
    assert one == speaker_dir(tmp_path, "31267496-e50f", dict(sizes), {"train": {"lr": 1}})
    assert one.name.startswith("31267496-") and one.parent == tmp_path
    assert one != speaker_dir(
        tmp_path, "31267496-e50f", {**sizes, "answers": 32}, {"train": {"lr": 1}}
    )
    assert one != speaker_dir(tmp_path, "31267496-e50f", sizes, {"train": {"lr": 2}})


def test_a_save_keeps_the_rows_another_run_wrote_since(tmp_path):
    path = tmp_path / "results.json"
    assert live_loop.others_on_disk(path, set()) == {}
    rows = [{"speaker": "a", "rounds": 1}, {"speaker": "b", "rounds": 5}]
    path.write_text(json.dumps({"speakers": rows}))
    assert live_loop.others_on_disk(path, {"a"}) == {"b": {"speaker": "b", "rounds": 5}}
