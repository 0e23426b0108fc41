"""benchmarks/live_loop_refit.py: a home's round again on every annotation, in a copy."""

import importlib.util
import sys
from pathlib import Path

from pockettune import Personalizer, Turn
from pockettune.annotate import simulated_annotator

_path = Path(__file__).parents[2] / "benchmarks" / "live_loop_refit.py"
sys.path.insert(0, str(_path.parent))
_spec = importlib.util.spec_from_file_location("live_loop_refit", _path)
refit = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(refit)


def test_refit_trains_on_every_annotation_and_leaves_the_home_alone(tmp_path):
    home = tmp_path / "home"
    pt = Personalizer.open(
        home,
        preset="tiny",
    )
    for i in range(6):
        pt.observe_one(Turn(f"what should I cook tonight {i}", reference=f"pasta number {i}"))
    pt.annotate(simulated_annotator, show_replies=False)
    n = pt.store.conn.execute("SELECT count(*) FROM annotations").fetchone()[0]
    pt.close()
    held = [Turn("what now?", reference="soup, again"), Turn("and then?", reference="bed")]
    r = refit.refit(home, held, lambda s: None)
    assert r["annotations"] == n > 0 and r["steps"] > 0
    assert len(r["per_item_nll"]) == 2 and all(x > 0 for x in r["per_item_nll"])
    assert not any((home / "adapters").glob("*/manifest.json"))  # the copy was trained


def test_table_reads_lower_nll_as_better():
    c = refit.paired([1.0, 1.1, 0.9, 1.0], [2.0, 2.1, 1.9, 2.2], seed=0)
    assert c["diff"] < 0 and c["verdict"] == "better"
    row = {"speaker": "abcdef123", "rank": 1, "annotations": 64, "live_annotations": 53,
           "nll_live": 4.0, "nll_refit": 3.9, "nll_bench": 3.95,
           "refit_minus_live": c, "refit_minus_bench": c}  # fmt: skip
    text = refit.table({"speakers": [row], "run": {"seed": 0, "machine": {}, "command": "x"}})
    assert "| abcdef12 (1) | 53 / 64 | 4.000 | 3.900 | 3.950 |" in text
