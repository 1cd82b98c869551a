"""inbox-tui: one terminal inbox for a professional's clients (email and SMS)."""

__version__ = "0.1.0"
