"""Stage 2b: the LLM multiplies each annotation with semantically similar (question, response) pairs."""

from .filter import keep_pair
from .parse import parse_pair
from .prompt import PROMPT_VERSION, synth_prompt
from .synthesizer import SynthReport, synthesize

__all__ = ["PROMPT_VERSION", "SynthReport", "keep_pair", "parse_pair", "synth_prompt", "synthesize"]
