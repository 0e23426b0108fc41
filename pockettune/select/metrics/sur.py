"""SUR, surprise: the model's mean NLL per token of the user's message (models/surprise.py).

Not in the paper. EOE, DSS and IDD look at an embedding and a lexicon; none asks whether the
model already knows how such a message goes. A turn the model finds unlikely is new to it, so
it may teach an adapter more than one it could have written itself. The caller measures it
(a forward pass with the LM head) and hands it in with the embedding; the buffer stores it
with the item like EOE and DSS, since it does not depend on what else is kept.
"""

from __future__ import annotations

import numpy as np

from ...errors import PockettuneError
from ..candidate import Candidate


class Surprise:
    name = "sur"

    def score(self, cand: Candidate, same_domain: np.ndarray) -> float:
        if cand.surprise is None:
            raise PockettuneError(
                "select.metrics has 'sur' but this turn came without the model's surprise "
                "at it (models/surprise.py); the caller must measure it"
            )
        return float(cand.surprise)
