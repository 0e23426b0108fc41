"""The bench's synthesis cache file, shared by the serial run and the Ray driver."""

import json

from pockettune.eval.cache import append_synth, read_synth_file


def test_synth_cache_survives_a_torn_last_line(tmp_path):
    path = tmp_path / "synth-k2.jsonl"
    assert read_synth_file(path) == {}
    append_synth(path, {"0:1": ["a", "b"], "3:1": ["c", "d"]})
    # a crash mid-append leaves half a line with no newline
    path.write_text(path.read_text() + json.dumps({"key": "5:1", "texts": ["e"]})[:9])
    cache = read_synth_file(path)
    assert cache == {"0:1": ["a", "b"], "3:1": ["c", "d"]}
    append_synth(path, {"5:1": ["e", "f"]})
    assert read_synth_file(path) == {**cache, "5:1": ["e", "f"]}
    assert path.read_text().endswith("\n")
