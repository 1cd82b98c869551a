"""Handing a thread worker's result to the UI loop, only while its widget can take it.

A worker can finish after its screen was dismissed, or while the app shuts down (the user
quits, a test ends). Its callback would then query widgets that are gone and raise
NoMatches inside the worker, which fails the app on its way out. `App.call_from_thread`
itself raises RuntimeError once the app's loop is gone. Both mean the same thing here:
nobody is left to show the result to, so it is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.dom import DOMNode


def _still_there(node: DOMNode) -> bool:
    if isinstance(node, App):
        return node.is_running
    return node.is_attached and node.app.is_running


def deliver(node: DOMNode, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
    """From a worker thread: run `callback(*args, **kwargs)` on the UI loop, unless `node`
    (the widget, screen or app the callback touches) has left by then."""
    app = node if isinstance(node, App) else node.app
    if not _still_there(node):
        return

    def guarded() -> None:
        # Checked again on the loop: the node may have gone while this call was queued.
        if _still_there(node):
            callback(*args, **kwargs)

    try:
        app.call_from_thread(guarded)
    except RuntimeError:
        if app.is_running:
            raise  # a real error from the callback, not a closed app
