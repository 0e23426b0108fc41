"""Stage 3: LoRA fine-tuning on annotated + synthesized pairs, on the device's CPU."""

from .adapters import AdapterStore
from .data import Example, load_examples, pack_examples
from .lora import TrainReport, train_round

__all__ = [
    "AdapterStore",
    "Example",
    "TrainReport",
    "load_examples",
    "pack_examples",
    "train_round",
]
