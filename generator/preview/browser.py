"""Telling the user where the preview is, and opening it in their browser when there is a screen."""
from __future__ import annotations

import os
import sys
from typing import Callable


def show(url: str, open_browser: bool, say: Callable[[str], None]) -> None:
    """Print the address; open it in the default browser if asked and a screen is there (on a
    server without one, a text-mode browser would take the terminal over)."""
    say(f"Preview at {url} (it follows each saved change; Ctrl-C stops it)")
    if open_browser and has_screen():
        import webbrowser
        webbrowser.open(url)


def has_screen() -> bool:
    """A desktop session: always on Windows and macOS; on Linux, a display named."""
    return sys.platform in ("win32", "darwin") or bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
