"""The fixed, versioned synthesis prompt. Change the text only together with the version.

A 135M model follows a format far better from examples than from instructions, so the prompt
is mostly two worked examples (one assistant-like, one chatty) as earlier chat turns.
"""

from __future__ import annotations

from functools import cache
from typing import Any

PROMPT_VERSION = "v3"
"""v3: asks to reuse the original's key words, with worked examples that do (kept rate 48% ->
54% on a chitchat user, 58% -> 71% on ALPACA in a first look; benchmarks/results/synthesis.md
measures it). v2: v1's text with generation constrained so the question is followed by
``Answer:`` (see :func:`answer_constraint`)."""
PREFILL = "Question:"
"""Generation continues after this; the parser puts it back in front."""

_FORMAT = "Reply exactly as:\nQuestion: ...\nAnswer: ..."
PROMPTS: dict[str, tuple[str, list[tuple[str, str, str, str]]]] = {
    "v2": (
        "You write new example conversations. Given a question and its answer, write one "
        "different question on the same topic and its answer, in the same style and length. "
        + _FORMAT,
        [
            (
                "How do I keep basil alive indoors?",
                "Give it a sunny window and water it when the soil feels dry.",
                "How often should I water a potted basil plant?",
                "Water it when the top of the soil is dry, usually every few days.",
            ),
            (
                "any plans for the weekend?",
                "probably just hiking with my dog lol",
                "what are you up to on saturday?",
                "gonna take my dog on a long hike i think",
            ),
        ],
    ),
    # Most rejected pairs were off topic (ROUGE-1 below the band): the model wandered away.
    # Asking for the original's key words, and showing it, keeps the new pair on its topic.
    "v3": (
        "You write new example conversations. Given a question and its answer, write one new "
        "question about the same thing, reusing its key words, and its answer, in the same "
        "style and length. " + _FORMAT,
        [
            (
                "How do I keep basil alive indoors?",
                "Give it a sunny window and water it when the soil feels dry.",
                "How do I keep basil growing well indoors?",
                "Keep it in a sunny window and water it when the soil is dry.",
            ),
            (
                "any plans for the weekend?",
                "probably just hiking with my dog lol",
                "what are your plans for the weekend?",
                "just going hiking with my dog probably lol",
            ),
        ],
    ),
}
"""Per version: the system text and two worked examples (original question, answer, new
question, answer), one assistant-like and one chatty. A 135M model follows a format far
better from examples than from instructions."""


def _pair(q: str, a: str) -> str:
    return f"Question: {q}\nAnswer: {a}"


def synth_prompt(
    tokenizer: Any,
    question: str,
    response: str,
    max_tokens: int = 768,
    version: str = PROMPT_VERSION,
) -> list[int]:
    system, shots = PROMPTS[version]
    msgs = [{"role": "system", "content": system}]
    for q, a, q2, a2 in shots:
        msgs += [
            {"role": "user", "content": _pair(q, a)},
            {"role": "assistant", "content": _pair(q2, a2)},
        ]
    msgs.append({"role": "user", "content": _pair(question[:1500], response[:1500])})
    ids = tokenizer.apply_chat_template(msgs, add_generation_prompt=True, tokenize=True)
    if isinstance(ids, dict) or hasattr(ids, "input_ids"):
        ids = ids["input_ids"]
    # Start the reply with the format's first word: a small model then keeps to the format.
    prefill = tokenizer(PREFILL, add_special_tokens=False)["input_ids"]
    return (list(ids) + prefill)[-max_tokens:]


def answer_constraint(tokenizer: Any, one_line: bool = False) -> Any:
    """Force ``Answer:`` after the question's first newline, and in place of an EOS that ends
    the question: a small model otherwise often stops after the question or never gives an
    answer (v1's 'unparsable'). ``one_line``: the answer's first line ends the generation; measured
    and not used: it kept fewer pairs at the same band for ~4% less time (chitchat 54% vs
    57%, ALPACA 76% vs 79%; benchmarks/results/synthesis-one-line.md)."""
    from ..models.decode import Then

    answer = tuple(tokenizer("Answer:", add_special_tokens=False)["input_ids"])
    newline = tuple(tokenizer("\n", add_special_tokens=False)["input_ids"])
    return Then(_newline_ids(tokenizer), answer, newline + answer, end_line=one_line)


@cache
def _newline_ids(tokenizer: Any) -> frozenset[int]:
    """Every token whose text holds a newline (BPE vocabularies have many: '\\n', '.\\n', ...)."""
    return frozenset(i for i in range(len(tokenizer)) if "\n" in tokenizer.decode([i]))
