"""pockettune fleet on the tiny model and two real chitchat users: serial and Ray agree, each
user's home holds only that user's turns, reruns skip finished cells, the report is written;
the speakers ranked 10-12 are never selected."""

import json

import pytest

from pockettune.cli import main
from pockettune.errors import PockettuneError
from pockettune.scale import fleet as fleet_mod
from pockettune.scale import run_fleet
from pockettune.scale import runtime as rt
from pockettune.scale.fleet import (
    RESERVED_RANKS,
    Fleet,
    FleetConfig,
    eligible_users,
    handoff_points,
    load_fleet,
    user_split,
)
from pockettune.scale.fleet_report import pairs_of, wilson

OVERRIDES = [
    "fleet.users=2",
    "fleet.stream=24",
    "fleet.test=4",
    "fleet.max_new_tokens=4",
    "fleet.handoffs=2",
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
    assert [(r["variant"]) for r in rows] == ["base", "default", "own-replies"] * 2
    users = {r["user"] for r in rows}
    assert len(users) == 2
    for user in users:
        cells = {r["variant"]: r for r in rows if r["user"] == user}
        for r in (cells["default"], cells["own-replies"]):
            assert r["home_speakers"] == [user]  # no other user's data in this home
        assert cells["default"]["annotations"] == 6  # two hand-offs of a 3-slot buffer
        assert cells["own-replies"]["annotations"] == 24  # every streamed turn's reply
        assert cells["own-replies"]["synthesized"] == 0
        assert cells["own-replies"]["train_steps"] == cells["default"]["train_steps"]
    assert {(c["a"], c["b"]) for c in res["aggregate"]} == {
        ("default", "base"),
        ("own-replies", "default"),
        ("own-replies", "base"),
    }
    assert set(res["per_user"]["default vs base"]) == users
    assert "| own-replies vs default | 2 |" in text and "Pending: 2 of 2" not in text
    assert (out / "fleet.png").stat().st_size > 0 and "whole cell" in (
        out / "ESTIMATE.md"
    ).read_text()
    run = json.loads((out / "run.json").read_text())
    assert run["command"] == "test" and run["machine"]["cpu_flags"] and run["fleet"]["users"] == 2
    assert run["config"]["fleet"]["stream"] == 24 and res["run"]["config"]["fleet"]["users"] == 2


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
        rt.Fault(f"{users[0]}/default", "kill", str(kill)),
        rt.Fault(f"{users[1]}/own-replies", "raise", str(boom)),
    )
    rows, failed = Fleet(cfg, fleet, tmp_path / "out", progress=False).run_ray(faults=faults)
    assert kill.exists() and boom.read_text().count("attempt") == rt.CELL_ATTEMPTS
    assert [f.cell for f in failed] == [f"{users[1]}/own-replies"]
    assert "fault point" in failed[0].error
    assert len(rows) == 5 and (users[0], "own-replies") in {(r["user"], r["variant"]) for r in rows}


RANKED = [(f"speaker{i:02d}" + "x" * 24, 5000 - 100 * i) for i in range(1, 26)]
"""25 fake speakers with 2,600-4,900 replies, ranked 1..25 by position."""


@pytest.fixture
def fake_speakers(monkeypatch):
    import pockettune.ingest as ingest

    def speakers(min_replies=1000):
        return [(s, n) for s, n in RANKED if n >= min_replies]

    monkeypatch.setattr(ingest, "chitchat_speakers", speakers)
    return {RANKED[r - 1][0] for r in RESERVED_RANKS}


@pytest.mark.parametrize("users", [1, 12, 22, 25, 1000])
def test_reserved_ranks_are_never_selected(fake_speakers, users, tmp_path):
    assert RESERVED_RANKS == (10, 11, 12)
    fleet = FleetConfig(users=users)
    picked = eligible_users(fleet)
    assert not set(picked) & fake_speakers
    assert picked == [s for s, _ in RANKED if s not in fake_speakers][:users]
    cfg, fleet = load_fleet("tiny", [f"fleet.users={users}", "fleet.min_replies=0"])
    assert not {u for u, _ in Fleet(cfg, fleet, tmp_path).cells()} & fake_speakers


def test_a_reserved_speaker_cannot_be_run_even_by_name(fake_speakers):
    for speaker in fake_speakers:
        with pytest.raises(PockettuneError, match="reserved"):
            user_split(speaker, FleetConfig())
        with pytest.raises(PockettuneError, match="reserved"):
            fleet_mod.run_user_cell(None, FleetConfig(), speaker, "base")  # type: ignore[arg-type]


def test_real_corpus_22_users_none_reserved():
    from pockettune.ingest import chitchat_speakers

    ranked = [s for s, _ in chitchat_speakers(0)]
    picked = eligible_users(FleetConfig())
    assert len(picked) == 22 and not set(picked) & set(ranked[9:12])
    assert picked == [s for s in ranked[:25] if s not in ranked[9:12]]


def test_handoffs_split_the_stream_evenly_and_end_at_its_end():
    assert handoff_points(800, 2) == [400, 800]
    assert handoff_points(24, 1) == [24]
    assert handoff_points(5, 3) == [2, 3, 5]


def test_own_replies_must_follow_default():
    with pytest.raises(PockettuneError, match="own-replies needs default"):
        FleetConfig(variants=["base", "own-replies"])
    with pytest.raises(PockettuneError, match="own-replies needs default"):
        FleetConfig(variants=["own-replies", "default"])
    assert pairs_of(["base", "default", "own-replies"]) == [
        ("default", "base"),
        ("own-replies", "default"),
        ("own-replies", "base"),
    ]


def test_wilson_interval():
    low, high = wilson(20, 22)
    assert 0.72 < low < 0.73 and 0.97 < high < 0.98  # 20/22: [0.722, 0.975]
    assert wilson(0, 5)[0] == 0.0 and wilson(5, 5)[1] == 1.0


def test_the_preset_is_the_issue_protocol():
    cfg, fleet = load_fleet("fleet-22")
    assert (fleet.users, fleet.stream, fleet.handoffs, fleet.test) == (22, 800, 2, 100)
    assert cfg.select.capacity == 32 and fleet.variants == ["base", "default", "own-replies"]


def test_across_users_needs_three_users_for_an_interval():
    from pockettune.scale.fleet_report import compare

    cell = lambda nll, r1: {"nll": nll, "rouge1": r1}  # noqa: E731
    users = {
        f"u{i}": {"base": cell(5.0, 0.1), "default": cell(4.0 + i / 10, 0.1 + i / 100)}
        for i in range(2)
    }
    two = compare(users, "default", "base")
    assert two["nll"]["verdict"].startswith("too few users") and two["nll"]["improved"] == 2
    users["u2"] = {"base": cell(5.0, 0.1), "default": cell(5.5, 0.05)}
    three = compare(users, "default", "base")
    assert three["nll"]["improved"] == 2 and three["rouge1"]["improved"] == 1
    assert three["nll"]["low"] <= three["nll"]["diff"] <= three["nll"]["high"]
