"""Stage 2a: ask the user for a preferred response, for buffered turns only."""

from .queue import annotation_queue
from .session import Annotation, AnnotationSession, simulated_annotator

__all__ = ["Annotation", "AnnotationSession", "annotation_queue", "simulated_annotator"]
