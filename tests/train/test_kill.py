"""A training process killed with SIGKILL: the active adapter stays intact, --resume finishes."""

import json
import os
import signal
import subprocess
import sys
import time

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
