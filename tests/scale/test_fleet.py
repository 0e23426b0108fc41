"""pockettune fleet on the tiny model and two real chitchat users: serial and Ray agree, each
user's home holds only that user's turns, reruns skip finished cells, the report is written."""

import json

import pytest

from pockettune.cli import main
from pockettune.scale import run_fleet
from pockettune.scale import runtime as rt
from pockettune.scale.fleet import Fleet, load_fleet

OVERRIDES = [
    "fleet.users=2",
    "fleet.stream=24",
    "fleet.test=4",
    "fleet.max_new_tokens=4",
    "select.capacity=3",
    "synth.k=1",
    "train.epochs=1",
    "model.threads=1",
]
SAME = [
    "user",
    "variant",
    "stream",
    "test",
    "annotations",
    "synthesized",
    "train_steps",
    "final_loss",
    "rouge1",
    "nll",
    "per_item_rouge1",
    "per_item_nll",
    "home_speakers",
]


def _strip(rows):
    return [{c: r.get(c) for c in SAME} for r in rows]


@pytest.fixture(scope="module")
def serial(tmp_path_factory):
    out = tmp_path_factory.mktemp("fleet") / "serial"
    cfg, fleet = load_fleet("tiny", OVERRIDES)
    text, failed = run_fleet(cfg, fleet, out, None, "test", progress=False)
    return out, text, failed


def test_serial_fleet_report_and_homes(serial):
    out, text, failed = serial
    assert not failed
    res = json.loads((out / "results.json").read_text())
    rows = res["rows"]
    assert [(r["variant"]) for r in rows] == ["base", "sdss", "random"] * 2
    users = {r["user"] for r in rows}
    assert len(users) == 2
    for r in rows:
        if r["variant"] != "base":
            assert r["home_speakers"] == [r["user"]]  # no other user's data in this home
            assert r["annotations"] == 3
    assert {(c["a"], c["b"]) for c in res["aggregate"]} == {
        ("sdss", "base"),
        ("random", "base"),
        ("sdss", "random"),
    }
    assert "| sdss vs random | 2 |" in text and "Full-run estimate" in text
    run = json.loads((out / "run.json").read_text())
    assert run["command"] == "test" and run["machine"]["cores"] and run["fleet"]["users"] == 2


def test_ray_fleet_matches_serial(ray_runtime, serial, tmp_path):
    cfg, fleet = load_fleet("tiny", OVERRIDES)
    _, failed = run_fleet(cfg, fleet, tmp_path, "local", "test", progress=False)
    assert not failed
    ray_rows = json.loads((tmp_path / "results.json").read_text())["rows"]
    assert _strip(ray_rows) == _strip(json.loads((serial[0] / "results.json").read_text())["rows"])
    cells = {p: p.stat().st_mtime_ns for p in (tmp_path / "cells").glob("*.json")}
    rows, failed = Fleet(cfg, fleet, tmp_path, progress=False).run_ray()  # resume: no work
    assert not failed and len(rows) == 6
    assert {p: p.stat().st_mtime_ns for p in cells} == cells


def test_without_ray_the_command_runs_serially_and_says_how(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(rt, "ray_available", lambda: False)
    code = main(
        [
            "fleet",
            "--preset",
            "tiny",
            "--ray",
            "--out",
            str(tmp_path),
            "-q",
            *OVERRIDES,
            "fleet.users=1",
        ]
    )
    printed = capsys.readouterr().out
    assert code == 0 and rt.HINT in printed and "serial, one process" in printed


def test_ray_fleet_survives_a_killed_worker_and_reports_a_failing_user(
    ray_runtime, serial, tmp_path
):
    cfg, fleet = load_fleet("tiny", OVERRIDES)
    users = sorted(
        {r["user"] for r in json.loads((serial[0] / "results.json").read_text())["rows"]}
    )
    kill, boom = tmp_path / "killed", tmp_path / "raised"
    faults = (
        rt.Fault(f"{users[0]}/sdss", "kill", str(kill)),
        rt.Fault(f"{users[1]}/random", "raise", str(boom)),
    )
    rows, failed = Fleet(cfg, fleet, tmp_path / "out", progress=False).run_ray(faults=faults)
    assert kill.exists() and boom.read_text().count("attempt") == rt.CELL_ATTEMPTS
    assert [f.cell for f in failed] == [f"{users[1]}/random"] and "fault point" in failed[0].error
    assert len(rows) == 5 and (users[0], "sdss") in {(r["user"], r["variant"]) for r in rows}
