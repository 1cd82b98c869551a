"""The delivery-state glyphs as the user reads them: one legend for the help screen, the
details screen and the reading pane, so the three never disagree."""

from __future__ import annotations

from rich.text import Text

from inbox_tui.core.models import DeliveryState

ACCENT_VARIABLE = "timeline-read-receipt"

# In lifecycle order; RECEIVED has no glyph (incoming rows show unread instead).
STATES: tuple[DeliveryState, ...] = (
    DeliveryState.QUEUED,
    DeliveryState.HELD,
    DeliveryState.SENDING,
    DeliveryState.SENT,
    DeliveryState.DELIVERED,
    DeliveryState.READ,
    DeliveryState.FAILED,
)


def accent_of(app) -> str | None:
    """The theme's read-receipt colour, for `Text` outside the timeline's component classes."""
    return app.theme_variables.get(ACCENT_VARIABLE)


def state_style(state: DeliveryState, accent: str | None, plain: str = "") -> str:
    """✓✓ delivered and ✓✓ read share a glyph: only the accent colour tells them apart."""
    if state is DeliveryState.READ:
        return f"bold {accent}" if accent else "bold"
    if state is DeliveryState.FAILED:
        return "bold red"
    return plain


def state_text(state: DeliveryState, accent: str | None = None, plain: str = "") -> Text:
    """`✓✓ read`: the glyph and the state's name, styled as in the timeline; the states
    that need no attention get `plain`."""
    glyph = state.glyph.strip()
    label = f"{glyph} {state.value}" if glyph else state.value
    return Text(label, style=state_style(state, accent, plain))


def legend_text(accent: str | None = None) -> Text:
    """The one-line legend: `◷ queued · ⏸ held · … · ✗ failed`."""
    out = Text()
    for i, state in enumerate(STATES):
        if i:
            out.append(" · ", style="dim")
        out.append_text(state_text(state, accent))
    out.append(" · ", style="dim")
    out.append("● unread", style="bold")
    return out
