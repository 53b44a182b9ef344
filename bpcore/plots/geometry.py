"""The geometry of a diagram's edges and labels, in its data units: an edge from rim to rim, the boxes of
its texts as matplotlib measures them, and the parts of a segment clear of those boxes (the stepper's
arrows never cross a label).
"""

from __future__ import annotations

import math

from matplotlib.transforms import Bbox

from .style import NODE_RADIUS


def rim(a, b, r=NODE_RADIUS):
    """The segment from the rim of the circle at a to the rim of the one at b."""
    (xa, ya), (xb, yb) = a, b
    dx, dy = xb - xa, yb - ya
    k = r / (dx * dx + dy * dy) ** 0.5
    return (xa + k * dx, ya + k * dy), (xb - k * dx, yb - k * dy)


def label_boxes(ax, pad_points=2.0) -> list[Bbox]:
    """Every text's box on the Axes (its frame included), `pad_points` wider all round, in data units, as
    matplotlib measures it."""
    renderer = ax.figure.canvas.get_renderer()
    pad = pad_points * ax.figure.dpi / 72
    boxes = []
    for text in ax.texts:
        if not text.get_visible() or not text.get_text():
            continue
        box = text.get_window_extent(renderer)
        if text.get_bbox_patch() is not None:
            text.update_bbox_position_size(renderer)
            box = Bbox.union([box, text.get_bbox_patch().get_window_extent(renderer)])
        boxes.append(box.padded(pad).transformed(ax.transData.inverted()))
    return boxes


def inside(start, end, box) -> tuple[float, float] | None:
    """The part of the segment start → end (as fractions 0...1 of it) that lies in `box`, or None."""
    t0, t1 = 0.0, 1.0
    for p, d, low, high in ((start[0], end[0] - start[0], box.x0, box.x1),
                            (start[1], end[1] - start[1], box.y0, box.y1)):
        if d == 0:
            if not low <= p <= high:
                return None
            continue
        a, b = sorted(((low - p) / d, (high - p) / d))
        t0, t1 = max(t0, a), min(t1, b)
        if t0 >= t1:
            return None
    return t0, t1


def clear_parts(start, end, boxes, shortest=0.08) -> list[tuple[tuple, tuple]]:
    """The segment start → end less every part under a label's box: the free pieces, in order from start,
    each at least `shortest` data units long (twice that between two labels)."""
    cuts = sorted(c for c in (inside(start, end, b) for b in boxes) if c)
    free, t = [], 0.0
    for a, b in cuts + [(1.0, 1.0)]:
        if a > t:
            free.append((t, a))
        t = max(t, b)
    length = math.dist(start, end)

    def at(u):
        return start[0] + u * (end[0] - start[0]), start[1] + u * (end[1] - start[1])

    kept = [(a, b) for k, (a, b) in enumerate(free)  # a piece between two labels: only if it shows
            if (b - a) * length >= (shortest if k in (0, len(free) - 1) else 2 * shortest)]
    return [(at(a), at(b)) for a, b in kept]


def units_per_point(ax) -> float:
    """Data units per typographic point, once the Axes has its final box (aspect equal)."""
    ax.apply_aspect()
    width_points = ax.get_position().width * ax.figure.get_figwidth() * 72
    x0, x1 = ax.get_xlim()
    return (x1 - x0) / width_points
