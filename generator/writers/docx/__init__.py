"""DOCX writer: the document model as a Word file with named styles and real fields."""
from generator.writers.docx.writer import write_docx

__all__ = ["write_docx"]
