"""benchmarks/compare_runs.py: the same method in two runs, on the seeds both finished."""

import importlib.util
import json
from pathlib import Path

import pytest

_path = Path(__file__).parents[2] / "benchmarks" / "compare_runs.py"
_spec = importlib.util.spec_from_file_location("compare_runs", _path)
compare_runs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(compare_runs)


def _cell(run: Path, method: str, seed: int, nll: list[float], steps: int = 10) -> None:
    folder = run / "cells" / "ds"
    folder.mkdir(parents=True, exist_ok=True)
    cell = {
        "dataset": "ds",
        "method": method,
        "seed": seed,
        "train_steps": steps,
        "per_item_nll": nll,
        "per_item_rouge1": [0.5] * len(nll),
    }
    (folder / f"{method}-seed{seed}-x.json").write_text(json.dumps(cell))


def test_lower_nll_in_b_is_better_and_only_shared_seeds_count(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    _cell(a, "random", 0, [3.0] * 40)
    _cell(a, "random", 1, [9.0] * 40)  # b has no seed 1: must not enter the comparison
    _cell(b, "random", 0, [2.5 + 0.01 * (i % 3) for i in range(40)], steps=22)
    _cell(b, "sdss", 0, [1.0] * 40)  # only in b: no row
    lines = compare_runs.compare(a, b, None)
    rows = [line for line in lines if line.startswith("| ds")]
    assert len(rows) == 1
    cells = [c.strip() for c in rows[0].strip("|").split("|")]
    assert cells[:5] == ["ds", "random", "0", "10.0", "22.0"]
    assert cells[5].startswith("-0.49") and cells[6] == "better"
    assert cells[8] == "no difference"


def test_runs_on_different_items_are_refused(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    _cell(a, "random", 0, [3.0] * 40)
    _cell(b, "random", 0, [3.0] * 30)
    with pytest.raises(SystemExit, match="different items"):
        compare_runs.compare(a, b, None)
