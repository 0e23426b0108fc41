"""Nothing leaves the device: the whole pipeline runs with sockets blocked in the process."""

import subprocess
import sys
import textwrap

import pytest

from tests.conftest import write_qa

BLOCK = textwrap.dedent("""
    import socket
    def _blocked(*a, **k):
        raise OSError("network blocked by the test: pockettune tried to connect")
    socket.socket.connect = _blocked
    socket.socket.connect_ex = _blocked
    socket.create_connection = _blocked
    socket.getaddrinfo = _blocked
""")


def run_blocked(code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", BLOCK + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_socket_block_is_effective():
    r = run_blocked("import urllib.request; urllib.request.urlopen('http://127.0.0.1:9')")
    assert r.returncode != 0 and "network blocked" in r.stderr


def test_full_pipeline_on_the_tiny_model_with_no_network(tmp_path):
    data = tmp_path / "c.jsonl"
    write_qa(data, ((f"q{i} about dinner", f"soup {i}") for i in range(12)))
    r = run_blocked(f"""
        from pockettune import Personalizer
        from pockettune.annotate import simulated_annotator
        with Personalizer.open({str(tmp_path / "h")!r}, preset="tiny", overrides=["synth.k=1", "train.epochs=1"]) as pt:
            pt.ingest({str(data)!r}, progress=False)
            pt.annotate(simulated_annotator)
            pt.synthesize(progress=False)
            assert pt.train(progress=False).version == 1
            print("replies", len(pt.reply_many([("q1 about dinner", "")], 4)))
            print("forgot", pt.forget(everything=True).annotations)
    """)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "replies 1" in r.stdout and "forgot 8" in r.stdout
    assert "Traceback" not in r.stderr and "suffix" not in r.stderr.lower()


def test_redaction_reaches_for_no_network():
    # Presidio's e-mail check uses tldextract, which fetches the Public Suffix List unless told not to
    r = run_blocked("""
        from pockettune.privacy import Redactor
        print(Redactor().redact("a.b@example.co.uk, see https://example.com, Samantha"))
    """)
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout == "[EMAIL], see https://example.com, [NAME]\n"
    assert r.stderr == ""


@pytest.mark.slow
def test_real_model_loads_and_embeds_with_no_network(tmp_path):
    r = run_blocked(f"""
        from pockettune import Personalizer, Turn
        with Personalizer.open({str(tmp_path / "h")!r}) as pt:
            pt.observe_one(Turn("hello, how do I fix my bike chain?"))
            print(pt.lm.name, len(pt.buffer))
    """)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "SmolLM2-135M-Instruct 1" in r.stdout
