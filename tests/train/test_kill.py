"""A training process killed with SIGKILL: the active adapter stays intact, --resume finishes."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from pockettune import Personalizer, Turn
from pockettune.annotate import simulated_annotator
from pockettune.train.adapters import verify_folder


def test_sigkill_during_training_loses_nothing(tmp_path):
    home = tmp_path / "h"
    overrides = [
        "train.epochs=40",
        "train.pack_tokens=128",
        "train.rows_per_step=1",
        "train.max_example_tokens=96",
        "train.checkpoint_every=3",
    ]
    with Personalizer.open(home, preset="tiny", overrides=overrides) as pt:
        for i in range(8):
            pt.observe_one(Turn(f"favourite food {i}?", reference=f"noodles with chili oil {i}"))
        pt.annotate(simulated_annotator, show_replies=False)
        pt.train(progress=False, max_steps=2)  # v1: the adapter that must survive
        fingerprint = pt.lm.fingerprint
    proc = subprocess.Popen(
        [sys.executable, "-m", "pockettune", "train", "-q", "--home", str(home)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.time() + 120
    while time.time() < deadline and not list((home / "runs").glob("*/ckpt-*")):
        time.sleep(0.05)
    time.sleep(0.3)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    with Personalizer.open(home) as pt:
        assert pt.adapters.active() == 1
        verify_folder(pt.adapters.path(1), fingerprint)  # intact
        assert pt.store.integrity_ok()
        rep = pt.train(resume=True, progress=False)
        assert rep.resumed_at >= 3 and rep.version == 2 and pt.adapters.active() == 2
        manifest = json.loads((pt.adapters.path(2) / "manifest.json").read_text())
        assert manifest["steps"] == rep.total_steps


@pytest.mark.slow
def test_training_killed_at_random_points_resumes_to_the_same_adapter(tmp_path):
    """SIGKILL `pockettune train --resume` at random moments until it finishes; the result
    equals an uninterrupted round (checkpoints restore weights, optimizer and RNG)."""
    import random

    overrides = [
        "train.epochs=30",
        "train.pack_tokens=128",
        "train.rows_per_step=1",
        "train.max_example_tokens=96",
        "train.checkpoint_every=4",
    ]
    homes = []
    for name in ("whole", "killed"):
        home = tmp_path / name
        with Personalizer.open(home, preset="tiny", overrides=overrides) as pt:
            for i in range(8):
                pt.observe_one(
                    Turn(f"favourite food {i}?", reference=f"noodles with chili oil {i}")
                )
            pt.annotate(simulated_annotator, show_replies=False)
        homes.append(home)
    with Personalizer.open(homes[0]) as pt:
        expected = pt.train(progress=False).final_loss

    rng = random.Random(0)
    kills, first = 0, True
    for _ in range(40):
        cmd = [sys.executable, "-m", "pockettune", "train", "-q", "--home", str(homes[1])]
        proc = subprocess.Popen(
            cmd if first else [*cmd, "--resume"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        first = False
        try:
            proc.wait(timeout=rng.uniform(3.0, 6.0))
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            kills += 1
            with Personalizer.open(homes[1]) as pt:
                assert pt.store.integrity_ok()
                active = pt.adapters.active()
                if active is not None:  # killed after the round had finished and saved
                    verify_folder(pt.adapters.path(active), pt.lm.fingerprint)
                    break
            continue
        if b"nothing to resume" in proc.stderr.read():  # killed before the run was set up
            first = True
            continue
        break
    assert proc.returncode in (0, -signal.SIGKILL)
    assert kills >= 3
    with Personalizer.open(homes[1]) as pt:
        (row,) = pt.adapters.list()
        assert row["active"] and row["final_loss"] == pytest.approx(expected, rel=1e-5)
