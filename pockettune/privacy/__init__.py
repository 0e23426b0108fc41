"""Privacy: PII redaction before storage, forgetting on request, retention limits."""

from .redact import RECOGNIZERS, Redactor, Span

__all__ = ["RECOGNIZERS", "Redactor", "Span"]
