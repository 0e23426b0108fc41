"""The user-profiling layer: who the user is, learned online from what they say and do."""

from .feedback import FEEDBACK_KINDS, Feedback, feedback_score
from .profile import Profile, load_profile, save_profile
from .style import style_of

__all__ = [
    "FEEDBACK_KINDS",
    "Feedback",
    "Profile",
    "feedback_score",
    "load_profile",
    "save_profile",
    "style_of",
]
