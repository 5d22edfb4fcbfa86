"""A report table as a reportlab table whose continued parts carry the profile's words over them
(«Кестенің жалғасы»), as the WeasyPrint PDF shows them over each page a table continues on."""
from __future__ import annotations

from reportlab.platypus import Paragraph, Table


class ContinuedTable(Table):
    """A table that, split across pages, puts ``continued`` (a paragraph) over each later part."""

    def __init__(self, *args, continued: Paragraph | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.continued = continued

    def split(self, available_width, available_height):
        parts = super().split(available_width, available_height)
        if len(parts) < 2 or self.continued is None:
            return parts
        for part in parts[1:]:
            part.continued = self.continued
        return [parts[0], Paragraph(self.continued.text, self.continued.style), *parts[1:]]
