import pytest

from pockettune import Personalizer, Turn
from pockettune.annotate import simulated_annotator
from pockettune.privacy import Redactor


@pytest.mark.parametrize(
    "text, expected",
    [
        ("mail jane.doe@example.com now", "mail [EMAIL] now"),
        ("card 4111 1111 1111 1111 ok", "card [CARD] ok"),
        ("card 4111 1111 1111 1112 fails Luhn", "card 4111 1111 1111 1112 fails Luhn"),
        ("IBAN GB82WEST12345698765432.", "IBAN [IBAN]."),
        ("host 10.1.2.3 up", "host [IP] up"),
        ("call +1 (555) 123-4567", "call [PHONE]"),
        ("key AKIAIOSFODNN7EXAMPLE", "key [SECRET]"),
        ("My name is Ana Silva", "My name is [NAME]"),
        ("at 42 Oak Street today", "at [ADDRESS] today"),
        ("on 2024-05-12 at 10:30, v1.2.3, 250 g", "on 2024-05-12 at 10:30, v1.2.3, 250 g"),
    ],
)
def test_placeholders(text, expected):
    assert Redactor().redact(text) == expected


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
