"""What ``--apply`` will do: the input files as they will be, the moves queued in their sequences,
and the changes that map to no field (a value of its own, so the steps of a plan import it, not
``review.apply``)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.doc.provenance import Field
from generator.review import Change


@dataclass(frozen=True)
class Move:
    """An entry inserted into (``item``) or deleted from (``item`` None) a sequence of a file's
    ``data``, at index ``at``; ``order``: its place among the moves queued for that sequence."""
    at: int
    order: int
    item: dict | None
    data: object = field(compare=False)

    @property
    def key(self) -> tuple[int, bool, int]:
        """Moves run from the end of a sequence back (indexes stay right): at one index, a deletion
        before insertions, insertions in their order."""
        return self.at, self.item is None, self.order


@dataclass
class Plan:
    """The input files as they will be, and the changes that map to no field, with why."""
    files: dict[Path, tuple[str, object]] = field(default_factory=dict)   # path → (text before, data)
    shown: dict[Path, str] = field(default_factory=dict)
    unmapped: list[tuple[Change, str]] = field(default_factory=list)
    moves: dict[tuple, list[Move]] = field(default_factory=dict)   # (id of the file's data, path) → its moves
    numbers: dict[Field, list[tuple]] = field(default_factory=dict)   # field → (change, value, holder, key)
    removed: set = field(default_factory=set)     # the pieces the reviewers deleted
