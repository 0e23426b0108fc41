"""The LLM being personalized and the embeddings selection takes from it.

Nothing here imports torch or transformers at module load; they are imported by the
functions that need them, so ``pockettune --help`` stays instant.
"""

from .base import LoadedModel
from .embedder import Embedder, embedder_for, make_embedder
from .loader import default_gguf, load_model

__all__ = ["Embedder", "LoadedModel", "embedder_for", "default_gguf", "load_model", "make_embedder"]
