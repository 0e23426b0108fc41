"""Privacy: PII redaction before storage, forgetting on request, retention limits."""

from .redact import CATEGORIES, Redactor, Span, redact_lines

__all__ = ["CATEGORIES", "Redactor", "Span", "redact_lines"]
