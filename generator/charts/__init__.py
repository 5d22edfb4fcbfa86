"""Charts: diagram specs drawn to SVG and PNG, and placeholder photos for missing files."""
from generator.charts.draw import bar_labels, build_figure, chart_style, draw_all, draw_chart
from generator.charts.placeholder import make_placeholder

__all__ = ["bar_labels", "build_figure", "chart_style", "draw_all", "draw_chart", "make_placeholder"]
