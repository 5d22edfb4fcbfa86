"""The charts' look, shared by the drawn charts (matplotlib) and the DOCX's native Word charts.

This module loads no matplotlib, so the DOCX writer can read the same colours and sizes.
"""
from __future__ import annotations

# Muted colours, in series order: slate blue, ochre, sage, dusty rose, grey violet, stone.
PALETTE = ("#4F6D8F", "#C49A4E", "#7C9C7E", "#B07A78", "#8A80A3", "#9A9488")
TEXT_COLOUR = "#333333"
GRID_COLOUR = "#DDDDDD"
SPINE_COLOUR = "#888888"
TICK_PT = 9
LABEL_PT = 8


def colour(index: int) -> str:
    """The palette's colour for the ``index``-th series (or slice), repeating after the last."""
    return PALETTE[index % len(PALETTE)]
