"""The command line: fast help, one-line errors, the main commands on the tiny model."""

import json
import subprocess
import sys

from pockettune.cli import main
from tests.conftest import write_qa


def run(*args, home):
    return subprocess.run(
        [sys.executable, "-m", "pockettune", *args, "--home", str(home)],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_help_does_not_import_torch():
    code = "import sys; from pockettune.cli import build_parser; build_parser(); print('torch' in sys.modules, 'numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
    assert out.strip() == "False False"


def test_ingest_buffer_status_on_the_tiny_model(tmp_path):
    f = tmp_path / "c.jsonl"
    write_qa(f, ((f"q{i} school college", "a") for i in range(12)))
    r = run("ingest", str(f), "-q", "--preset", "tiny", home=tmp_path / "h")
    assert r.returncode == 0, r.stderr
    assert "12 turns offered" in r.stdout and "buffer: 8/8" in r.stdout
    r = run("buffer", home=tmp_path / "h")
    assert (
        r.returncode == 0
        and r.stdout.count("learning") >= 8
        and "8/8 kept by policy random" in r.stdout
    )
    r = run("buffer", "--json", home=tmp_path / "h")
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    assert len(rows) == 8 and {"eoe", "dss", "idd", "domain", "annotated"} <= set(rows[0])
    r = run("status", home=tmp_path / "h")
    assert "buffer    8/8 turns" in r.stdout and "seen 12" in r.stdout and "MB" in r.stdout


def test_errors_are_one_line_with_exit_2(tmp_path, capsys):
    bad = tmp_path / "b.csv"
    bad.write_text("foo,bar\n1,2\n")
    assert main(["ingest", str(bad), "--home", str(tmp_path / "h"), "--preset", "tiny", "-q"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "unknown columns" in err and err.count("\n") == 1
    assert main(["status", "--home", str(tmp_path / "h"), "select.capacity=-1"]) == 2
    assert "positive integer" in capsys.readouterr().err


def test_config_command_documents_fields(capsys):
    assert main(["config", "select.capacity=32"]) == 0
    out = capsys.readouterr().out
    assert "capacity: 32" in out and "Buffer size in dialogue turns" in out


def test_annotate_train_chat_adapters_on_the_tiny_model(tmp_path):
    f = tmp_path / "c.jsonl"
    write_qa(f, ((f"q{i} about cooking dinner", f"pasta {i}") for i in range(10)))
    h = tmp_path / "h"
    assert run("ingest", str(f), "-q", "--preset", "tiny", "train.epochs=1", home=h).returncode == 0
    r = run("annotate", "--simulate", "--no-reply", home=h)
    assert r.returncode == 0 and "saved 8, skipped 0" in r.stdout
    r = run("train", "-q", home=h)
    assert r.returncode == 0 and "adapter v1" in r.stdout, r.stderr
    r = subprocess.run(
        [sys.executable, "-m", "pockettune", "chat", "--home", str(h)],
        input="hello there\n/quit\n",
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0 and "adapter v1" in r.stdout and "bot>" in r.stdout
    assert "seen 11" in run("status", home=h).stdout  # the chat turn was observed
    r = run("adapters", "rollback", home=h)
    assert "rolled back to the base model" in r.stdout
    r = run("adapters", "activate", "7", home=h)
    assert r.returncode == 2 and "no adapter v7" in r.stderr


def test_every_commands_help_loads_no_torch():
    code = (
        "import sys\n"
        "from pockettune.cli import COMMANDS, build_parser, main\n"
        "build_parser()\n"
        "for name in ['', *COMMANDS]:\n"
        "    try:\n"
        "        main([name, '--help'] if name else ['--help'])\n"
        "    except SystemExit:\n"
        "        pass\n"
        "heavy = [m for m in ('torch', 'transformers', 'peft', 'numpy') if m in sys.modules]\n"
        "print('HEAVY', heavy, len(COMMANDS) >= 17)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
    assert out.splitlines()[-1] == "HEAVY [] True"
