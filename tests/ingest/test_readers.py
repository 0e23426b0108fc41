"""Every supported format, and the bad inputs users really have."""

import json

import pytest

from pockettune.errors import InputError
from pockettune.ingest import ReadReport, read_turns


def read(path, **kw):
    rep = ReadReport()
    return [t for _, t in read_turns(path, report=rep, **kw)], rep


def test_chat_jsonl_with_roles(tmp_path):
    p = tmp_path / "chat.jsonl"
    conv = {
        "messages": [
            {"role": "system", "content": "be nice"},
            {"role": "user", "content": "hi there"},
            {"role": "assistant", "content": "hello!"},
            {"role": "user", "content": "how do I bake bread?"},
            {"role": "assistant", "content": "flour, water, salt, yeast"},
        ]
    }
    p.write_text(json.dumps(conv) + "\n")
    turns, rep = read(p)
    assert [t.question for t in turns] == ["hi there", "how do I bake bread?"]
    assert turns[1].reference == "flour, water, salt, yeast"
    assert "hello!" in turns[1].context and rep.read == 2


def test_alpaca_json_dolly_jsonl_and_csv(tmp_path):
    a = tmp_path / "alpaca.json"
    a.write_text(
        json.dumps(
            [
                {"instruction": "Add", "input": "2 and 3", "output": "5"},
                {"instruction": "Say hi", "input": "", "output": "hi"},
            ]
        )
    )
    turns, _ = read(a)
    assert turns[0].question == "Add\n\n2 and 3" and turns[0].reference == "5"
    assert turns[1].question == "Say hi"

    d = tmp_path / "dolly.jsonl"
    d.write_text(
        json.dumps(
            {
                "instruction": "Who?",
                "context": "Ada wrote it.",
                "response": "Ada",
                "category": "closed_qa",
            }
        )
        + "\n"
    )
    turns, _ = read(d)
    assert turns[0].question == "Who?\n\nAda wrote it." and turns[0].meta["category"] == "closed_qa"

    c = tmp_path / "qa.csv"
    c.write_text('Question,Response\n"Why, though?",Because\n')
    turns, _ = read(c)
    assert (turns[0].question, turns[0].reference) == ("Why, though?", "Because")


def test_malformed_lines_and_empty_messages_are_skipped_and_counted(tmp_path):
    p = tmp_path / "x.jsonl"
    p.write_text(
        '{"question": "ok one"}\n{not json\n{"question": "   "}\n[1,2]\n{"question": "ok two"}\n'
    )
    turns, rep = read(p)
    assert [t.question for t in turns] == ["ok one", "ok two"]
    assert rep.skipped == {"malformed JSON line": 1, "no question field": 2}
    assert "x.jsonl:2" in rep.first_problem


def test_huge_message_is_cut_and_counted(tmp_path):
    p = tmp_path / "big.jsonl"
    p.write_text(json.dumps({"question": "a" * 5_000_000, "response": "ok"}) + "\n")
    turns, rep = read(p, max_chars=1000)
    assert len(turns[0].question) == 1000 and rep.truncated == 1


@pytest.mark.parametrize(
    "content, why",
    [
        (b"\x00\x01\x02binary\x00", "looks binary"),
        (b'{"question": "caf\xe9"}\n', "not UTF-8"),
        (b'[{"question": "a"', "not valid JSON"),
    ],
)
def test_unreadable_files_raise_one_clear_error(tmp_path, content, why):
    p = tmp_path / "bad.json"
    p.write_bytes(content)
    with pytest.raises(InputError, match=why) as e:
        read(p)
    assert "bad.json" in str(e.value) and "\n" not in str(e.value)


def test_non_utf8_error_names_the_line(tmp_path):
    p = tmp_path / "bad.jsonl"
    p.write_bytes(b'{"question": "fine"}\n{"question": "caf\xe9"}\n')
    with pytest.raises(InputError, match=r"bad.jsonl:2: not UTF-8"):
        read(p)


def test_unknown_columns_and_fields_are_named(tmp_path):
    c = tmp_path / "x.csv"
    c.write_text("foo,bar\n1,2\n")
    with pytest.raises(InputError, match=r"unknown columns \['foo', 'bar'\]"):
        read(c)
    j = tmp_path / "x.jsonl"
    j.write_text('{"foo": 1, "bar": 2}\n')
    with pytest.raises(InputError, match="fields seen: \\['bar', 'foo'\\]"):
        read(j)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read(tmp_path / "nope.jsonl")
    with pytest.raises(InputError, match="directory"):
        read(tmp_path)


def test_deeply_nested_json_line_is_skipped(tmp_path):
    p = tmp_path / "deep.jsonl"
    p.write_text("[" * 100_000 + "]" * 100_000 + '\n{"question": "fine"}\n')
    turns, rep = read(p)
    assert [t.question for t in turns] == ["fine"] and sum(rep.skipped.values()) == 1
