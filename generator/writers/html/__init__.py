"""Document model → HTML, the PDF writer's input."""
from generator.writers.html.writer import render_html

__all__ = ["render_html"]
