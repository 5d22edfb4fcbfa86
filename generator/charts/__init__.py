"""Charts: diagram specs drawn to SVG and PNG, and placeholder photos for missing files.

The names below are loaded when first used, so that importing ``generator.charts.jobs`` or
``generator.charts.workers`` (the pipeline's main process) does not load matplotlib.
"""
from importlib import import_module

_WHERE = {"bar_labels": "geometry", "build_figure": "draw", "chart_style": "style", "draw_all": "jobs",
          "draw_chart": "draw", "make_placeholder": "placeholder"}

__all__ = list(_WHERE)


def __getattr__(name: str):
    if name in _WHERE:
        return getattr(import_module(f"generator.charts.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'generator.charts' has no attribute {name!r}")
