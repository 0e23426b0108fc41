"""A training process SIGKILLed at chosen points: the active adapter stays intact, --resume
finishes, and the result equals an uninterrupted round.

The child is the real CLI (`pockettune train`); it kills itself at the N-th hit of a fault
point (`POCKETTUNE_FAULT=train.after_checkpoint:N`, see `pockettune/faults.py`), so where it
dies is set by progress, not by a sleep, and the test means the same on a loaded machine.
`POCKETTUNE_STRESS=1 pytest -s tests/train/test_kill.py` raises the kills (README, Development).
"""

import csv
import json
import os
import random
import signal
import subprocess
import sys

import pytest

from pockettune import Personalizer, Turn
from pockettune.annotate import simulated_annotator
from pockettune.train.adapters import verify_folder
from pockettune.train.checkpoint import latest_checkpoint

STRESS = os.environ.get("POCKETTUNE_STRESS") == "1"
KILLS = 100 if STRESS else 8
POINTS = (
    "train.step",
    "train.mid_checkpoint",
    "train.after_checkpoint",
    "train.mid_adapter_save",
    "train.mid_rename",
)
END = ("train.mid_adapter_save", "train.mid_rename")
OVERRIDES = [
    "train.pack_tokens=128",
    "train.rows_per_step=1",
    "train.max_example_tokens=96",
]


def prepared(home, *overrides):
    """A home with 8 annotated turns and an active adapter v1 that every kill must spare."""
    with Personalizer.open(home, preset="tiny", overrides=OVERRIDES + list(overrides)) as pt:
        for i in range(8):
            pt.observe_one(Turn(f"favourite food {i}?", reference=f"noodles with chili oil {i}"))
        pt.annotate(simulated_annotator, show_replies=False)
        pt.train(progress=False, max_steps=2)
        return pt.lm.fingerprint


def train_cli(home, fault=None, resume=True):
    cmd = [sys.executable, "-m", "pockettune", "train", "-q", "--home", str(home)]
    env = dict(os.environ)
    env.pop("POCKETTUNE_FAULT", None)
    if fault:
        env["POCKETTUNE_FAULT"] = fault
    proc = subprocess.run(
        [*cmd, "--resume"] if resume else cmd, env=env, capture_output=True, timeout=900
    )  # the timeout is a hang guard only
    want = -signal.SIGKILL if fault else 0
    assert proc.returncode == want, (fault, proc.stderr.decode()[-2000:])


def assert_v1_intact(home, fingerprint):
    with Personalizer.open(home) as pt:
        assert pt.store.integrity_ok()
        assert pt.adapters.active() == 1 and [r["version"] for r in pt.adapters.list()] == [1]
        verify_folder(pt.adapters.path(1), fingerprint)


def test_sigkill_during_training_loses_nothing(tmp_path):
    home = tmp_path / "h"
    fingerprint = prepared(home, "train.epochs=40", "train.checkpoint_every=3")
    train_cli(home, fault="train.after_checkpoint:1", resume=False)  # dies at step 3
    assert_v1_intact(home, fingerprint)
    with Personalizer.open(home) as pt:
        rep = pt.train(resume=True, progress=False)
        assert rep.resumed_at == 3 and rep.version == 2 and pt.adapters.active() == 2
        manifest = json.loads((pt.adapters.path(2) / "manifest.json").read_text())
        assert manifest["steps"] == rep.total_steps


def curve(folder):
    with (folder / "loss.csv").open() as f:
        return [(int(r["step"]), float(r["loss"])) for r in csv.DictReader(f)]


@pytest.mark.slow
def test_training_killed_at_every_point_resumes_to_the_same_adapter(tmp_path):
    """SIGKILL `pockettune train --resume` again and again, at every fault point, then let it
    finish; the result equals an uninterrupted round (checkpoints restore weights, optimizer
    and RNG) and adapter v1 stays active and intact throughout."""
    every = 4
    over = ["train.epochs=30", f"train.checkpoint_every={every}"]
    whole, home = tmp_path / "whole", tmp_path / "killed"
    prepared(whole, *over)
    fingerprint = prepared(home, *over)
    with Personalizer.open(whole) as pt:
        rep = pt.train(progress=False)
        expected, total = curve(pt.adapters.path(rep.version)), rep.total_steps
    assert total >= 10 * every

    rng = random.Random(0)
    plan = list(POINTS) + [rng.choice(POINTS) for _ in range(KILLS - len(POINTS))]
    rng.shuffle(plan)
    plan.sort(key=lambda p: p in END)  # a kill at the save has run every step: those last
    kills = dict.fromkeys(POINTS, 0)
    resumed = []
    for i, point in enumerate(plan):
        runs = [r for r in (home / "runs").glob("*") if not (r / "done").exists()]
        run = runs[0] if i else None  # the unfinished round (v1's is done)
        ckpt = latest_checkpoint(run) if run else None
        at = int(ckpt.name.split("-")[1]) if ckpt else 0  # where this run resumes
        ckpts = len([s for s in range(at + 1, total) if s % every == 0])  # it will write
        if point == "train.step":
            n = rng.randint(1, min(total - at, 2 * every))
        elif point in ("train.mid_checkpoint", "train.after_checkpoint"):
            if not ckpts:  # the run is past its last checkpoint: die between steps instead
                point, n = "train.step", rng.randint(1, total - at)
            else:
                n = rng.randint(1, min(ckpts, 2))
        else:
            n = 1
        train_cli(home, fault=f"{point}:{n}", resume=i > 0)
        kills[point] += 1
        resumed.append(at)
        assert_v1_intact(home, fingerprint)
    train_cli(home)  # finish
    with Personalizer.open(home) as pt:
        rows = pt.adapters.list()
        assert [r["version"] for r in rows][0] == 1 and rows[-1]["active"] and len(rows) == 2
        new = pt.adapters.path(rows[-1]["version"])
        verify_folder(new, fingerprint)
        got = curve(new)
    leftovers = sorted(
        str(p.relative_to(home))
        for p in [*(home / "adapters").glob(".v*"), *(home / "runs").glob("*/.ckpt-*")]
    )
    unrecorded = [
        p
        for p in (home / "adapters").glob("v[0-9]*")
        if p.name not in {f"v{r['version']:04d}" for r in rows}
    ]
    print(
        f"train: {sum(kills.values())} kills of a {total}-step round, per point {kills}; "
        f"resumed at steps {resumed}; temporary folders left by kills: {len(leftovers)}"
    )
    assert all(kills.values())
    # a kill's leftovers are swept by the next writer; only the last writer's own can remain
    assert not unrecorded and len(leftovers) <= 1, leftovers
    assert [s for s, _ in got] == [s for s, _ in expected] == list(range(1, total + 1))
    assert [v for _, v in got] == pytest.approx([v for _, v in expected], rel=1e-5)
