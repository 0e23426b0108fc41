"""Reading users' conversations into :class:`~pockettune.turn.Turn` streams."""

from .chitchat import chitchat_speakers, read_chitchat
from .readers import FORMATS, ReadReport, read_turns

__all__ = ["FORMATS", "ReadReport", "chitchat_speakers", "read_chitchat", "read_turns"]
