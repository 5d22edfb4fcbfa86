"""The outlines of a chart's words, as drawn: each text of a matplotlib SVG (the PDF's chart; its
glyphs merged into one path per text by ``charts.svgtext``) and each String of a reportlab
drawing, as a convex polygon in the canvas' points; and whether two of them overlap (by the
separating axis theorem, so that turned labels side by side do not count as touching)."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from reportlab.graphics.shapes import Group, String
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth

from generator.charts.svgtext import SVG_NS, _NUMBER, _multiply, parse_transform, IDENTITY

Point = tuple[float, float]
TOLERANCE = 0.3            # points two words may touch by (antialiasing, a glyph's side bearing)


def hull(points: list[Point]) -> list[Point]:
    """The convex hull, counter-clockwise (Andrew's monotone chain)."""
    points = sorted(set(points))
    if len(points) < 3:
        return points

    def half(seq):
        out: list[Point] = []
        for p in seq:
            while len(out) >= 2 and ((out[-1][0] - out[-2][0]) * (p[1] - out[-2][1])
                                     - (out[-1][1] - out[-2][1]) * (p[0] - out[-2][0])) <= 0:
                out.pop()
            out.append(p)
        return out
    lower, upper = half(points), half(reversed(points))
    return lower[:-1] + upper[:-1]


def _apply(m, x: float, y: float) -> Point:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def svg_texts(svg: str) -> tuple[tuple[float, float], list[tuple[str, list[Point]]]]:
    """The canvas' size and each text group's (id, outline hull) of a chart's SVG."""
    root = ET.fromstring(svg)
    width, height = (float(v) for v in root.get("viewBox").split()[2:])
    found: list[tuple[str, list[Point]]] = []

    def points(node, matrix) -> list[Point]:
        matrix = _multiply(matrix, parse_transform(node.get("transform")))
        numbers = [float(v) for v in _NUMBER.findall(re.sub(r"[A-Za-z]", " ", node.get("d") or ""))]
        own = [_apply(matrix, x, y) for x, y in zip(numbers[::2], numbers[1::2])] if node.tag == f"{{{SVG_NS}}}path" else []
        return own + [p for child in node if child.tag != f"{{{SVG_NS}}}defs" for p in points(child, matrix)]

    def walk(node, matrix):
        if node.tag == f"{{{SVG_NS}}}g" and (node.get("id") or "").startswith("text_"):
            if outline := points(node, matrix):
                found.append((node.get("id"), hull(outline)))
            return
        matrix = _multiply(matrix, parse_transform(node.get("transform")))
        for child in node:
            if child.tag != f"{{{SVG_NS}}}defs":
                walk(child, matrix)
    walk(root, IDENTITY)
    return (width, height), found


def drawing_texts(drawing) -> list[tuple[str, list[Point]]]:
    """Each String of a reportlab drawing (text, outline hull), by its font's metrics, in the
    drawing's points."""
    found: list[tuple[str, list[Point]]] = []

    def walk(node, matrix):
        if isinstance(node, Group):
            matrix = _multiply(matrix, tuple(node.transform))
            for child in node.contents:
                walk(child, matrix)
        elif isinstance(node, String) and node.text:
            width = stringWidth(node.text, node.fontName, node.fontSize)
            ascent, descent = getAscentDescent(node.fontName, node.fontSize)
            left = node.x - {"start": 0, "middle": width / 2, "end": width}[node.textAnchor]
            corners = [(left, node.y + descent), (left + width, node.y + descent),
                       (left + width, node.y + ascent), (left, node.y + ascent)]
            found.append((node.text, hull([_apply(matrix, x, y) for x, y in corners])))
    for child in drawing.contents:
        walk(child, IDENTITY)
    return found


def overlap(a: list[Point], b: list[Point]) -> float:
    """How deep two convex polygons overlap, in points (0 when apart)."""
    depth = float("inf")
    for poly in (a, b):
        for i in range(len(poly)):
            (x0, y0), (x1, y1) = poly[i], poly[(i + 1) % len(poly)]
            nx, ny = y0 - y1, x1 - x0
            norm = (nx * nx + ny * ny) ** 0.5
            if norm == 0:
                continue
            pa = [(x * nx + y * ny) / norm for x, y in a]
            pb = [(x * nx + y * ny) / norm for x, y in b]
            depth = min(depth, min(max(pa), max(pb)) - max(min(pa), min(pb)))
            if depth <= 0:
                return 0.0
    return depth


def collisions(texts: list[tuple[str, list[Point]]], size: tuple[float, float]) -> list[str]:
    """Every pair of texts that overlap, and every text that leaves the canvas, in words."""
    out = [f"{a!r} over {b!r} by {d:.1f} pt" for i, (a, pa) in enumerate(texts) for b, pb in texts[i + 1:]
           if (d := overlap(pa, pb)) > TOLERANCE]
    out += [f"{name!r} leaves the canvas" for name, poly in texts
            if any(x < -TOLERANCE or y < -TOLERANCE or x > size[0] + TOLERANCE or y > size[1] + TOLERANCE
                   for x, y in poly)]
    return out
