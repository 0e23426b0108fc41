"""The test-only fault hook: a no-op unless POCKETTUNE_FAULT names a point; then SIGKILL at
exactly the N-th hit."""

import os
import signal
import subprocess
import sys

import pytest

from pockettune import faults

CHILD = """
from pockettune import faults
for i in range(1, 6):
    faults.point("ingest.after_commit")
    faults.point("ingest.before_commit")
    print(i, flush=True)
"""


def run(spec):
    env = {**os.environ, "POCKETTUNE_FAULT": spec}
    return subprocess.run(
        [sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, timeout=120
    )


def test_unarmed_point_is_a_noop():
    if "POCKETTUNE_FAULT" in os.environ:
        pytest.skip("the hook is armed in this process")
    faults.point("ingest.after_commit")  # returns; the process lives


def test_armed_point_kills_at_the_nth_hit_of_that_point_only():
    p = run("ingest.before_commit:3")
    assert p.returncode == -signal.SIGKILL and p.stdout.split() == ["1", "2"]
    assert run("ingest.before_commit:6").returncode == 0  # never reached


def test_a_bad_spec_is_refused():
    for spec in ("nowhere:1", "ingest.after_commit", "ingest.after_commit:0"):
        p = run(spec)
        assert p.returncode == 1 and "POCKETTUNE_FAULT" in p.stderr
