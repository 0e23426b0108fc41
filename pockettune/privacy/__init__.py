"""Privacy: PII redaction before storage, forgetting on request, retention limits."""

from .offline import skip_hf_ner

skip_hf_ner()  # before anything imports presidio_analyzer (see offline.py)

from .redact import CATEGORIES, Redactor, Span, redact_lines  # noqa: E402

__all__ = ["CATEGORIES", "Redactor", "Span", "redact_lines"]
