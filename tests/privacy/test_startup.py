"""Engine start-up (issue #41): the collector paused during the build, and frozen after it
only in a process that held little before."""

import gc
import subprocess
import sys

import pytest

from pockettune.privacy import engine


@pytest.fixture
def gc_state():
    was, frozen = gc.isenabled(), gc.get_freeze_count()
    yield
    if gc.get_freeze_count() > frozen:
        gc.unfreeze()
    gc.enable() if was else gc.disable()


def test_collector_is_paused_during_the_build_and_back_after(gc_state, monkeypatch):
    monkeypatch.setattr(engine, "FREEZE_BELOW", 0)  # never freeze here
    gc.enable()
    frozen = gc.get_freeze_count()
    seen = []
    with engine._gc_paused():
        seen.append(gc.isenabled())
    assert seen == [False] and gc.isenabled()
    assert gc.get_freeze_count() == frozen


def test_collector_left_off_when_it_was_off(gc_state):
    gc.disable()
    with engine._gc_paused():
        pass
    assert not gc.isenabled()


def test_collector_back_on_after_a_failed_build(gc_state, monkeypatch):
    monkeypatch.setattr(engine, "FREEZE_BELOW", 10**9)
    gc.enable()
    frozen = gc.get_freeze_count()
    with pytest.raises(KeyError), engine._gc_paused():
        raise KeyError("build failed")
    assert gc.isenabled() and gc.get_freeze_count() == frozen


def test_small_process_freezes_after_the_build(gc_state, monkeypatch):
    monkeypatch.setattr(engine, "FREEZE_BELOW", 10**9)
    gc.enable()
    with engine._gc_paused():
        kept = [[i] for i in range(1000)]
    assert gc.isenabled() and gc.get_freeze_count() >= len(kept)


def test_fresh_process_builds_frozen_and_redacts():
    code = (
        "import gc; from pockettune.privacy import Redactor; r = Redactor(); "
        "print(r.redact('mail jane.doe@example.com')); "
        "print(gc.isenabled(), gc.get_freeze_count() > 100000)"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.split() == ["mail", "[EMAIL]", "True", "True"]
