"""benchmarks/live_loop_rebuild.py without a model: the messages a home's count stands for,
and the refusals that keep a rebuilt run from mixing sizes or overwriting progress."""

import importlib.util
import sqlite3
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

_path = Path(__file__).parents[2] / "benchmarks" / "live_loop_rebuild.py"
sys.path.insert(0, str(_path.parent))  # its helpers are imported as the script would
_spec = importlib.util.spec_from_file_location("live_loop_rebuild", _path)
rebuild = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(rebuild)


def turn(q: str, ctx: str = "") -> SimpleNamespace:
    return SimpleNamespace(question=q, context=ctx)


def test_a_repeated_turn_between_taken_ones_counts_as_sent():
    stream = [turn("a"), turn("b", "x"), turn("a"), turn("c"), turn("d")]
    assert rebuild.messages_sent(stream, 3) == 4  # "a" twice: the server took it once
    assert rebuild.messages_sent(stream, 4) == 5
    assert rebuild.messages_sent(stream, 1) == 1
    # the context is the other side's previous message only, as live_loop.py sends it
    assert rebuild.messages_sent([turn("a", "old\ny"), turn("a", "y")], 1) == 2


def test_messages_taken_reads_the_homes_count(tmp_path):
    con = sqlite3.connect(tmp_path / "pockettune.db")
    con.execute("create table meta (key text primary key, value text not null)")
    con.execute("insert into meta values ('select.n_seen', '399')")
    con.commit()
    con.close()
    assert rebuild.messages_taken(tmp_path) == 399


def test_other_sizes_and_existing_progress_are_refused(tmp_path):
    a = rebuild.parser().parse_args(["--messages", "40", "--work", str(tmp_path)])
    row = {"sizes": dict(rebuild.sizes(a), messages=400)}
    with pytest.raises(SystemExit, match="sizes"):
        rebuild.rebuild("speaker01", tmp_path / "home", a, row)
    work = rebuild.speaker_dir(tmp_path, "speaker01", rebuild.sizes(a), rebuild.same_config(a))
    (work / "home").mkdir(parents=True)
    with pytest.raises(SystemExit, match="holds a home"):
        rebuild.rebuild("speaker01", tmp_path / "home", a, {"sizes": rebuild.sizes(a)})
