"""benchmarks/live_loop_served.py: served replies on a home, with the tiny random model."""

import importlib.util
import sys
from pathlib import Path

from pockettune import Personalizer
from pockettune.turn import Turn

_path = Path(__file__).parents[2] / "benchmarks" / "live_loop_served.py"
sys.path.insert(0, str(_path.parent))
_spec = importlib.util.spec_from_file_location("live_loop_served", _path)
served = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(served)


def test_context_is_the_other_sides_last_message():
    assert served.last_line("a\n\nb\n") == "b"
    assert served.last_line("") == ""


def test_served_scores_answer_every_item_as_the_server_would(tmp_path):
    home = tmp_path / "home"
    held = [Turn(f"question {i}?", context=f"old\nctx {i}", reference="a reply") for i in range(3)]
    with Personalizer.open(home, preset="tiny") as pt:
        s = served.served_scores(pt, held, None, items=2)
    assert len(s["replies"]) == len(s["rouge1"]) == 2
    assert all(0.0 <= x <= 1.0 for x in s["rouge1"])
    assert 0.0 <= s["degenerate"] <= 1.0
    assert s["prompt"]["max_new_tokens"] == served.MAX_NEW_TOKENS
    from live_loop_report import served_text

    assert served_text({}) == "not run"
    row = {"served": {"base": s, "adapter": s,
                      "ci_rouge1": {"diff": 0.0, "low": 0.0, "high": 0.0, "verdict": "no difference"}}}  # fmt: skip
    assert "degenerate" in served_text(row)
