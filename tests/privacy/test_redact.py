import json
import subprocess
import sys

import pytest

from pockettune import Personalizer, Turn
from pockettune.annotate import simulated_annotator
from pockettune.privacy import CATEGORIES, Redactor, redact_lines

from .shared import redactor as _redactor


@pytest.mark.parametrize(
    "text, expected",
    [
        ("mail jane.doe@example.com now", "mail [EMAIL] now"),
        ("card 4111 1111 1111 1111 ok", "card [CARD] ok"),
        ("card 4111 1111 1111 1112 fails Luhn", "card 4111 1111 1111 1112 fails Luhn"),
        ("IBAN GB82WEST12345698765432.", "IBAN [IBAN]."),
        ("host 10.1.2.3 up", "host [IP] up"),
        ("call +1 (415) 555-0198", "call [PHONE]"),
        ("Tel +49 (0)30 901820", "Tel [PHONE]"),
        ("office 212-555-0123 ext. 42", "office [PHONE]"),
        ("key AKIAIOSFODNN7EXAMPLE", "key [SECRET]"),
        ("My name is Ana Silva", "My name is [NAME]"),
        ("at 42 Oak Street today", "at [ADDRESS] today"),
        ("bob dot lee at gmail dot com", "[EMAIL]"),
        ("my password is Lakers2023", "my password is [SECRET]"),
        ("SSN 532-71-4409", "SSN [SSN]"),
        ("born on 4 July 1990", "born on [DOB]"),
        ("Samantha from HR called", "[NAME] from HR called"),
        ("on 2024-05-12 at 10:30, v1.2.3, 250 g", "on 2024-05-12 at 10:30, v1.2.3, 250 g"),
        ("see section 3.2.1.4", "see section 3.2.1.4"),
        ("order #100234987, SKU 8842-1190-337", "order #100234987, SKU 8842-1190-337"),
        ("sha e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", None),
        ("look at example.com in May", None),
    ],
)
def test_placeholders(text, expected):
    assert _redactor().redact(text) == (text if expected is None else expected)


def test_every_category_has_a_placeholder_and_a_recognizer():
    for cat in CATEGORIES:
        assert Redactor([cat]).analyzer.registry.recognizers, cat


def test_redact_lines_keeps_jsonl_fields():
    out = list(
        redact_lines(['{"text": "mail a@b.org", "id": 7}\n', "plain a@b.org\n"], _redactor())
    )
    assert json.loads(out[0]) == {"text": "mail [EMAIL]", "id": 7}
    assert out[1] == "plain [EMAIL]"


def test_redact_command_reads_stdin():
    r = subprocess.run(
        [sys.executable, "-m", "pockettune", "redact", "-"],
        input="call me on +44 20 7946 0958\n",
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout == "call me on [PHONE]\n"


def test_cli_start_does_not_import_presidio():
    code = "import sys, pockettune.cli; print(any(m.startswith('presidio') for m in sys.modules))"
    assert (
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
        == "False\n"
    )


def test_categories_can_be_switched_off():
    assert Redactor(["email"]).redact("me@x.org 10.1.2.3") == "[EMAIL] 10.1.2.3"


def test_nothing_unredacted_reaches_the_database(tmp_path):
    home = tmp_path / "h"
    with Personalizer.open(home, preset="tiny") as pt:
        pt.observe_one(
            Turn(
                "my email is secret.person@example.com, call 415-555-0132",
                reference="sure, I'll write to secret.person@example.com",
            )
        )
        pt.annotate(simulated_annotator, show_replies=False)
        (item,) = pt.buffer.items()
        assert "[EMAIL]" in item.question and "[PHONE]" in item.question
        pt.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = b"".join(p.read_bytes() for p in home.iterdir() if p.name.startswith("pockettune.db"))
    assert b"secret.person" not in raw and b"415-555-0132" not in raw


def test_redaction_can_be_turned_off(tmp_path):
    with Personalizer.open(tmp_path / "h", preset="tiny", overrides=["privacy.redact=false"]) as pt:
        pt.observe_one(Turn("write to me@example.com"))
        assert pt.buffer.items()[0].question == "write to me@example.com"
