"""A table's grid, for every writer: where each cell sits once spans are counted, and how wide
each column is by its longest cell."""
from __future__ import annotations

from generator.doc.model import Cell, plain_text

COLUMN_CHARS = (4, 40)      # table columns are as wide as their longest cell, within these bounds
COLUMN_PADDING_CHARS = 3    # … plus the cell's side margins, about this many characters


def place_cells(rows: list[list[Cell]], n_cols: int) -> list[tuple[int, int, int, int, Cell]]:
    """Each cell's (row, column, rowspan, colspan, cell) on the grid, skipping spanned slots."""
    taken: set[tuple[int, int]] = set()
    placed = []
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            if c >= n_cols:
                break
            rowspan = max(1, min(cell.rowspan, len(rows) - r))
            colspan = max(1, min(cell.colspan, n_cols - c))
            taken.update((r + i, c + j) for i in range(rowspan) for j in range(colspan))
            placed.append((r, c, rowspan, colspan, cell))
            c += colspan
    return placed


def column_weights(placed, n_cols: int) -> list[int]:
    """Each column's share of the width: its longest unspanned cell's characters, within bounds."""
    low, high = COLUMN_CHARS
    weights = [low] * n_cols
    for _, c, _, colspan, cell in placed:
        if colspan == 1:
            chars = len(plain_text(cell.inlines)) + COLUMN_PADDING_CHARS
            weights[c] = max(weights[c], min(chars, high))
    return weights
