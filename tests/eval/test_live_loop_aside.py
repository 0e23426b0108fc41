"""benchmarks/live_loop_aside.py without a model: the loop's own swap tests are read from a row
(first swaps from base left out) and the decisions are counted against the held-out verdicts."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))

import live_loop_aside  # noqa: E402


def _test(diff: float, verdict: str, previous=None) -> dict:
    return {"diff": diff, "low": diff - 0.05, "high": diff + 0.05, "n": 100,
            "verdict": verdict, "previous": previous}  # fmt: skip


def test_swaps_and_the_decision_table():
    row = {"adapters": [
        {"round": 1, "version": 1, "active": 1, "record": {"rule": "better", "activated": True},
         "vs_previous": _test(-0.5, "better", None)},
        {"round": 2, "version": 2, "active": 2, "record": {"rule": "superset", "activated": True},
         "vs_previous": _test(0.09, "worse", 1)},
        {"round": 3, "version": 3, "active": 2,
         "record": {"rule": "superset_higher", "activated": False}},
    ]}  # fmt: skip
    sw = live_loop_aside.swaps(row)
    assert [(e["round"], e["candidate"], e["in_use"]) for e in sw] == [(2, 2, 1)]
    aside = [{"round": 3, "candidate": 3, "in_use": 2, "rule": "superset_higher",
              "test": _test(-0.07, "better")}]  # fmt: skip
    md = live_loop_aside.table({"command": "x", "speakers": [
        {"speaker": "speaker01", "rank": 1, "swaps": sw, "aside": aside}]})  # fmt: skip
    assert (
        "| speaker0 (1) | 2 | v2 | v1 | superset | activated | +0.090 [+0.040, +0.140] | worse |"
        in md
    )
    assert "| activated | 0 | 0 | 1 |" in md
    assert "| kept aside | 1 | 0 | 0 |" in md
