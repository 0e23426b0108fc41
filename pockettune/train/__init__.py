"""Stage 3: LoRA fine-tuning on annotated + synthesized pairs, on the device's CPU."""

from .adapters import AdapterStore
from .data import Example, load_examples, pack_examples
from .lora import LoRARecipe, TrainRound, round_options, train_round
from .report import TrainReport

__all__ = [
    "AdapterStore",
    "Example",
    "LoRARecipe",
    "TrainReport",
    "TrainRound",
    "load_examples",
    "pack_examples",
    "round_options",
    "train_round",
]
